"""Generate the simultaneous-spike goldens (tests/golden/sim/spike_order_*.json) with NEURON:
each case of tests/sim/spike_order_scenarios.py in a fresh NEURON process.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_spike_order_golden.py [case ...]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenario_golden import main  # noqa: E402

if __name__ == '__main__':
    main('spike_order_scenarios')
