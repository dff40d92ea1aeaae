"""Generate the freed-NetCon-target goldens (tests/golden/sim/target_gone_*.json) with NEURON:
each case of tests/sim/target_gone_scenarios.py in a fresh NEURON process.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_target_gone_golden.py [case ...]
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scenario_golden import SCENARIOS, generate  # noqa: E402

if __name__ == '__main__':
    sys.path.insert(0, SCENARIOS)
    import target_gone_scenarios
    generate('target_gone_scenarios', target_gone_scenarios.CASES,
             'tools/gen_target_gone_golden.py', sys.argv[1:])
