#!/usr/bin/env python3
"""Regenerate tests/golden/sim/impedance.json with NEURON (tests/sim/impedance_case.py).

Usage: /tmp/nrnlib-neuron/bin/python tools/gen_impedance_golden.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import impedance_case  # noqa: E402

golden = {'passive': impedance_case.passive(h)}
for sec in list(h.allsec()):
    h.delete_section(sec=sec)
golden['active'] = impedance_case.active(h)
for sec in list(h.allsec()):
    h.delete_section(sec=sec)
golden['single'] = impedance_case.single(h)
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'impedance.json'), 'w') as f:
    json.dump(golden, f, indent=0)
