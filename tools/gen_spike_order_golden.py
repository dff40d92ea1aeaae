"""Generate the simultaneous-spike goldens (tests/golden/sim/spike_order_*.json) with NEURON:
each case of tests/sim/spike_order_scenarios.py in a fresh NEURON process.

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_spike_order_golden.py [case ...]
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scenario_golden import SCENARIOS, generate  # noqa: E402

if __name__ == '__main__':
    sys.path.insert(0, SCENARIOS)
    import spike_order_scenarios
    generate('spike_order_scenarios', spike_order_scenarios.CASES,
             'tools/gen_spike_order_golden.py', sys.argv[1:])
