"""Generate the extracellular and long-axon goldens (tests/golden/sim/extra_*.json, axon_*.json).

Run with a Python that has NEURON (``/tmp/nrnlib-neuron/bin/python tools/gen_extra_golden.py``).
Each scenario of tests/sim/extra_scenarios.py runs in its own process (NEURON's state is
global); the JSON records the NEURON version, the scenario and its arguments.
"""
from __future__ import annotations

import os
import sys

CASES = {
    'extra_passive': ('extra_passive', {}),
    'extra_passive_cn': ('extra_passive', {'secondorder': 2}),
    'extra_hh_axon': ('extra_hh_axon', {}),
    'extra_branched': ('extra_branched', {}),
    'axon_spikes': ('axon_spikes', {}),
}


if __name__ == '__main__':
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from scenario_golden import generate
    generate('extra_scenarios', CASES, 'tools/gen_extra_golden.py', sys.argv[1:])
