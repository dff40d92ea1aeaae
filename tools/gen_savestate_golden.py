#!/usr/bin/env python3
"""Regenerate tests/golden/sim/savestate.json with NEURON (tests/sim/savestate_case.py).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_savestate_golden.py
"""
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import savestate_case  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    golden = savestate_case.run(h, os.path.join(tmp, 'state.dat'))
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'savestate.json'), 'w') as f:
    json.dump(golden, f, indent=0)
