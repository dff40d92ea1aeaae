#!/usr/bin/env python3
"""Regenerate tests/golden/sim/parallel.json with NEURON (tests/sim/parallel_case.py).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_parallel_golden.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import parallel_case as case  # noqa: E402

golden = {'ring_python': case.ring_python(h), 'collectives': case.collectives(h),
          'bulletin': case.bulletin(h), 'ring_hoc': case.ring_hoc(h), 'netpar_hoc': case.netpar_hoc(h)}
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'parallel.json'), 'w') as f:
    json.dump(golden, f, indent=0)
