"""Generate the event/synapse goldens (tests/golden/sim/events_*.json) with NEURON.

Run with a Python that has NEURON: ``/tmp/nrnlib-neuron/bin/python tools/gen_events_golden.py
[case ...]``.  Each scenario of tests/sim/events_scenarios.py runs in its own process (NEURON
numbers NetStim random streams per process); results are written as JSON with their
provenance.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scenario_golden import SCENARIOS, generate  # noqa: E402

if __name__ == '__main__':
    sys.path.insert(0, SCENARIOS)
    import events_scenarios
    generate('events_scenarios', events_scenarios.CASES, 'tools/gen_events_golden.py',
             sys.argv[1:])
