#!/usr/bin/env python3
"""Regenerate tests/golden/sim/linmech.json with NEURON (tests/sim/linmech_case.py).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_linmech_golden.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import linmech_case  # noqa: E402

golden = {'clamp': linmech_case.clamp(h)}
for sec in list(h.allsec()):
    h.delete_section(sec=sec)
golden['gap'] = linmech_case.gap(h)
for sec in list(h.allsec()):
    h.delete_section(sec=sec)
golden['callable_b'] = linmech_case.callable_b(h)
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'linmech.json'), 'w') as f:
    json.dump(golden, f)
