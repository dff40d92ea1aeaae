"""Generate the freed-NetCon-target goldens (tests/golden/sim/target_gone_*.json) with NEURON:
each case of tests/sim/target_gone_scenarios.py in a fresh NEURON process.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_target_gone_golden.py [case ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenario_golden import main  # noqa: E402

if __name__ == '__main__':
    main('target_gone_scenarios')
