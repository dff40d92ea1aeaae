"""Write tests/hoc/golden/random/*.json from NEURON (the oracle for the Random class).

Run with NEURON's Python:   /work/nrnenv/bin/python tools/gen_random_golden.py

Every golden file is a list of operations, replayed in order by tests/hoc/test_random.py
against pyhoc after resetting the process-wide generator state.  Each group runs in a fresh
NEURON process, because NEURON keeps some generator state in C statics (MCellRan4 instance
counter, Random123 global index, mcell_ran4 low index).

Operations (the recorded result is the last element):
    ["new", [ctor args], null]              r = Random(*args)
    ["m", name, [args], result]             result = r.name(*args)
    ["rep", n, [results]]                   n values of r.repick()
    ["f", name, [args], result]             builtin function; an arg {"ref": x} is &x and
                                            its result is [return value, x afterwards]
    ["play", [values]]                      r.play(&x), then x after finitialize and after
                                            each of len(values)-1 fadvance calls
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'tests', 'hoc', 'golden', 'random')

N = 60  # values per distribution

DISTRIBUTIONS = [
    ('uniform', [0, 1]), ('uniform', [-3, 7.5]), ('uniform', [5, 2]),
    ('discunif', [0, 9]), ('discunif', [-5, 5]), ('discunif', [3.7, -2.2]),
    ('normal', [0, 1]), ('normal', [5, 2.5]),
    ('lognormal', [1, 0.5]), ('lognormal', [3, 4]),
    ('negexp', [1]), ('negexp', [2.5]),
    ('poisson', [0.5]), ('poisson', [4]), ('poisson', [20]),
    ('binomial', [10, 0.3]), ('binomial', [1, 0.5]), ('binomial', [25.7, 0.9]),
    ('geometric', [0.3]), ('geometric', [0.9]),
    ('hypergeo', [2, 10]), ('hypergeo', [1, 3]),
    ('erlang', [2, 1]), ('erlang', [5, 10]), ('erlang', [1, 3]),
    ('weibull', [2, 1.5]), ('weibull', [0.5, 3]),
]

# (label, constructor args, generator-selecting call or None)
GENERATORS = [
    ('default', [], None),
    ('seed42', [42], None),
    ('seed7_size98', [7, 98], None),
    ('ran123_1_2_3', [], ('Random123', [1, 2, 3])),
    ('mcell12345', [], ('MCellRan4', [12345])),
    ('mcell5_ilow77', [], ('MCellRan4', [5, 77])),
]


def group_distributions():
    ops = []
    for label, ctor, sel in GENERATORS:
        for name, args in DISTRIBUTIONS:
            ops.append(['new', ctor, None])
            if sel:
                ops.append(['m', sel[0], sel[1], None])
            ops.append(['m', name, args, None])
            ops.append(['rep', N - 1, None])
    return ops


def group_random123():
    ops = [
        ['new', [], None], ['rep', 20, None], ['m', 'seq', [], None],
        ['new', [0], None], ['m', 'uniform', [0, 1], None], ['rep', 30, None],
        ['new', [1], None], ['m', 'uniform', [0, 1], None], ['rep', 30, None],
        ['new', [-1], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['new', [4294967295], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['new', [4294967296 + 3], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['new', [1.9, 7.9], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['new', [123456789, 13], None], ['m', 'uniform', [0, 1], None], ['rep', 30, None],
        ['m', 'Random123', [4294967295, 4294967295, 4294967295], None],
        ['m', 'uniform', [0, 1], None], ['rep', 30, None],
        ['m', 'Random123', [5], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['m', 'Random123', [5, 6], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['m', 'Random123', [], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['m', 'Random123', [3.9, 2.1, 1.5], None], ['m', 'uniform', [0, 1], None],
        ['rep', 10, None],
        # sequence control
        ['m', 'Random123', [1, 2, 3], None],
        ['m', 'seq', [], None], ['m', 'uniform', [0, 1], None], ['m', 'seq', [], None],
        ['rep', 6, None], ['m', 'seq', [], None],
        ['m', 'seq', [5], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        ['m', 'seq', [], None],
        ['m', 'seq', [5.5], None], ['m', 'uniform', [0, 1], None], ['m', 'seq', [], None],
        ['m', 'seq', [1000003], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        ['m', 'seq', [17179869183], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        ['m', 'seq', [], None],
        ['m', 'seq', [0], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        # counter wrap from sequence 2^32-1
        ['m', 'seq', [17179869180], None], ['m', 'uniform', [0, 1], None], ['rep', 8, None],
        ['m', 'seq', [], None],
        # global index: existing stream keeps its current block
        ['m', 'Random123_globalindex', [], None],
        ['new', [11], None], ['m', 'uniform', [0, 1], None],
        ['m', 'Random123_globalindex', [7], None],
        ['rep', 8, None],
        ['new', [11], None], ['m', 'uniform', [0, 1], None], ['rep', 8, None],
        ['m', 'Random123_globalindex', [4294967295], None],
        ['m', 'seq', [0], None], ['m', 'uniform', [0, 1], None], ['rep', 8, None],
        ['m', 'Random123_globalindex', [2.7], None],
        ['m', 'seq', [0], None], ['m', 'uniform', [0, 1], None], ['rep', 8, None],
        ['m', 'Random123_globalindex', [0], None],
        ['new', [11], None], ['m', 'uniform', [0, 1], None], ['rep', 4, None],
        # nrnran123-style draws through the libg++ objects
        ['m', 'Random123', [1, 0, 1], None], ['m', 'negexp', [1], None], ['rep', 10, None],
    ]
    return ops


def group_mcellran4():
    ops = [
        ['new', [], None],
        ['m', 'MCellRan4', [], None], ['m', 'seq', [], None],
        ['m', 'uniform', [0, 1], None], ['rep', 10, None], ['m', 'seq', [], None],
        ['m', 'MCellRan4', [], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        ['m', 'MCellRan4', [0, 9], None], ['m', 'uniform', [0, 1], None], ['rep', 5, None],
        ['new', [], None], ['m', 'MCellRan4', [], None], ['m', 'uniform', [0, 1], None],
        ['m', 'MCellRan4', [1], None], ['m', 'seq', [], None], ['m', 'uniform', [0, 1], None],
        ['rep', 20, None], ['m', 'seq', [], None],
        ['m', 'MCellRan4', [4294967295], None], ['m', 'uniform', [0, 1], None],
        ['rep', 5, None], ['m', 'seq', [], None],
        ['m', 'MCellRan4', [7.9, 3.2], None], ['m', 'uniform', [0, 1], None], ['rep', 10, None],
        ['m', 'seq', [100], None], ['m', 'uniform', [0, 1], None], ['rep', 3, None],
        ['m', 'seq', [], None],
        ['m', 'seq', [-1], None], ['m', 'uniform', [0, 1], None], ['rep', 3, None],
        ['m', 'seq', [], None],
        ['m', 'seq', [8589934595.7], None], ['m', 'uniform', [0, 1], None],
        ['m', 'seq', [], None],
        # global low index: read at each draw by generators with ilow 0
        ['m', 'MCellRan4', [12345], None], ['m', 'uniform', [0, 1], None], ['rep', 3, None],
        ['f', 'mcell_ran4_init', [3], None], ['rep', 5, None],
        ['f', 'mcell_ran4_init', [], None],
        ['m', 'MCellRan4', [12345], None], ['m', 'uniform', [0, 1], None], ['rep', 3, None],
        ['m', 'MCellRan4', [12345, 77], None], ['m', 'uniform', [0, 1], None],
        ['rep', 3, None],
        ['f', 'mcell_ran4_init', [0], None],
        ['m', 'MCellRan4', [12345, 3], None], ['m', 'uniform', [0, 1], None], ['rep', 3, None],
        # switching generators keeps the distribution (and a cached normal value)
        ['new', [3], None], ['m', 'normal', [2, 9], None],
        ['m', 'MCellRan4', [99], None], ['rep', 9, None],
        ['m', 'Random123', [3, 55], None], ['rep', 9, None],
        ['m', 'seq', [], None],
    ]
    return ops


def group_builtins():
    ops = []
    for x in (1, 0, 7, 2.7, -1, 4294967295, 4294967296.5, 123456789):
        ops.append(['f', 'mcell_ran4', [{'ref': x}], None])
    ops.append(['f', 'mcell_ran4', [{'ref': 5}, 3], None])
    ops.append(['f', 'mcell_ran4_init', [], None])
    ops.append(['f', 'mcell_ran4_init', [5], None])
    ops.append(['f', 'mcell_ran4_init', [], None])
    for x in (1, 0, 7, 2.7, -1, 4294967295):
        ops.append(['f', 'mcell_ran4', [{'ref': x}], None])
    ops.append(['f', 'mcell_ran4_init', [4294967295], None])
    ops.append(['f', 'mcell_ran4', [{'ref': 1}], None])
    ops.append(['f', 'mcell_ran4_init', [0], None])
    ops.append(['f', 'use_mcell_ran4', [], None])
    ops.append(['f', 'use_mcell_ran4', [1], None])
    ops.append(['f', 'use_mcell_ran4', [], None])
    ops.append(['f', 'use_mcell_ran4', [0.5], None])
    ops.append(['f', 'use_mcell_ran4', [], None])
    ops.append(['f', 'use_mcell_ran4', [0], None])
    return ops


def group_normal_cache():
    ops = [
        ['new', [], None], ['rep', 11, None],  # fresh object: normal(0, 1), cache in use
        ['new', [5], None], ['m', 'normal', [1, 4], None], ['m', 'normal', [1, 4], None],
        ['m', 'normal', [1, 4], None], ['rep', 3, None],
        ['m', 'lognormal', [2, 1], None], ['rep', 5, None],
        ['m', 'normal', [0, 0], None], ['rep', 3, None],
        ['m', 'normal', [0, -1], None], ['rep', 3, None],
        ['m', 'MCellRan4', [1], None], ['m', 'normal', [0, 1], None], ['rep', 20, None],
    ]
    return ops


def group_play():
    return [
        ['new', [9], None], ['m', 'normal', [0, 1], None], ['play', 6],
        ['new', [10], None], ['m', 'uniform', [10, 20], None], ['play', 4],
    ]


def group_edge():
    """Degenerate parameters: C gives inf/nan where Python would raise."""
    return [
        ['new', [21], None],
        ['m', 'poisson', [0], None], ['rep', 3, None],
        ['m', 'poisson', [-1], None], ['rep', 2, None],
        ['m', 'poisson', [-1000], None], ['rep', 2, None],
        ['m', 'negexp', [0], None], ['rep', 2, None],
        ['m', 'negexp', [-2], None], ['rep', 2, None],
        ['m', 'erlang', [0, 1], None], ['rep', 2, None],
        ['m', 'erlang', [3, 0], None], ['rep', 2, None],
        ['m', 'erlang', [3, 1e9], None], ['rep', 2, None],
        ['m', 'hypergeo', [0, 1], None], ['rep', 2, None],
        ['m', 'hypergeo', [1, 0.5], None], ['rep', 2, None],
        ['m', 'weibull', [0, 1], None], ['rep', 2, None],
        ['m', 'weibull', [-1, 1], None], ['rep', 2, None],
        ['m', 'weibull', [2, -1], None], ['rep', 2, None],
        ['m', 'lognormal', [0, 1], None], ['rep', 2, None],
        ['m', 'lognormal', [-2, 1], None], ['rep', 2, None],
        ['m', 'lognormal', [1, -0.5], None], ['rep', 2, None],
        ['m', 'lognormal', [1, 0], None], ['rep', 2, None],
        ['m', 'discunif', [5, 5], None], ['rep', 2, None],
        ['m', 'discunif', [-1e10, 1e10], None], ['rep', 3, None],
        ['m', 'uniform', [3, 3], None], ['rep', 2, None],
        ['m', 'binomial', [0, 0.5], None], ['rep', 2, None],
        ['m', 'binomial', [5, 0], None], ['rep', 2, None],
        ['m', 'binomial', [5, 1], None], ['rep', 2, None],
        ['m', 'geometric', [0], None], ['rep', 2, None],
        ['m', 'normal', [1e308, 1e308], None], ['rep', 3, None],
    ]


GROUPS = {
    'distributions': group_distributions,
    'random123': group_random123,
    'mcellran4': group_mcellran4,
    'builtins': group_builtins,
    'normal_cache': group_normal_cache,
    'play': group_play,
    'edge': group_edge,
}


def run_group(name: str) -> list:
    from neuron import h
    ops = GROUPS[name]()
    out = []
    r = None
    for op in ops:
        kind = op[0]
        if kind == 'new':
            r = h.Random(*op[1])
            out.append(['new', op[1], None])
        elif kind == 'm':
            out.append(['m', op[1], op[2], getattr(r, op[1])(*op[2])])
        elif kind == 'rep':
            out.append(['rep', op[1], [r.repick() for _ in range(op[1])]])
        elif kind == 'f':
            args = []
            refs = []
            for a in op[2]:
                if isinstance(a, dict):
                    ref = h.ref(a['ref'])
                    refs.append(ref)
                    args.append(ref)
                else:
                    args.append(a)
            res = getattr(h, op[1])(*args)
            if refs:
                res = [res, refs[0][0]]
            out.append(['f', op[1], op[2], res])
        elif kind == 'play':
            x = h.ref(-1.0)
            r.play(x)
            vals = []
            h.finitialize()
            vals.append(x[0])
            for _ in range(op[1] - 1):
                h.fadvance()
                vals.append(x[0])
            out.append(['play', vals])
        else:
            raise ValueError(kind)
    return out


def main() -> None:
    if len(sys.argv) > 1:
        name = sys.argv[1]
        data = run_group(name)
        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            f.write('[\n' + ',\n'.join(json.dumps(op) for op in data) + '\n]\n')
        return
    for name in GROUPS:  # one fresh NEURON process per group
        subprocess.run([sys.executable, os.path.abspath(__file__), name], check=True,
                       stderr=subprocess.DEVNULL)
        print('wrote', name)


if __name__ == '__main__':
    main()
