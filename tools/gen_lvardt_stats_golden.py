"""Generate tests/golden/sim/lvardt_statistics.json with NEURON: what cvode.statistics()
prints after tests/sim/lvardt_scenarios.py's ``statistics`` scenario (each cell's integrator
under local steps; ``text``) and its ``statistics_at_choice`` (right after use_local_dt(1);
``text_at_choice``), each from a NEURON subprocess's stdout, addresses blanked.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_lvardt_stats_golden.py
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIM = os.path.join(ROOT, 'tests', 'sim')
CODE = ('import sys; sys.path.insert(0, %r); from neuron import h; '
        'import lvardt_scenarios as S; S.%s(h)')


def blank(text: str) -> str:
    """The printed statistics from the first integrator on, addresses as 0x."""
    text = re.sub(r'Warning: no DISPLAY environment variable\.\n?|'
                  r'--No graphics will be displayed\.\n?', '', text)     # (no X here)
    text = re.sub(r'0x[0-9a-fA-F]+', '0x', text)
    return text[text.index('\nCvode instance'):]


def main() -> None:
    def text(scenario: str) -> str:
        return blank(subprocess.run([sys.executable, '-c', CODE % (SIM, scenario)],
                                    capture_output=True, text=True, check=True).stdout)
    from neuron import h
    doc = {'provenance': {'generator': 'tools/gen_lvardt_stats_golden.py',
                          'neuron': h.nrnversion()},
           'text': text('statistics'), 'text_at_choice': text('statistics_at_choice')}
    path = os.path.join(ROOT, 'tests', 'golden', 'sim', 'lvardt_statistics.json')
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')
    print('wrote', path)


if __name__ == '__main__':
    main()
