"""Generate the event/synapse goldens (tests/golden/sim/events_*.json) with NEURON.

Run with a Python that has NEURON: ``/tmp/nrnlib-neuron/bin/python tools/gen_events_golden.py
[case ...]``.  Each scenario of tests/sim/events_scenarios.py runs in its own process (NEURON
numbers NetStim random streams per process); results are written as JSON with their
provenance.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenario_golden import main  # noqa: E402

if __name__ == '__main__':
    main('events_scenarios')
