"""Generate the local step goldens (tests/golden/sim/lvardt_*.json) with NEURON: the
scenarios of tests/sim/lvardt_scenarios.py, each in a fresh NEURON, with NEURON's spread under atol x 0.9 ..
1.1 (tools/gen_cvode_golden.py's ``spread``) as the tolerance tests/sim/test_lvardt.py holds
pyhoc to.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_lvardt_golden.py [case ...]
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                'tests', 'sim'))

from gen_ida_golden import generate  # noqa: E402


def _spikes(data, pert) -> dict:
    """Per cell and spike, the largest move of NEURON's spike time (None where a perturbed run
    has another number of spikes), and the perturbed runs' record counts."""
    return {'spike_spread': [[max(abs(p['spikes'][c][i] - t) for p in pert)
                              if all(len(p['spikes'][c]) == len(sp) for p in pert)
                              else None for i, t in enumerate(sp)]
                             for c, sp in enumerate(data['spikes'])],
            'nvrec_perturbed': [p['nvrec'][0] for p in pert if 'nvrec' in p]}


def main() -> None:
    generate('lvardt_scenarios', 'tools/gen_lvardt_golden.py',
             skip=('method', 'spikes', 'nvrec'), extra=_spikes)


if __name__ == '__main__':
    main()
