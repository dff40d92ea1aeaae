#!/usr/bin/env python3
"""Regenerate tests/golden/sim/fast_imem.json with NEURON (fixed step and CVode).

Usage: /work/nrnenv/bin/python tools/gen_fast_imem_golden.py
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'sim'))

from neuron import h  # noqa: E402

import fast_imem_case  # noqa: E402

golden = {'fixed': fast_imem_case.run(h), 'cvode': fast_imem_case.run(h, cvode=True)}
with open(os.path.join(ROOT, 'tests', 'golden', 'sim', 'fast_imem.json'), 'w') as f:
    json.dump(golden, f)
