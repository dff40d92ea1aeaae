"""The resolved model of a mechanism: pyhoc's own hh.mod and the other built-ins, and the
semantic errors (each names file, line and construct) that nocmodl also makes."""
import glob
import os
import pickle

import pytest

from pyhoc.nmodl import ast
from pyhoc.nmodl.errors import ModSemanticError
from pyhoc.nmodl.model import read_mod, resolve
from pyhoc.nmodl.parser import parse

HERE = os.path.dirname(os.path.abspath(__file__))
BUILTIN = os.path.join(HERE, '..', '..', 'pyhoc', 'nmodl', 'builtin_mod')


@pytest.fixture(scope='module')
def hh():
    return read_mod(os.path.join(BUILTIN, 'hh.mod'))


def test_hh_mechanism(hh):
    assert (hh.name, hh.kind, hh.threadsafe, hh.point_process) == ('hh', 'SUFFIX', True, False)
    assert hh.title.startswith('hh: Hodgkin-Huxley')
    assert hh.warnings == []


def test_hh_symbols(hh):
    s = hh.symbols
    g = s['gnabar']
    assert (g.kind, g.units, g.default, g.limits, g.storage, g.public) == (
        'parameter', 'S/cm2', 0.12, (0.0, 1e9), 'range', True)
    assert (s['el'].default, s['el'].units) == (-54.3, 'mV')
    assert [x.name for x in hh.of_kind('state')] == ['m', 'h', 'n']
    assert all(x.storage == 'range' for x in hh.of_kind('state'))
    assert (s['minf'].kind, s['minf'].storage, s['minf'].public) == ('assigned', 'global', True)
    assert (s['mtau'].units, s['mtau'].storage) == ('ms', 'global')
    assert (s['gna'].storage, s['gna'].public) == ('range', True)
    assert (s['il'].storage, s['il'].public) == ('range', False)     # not in RANGE
    assert (s['v'].storage, s['celsius'].storage) == ('voltage', 'nrn_global')
    assert (s['ena'].ion, s['ena'].storage, s['ina'].ion) == ('na', 'ion', 'na')
    assert hh.lists['NONSPECIFIC_CURRENT'] == ['il']


def test_hh_ions(hh):
    na, k = hh.ions['na'], hh.ions['k']
    assert (na.read, na.write, na.valence) == (['ena'], ['ina'], None)
    assert (k.read, k.write) == (['ek'], ['ik'])


def test_hh_blocks_solve_equations_table(hh):
    assert set(hh.blocks) == {'BREAKPOINT', 'INITIAL'}
    assert list(hh.derivatives) == ['states']
    assert list(hh.procedures) == ['rates'] and list(hh.functions) == ['vtrap']
    sv, = hh.solves
    assert (sv.block, sv.kind, sv.method, sv.steadystate, sv.where) == (
        'states', 'DERIVATIVE', 'cnexp', False, 'BREAKPOINT')
    assert sv.pos.line == 51
    eqs = hh.equations['states']
    assert [(x[0], x[1]) for x in eqs] == [('m', 1), ('h', 1), ('n', 1)]
    m_rhs = eqs[0][2]            # (minf - m)/mtau
    assert m_rhs.op == '/' and m_rhs.right.name == 'mtau'
    assert m_rhs.left.expr.left.name == 'minf'
    tab = hh.tables['rates']
    assert [n.name for n in tab.names] == ['minf', 'mtau', 'hinf', 'htau', 'ninf', 'ntau']
    assert [n.name for n in tab.depend] == ['celsius'] and tab.n == 200


def test_hh_pickles(hh):
    again = pickle.loads(pickle.dumps(hh, protocol=4))
    assert again.symbols['gnabar'].default == 0.12
    assert again.program == hh.program
    assert again.equations['states'][0][3] == hh.equations['states'][0][3]


@pytest.mark.parametrize('path', sorted(glob.glob(os.path.join(BUILTIN, '*.mod'))))
def test_builtin_mod_files_resolve_cleanly(path):
    m = read_mod(path)
    assert m.name == os.path.splitext(os.path.basename(path))[0]
    assert m.warnings == []


def test_builtin_kinds():
    kinds = {os.path.basename(p): read_mod(p).kind
             for p in glob.glob(os.path.join(BUILTIN, '*.mod'))}
    assert kinds == {'hh.mod': 'SUFFIX', 'pas.mod': 'SUFFIX', 'ExpSyn.mod': 'POINT_PROCESS',
                     'Exp2Syn.mod': 'POINT_PROCESS', 'IClamp.mod': 'POINT_PROCESS',
                     'AlphaSynapse.mod': 'POINT_PROCESS', 'NetStim.mod': 'ARTIFICIAL_CELL',
                     'IntFire1.mod': 'ARTIFICIAL_CELL'}
    ns = read_mod(os.path.join(BUILTIN, 'NetStim.mod'))
    assert ns.symbols['ranv' if 'ranv' in ns.symbols else 'ranvar'].storage == 'random'
    assert ns.blocks['NET_RECEIVE'].args[0].name == 'w'
    ic = read_mod(os.path.join(BUILTIN, 'IClamp.mod'))
    assert ic.lists['ELECTRODE_CURRENT'] == ['i']
    assert ic.symbols['del'].default is None and ic.symbols['dur'].limits == (0.0, 1e9)


def test_allblocks_model():
    m = read_mod(os.path.join(HERE, 'mod', 'allblocks.mod'))
    assert m.kind == 'POINT_PROCESS' and m.name == 'AllBlocks'
    assert m.ions['ca'].valence == 2.0 and m.ions['na'].ontology == 'CHEBI:29101'
    assert m.ions['ca'].read == ['cai', 'cao'] and m.ions['ca'].write == ['ica']
    assert m.unit_factors['FARADAY'] == 1.602176634e-19 * 6.02214076e23
    assert m.unit_factors['F2'] == 96485.3
    assert m.unit_factors['tomv'] == 1000.0
    assert m.symbols['FARADAY'].kind == 'unit_factor'
    assert (m.symbols['pre'].storage, m.symbols['rng'].storage) == ('pointer', 'bbcorepointer')
    assert m.symbols['ranv'].storage == 'random'
    assert m.symbols['nrnext'].kind == 'external'
    assert m.symbols['arr'].dim == 4            # DEFINE NANN 4
    assert m.symbols['tauq'].storage == 'global'
    assert [(s.block, s.kind, s.method, s.steadystate) for s in m.solves] == [
        ('kin', 'KINETIC', 'sparse', True), ('states', 'DERIVATIVE', 'cnexp', False),
        ('kin', 'KINETIC', 'sparse', False), ('lin', 'LINEAR', None, False),
        ('nlin', 'NONLINEAR', None, False), ('after', 'PROCEDURE', 'after_cvode', False)]
    kinds = [type(x).__name__ for x in m.reactions['kin']]
    assert kinds == ['Compartment', 'Compartment', 'LongDiffusion', 'Reaction', 'Reaction',
                     'Reaction', 'Reaction', 'Conserve']
    assert len(m.linear_equations['lin']) == 2 and len(m.linear_equations['nlin']) == 1
    assert [w for _, w in m.warnings] == [
        'more than one integrating SOLVE statement in the BREAKPOINT block']
    assert len(m.verbatim) == 2 and m.verbatim[0][0].line == 130
    assert m.conductance_hints[0].name == 'g'


def _sem(text, match):
    with pytest.raises(ModSemanticError, match=match) as e:
        resolve(parse(text, 'm.mod'), 'm.mod', text)
    assert e.value.pos.file == 'm.mod'
    return e.value


HEAD = 'NEURON { SUFFIX m }\nSTATE { s }\nASSIGNED { v (mV) }\n'


def test_semantic_errors_name_file_line():
    e = _sem('NEURON {\n  SUFFIX m\n  USEION na READ ena, nai, ik\n}\n',
             'ik is not a valid ionic variable for na')
    assert (e.pos.line, e.pos.column) == (3, 28)
    assert str(e).startswith('m.mod:3:28: ik is not a valid')
    e = _sem(HEAD + 'BREAKPOINT {\n  SOLVE nothere METHOD cnexp\n}\n', 'SOLVE nothere: no')
    assert e.pos.line == 5
    _sem(HEAD + 'BREAKPOINT { SOLVE d METHOD sparse }\nDERIVATIVE d { s\' = -s }\n',
         'Illegal or unimplemented SOLVE type: sparse for a DERIVATIVE block')
    _sem(HEAD + 'BREAKPOINT { SOLVE d METHOD rk99 }\nDERIVATIVE d { s\' = -s }\n',
         'METHOD rk99: unknown method')
    e = _sem(HEAD + 'DERIVATIVE d {\n  v\' = -v\n}\n', "v': v is not a STATE")
    assert e.pos.line == 5
    _sem(HEAD + 'INITIAL { s\' = 1 }\n', r"a derivative \(s'\) is only allowed in a DERIVATIVE")
    _sem(HEAD + 'INITIAL {\n TABLE s FROM 0 TO 1 WITH 2\n}\n',
         'TABLE valid only for FUNCTION or PROCEDURE')
    _sem(HEAD + 'FUNCTION f(a, b) {\n TABLE FROM 0 TO 1 WITH 2\n f = a\n}\n',
         'must have exactly one argument')
    _sem('NEURON { POINT_PROCESS p }\nNET_RECEIVE (w) {\n FOR_NETCONS(a, b) { }\n}\n',
         'FOR_NETCONS and NET_RECEIVE do not have the same number of arguments')
    _sem(HEAD + 'BREAKPOINT {\n WATCH (v > 1) 2\n}\n',
         'WATCH is only allowed in a NET_RECEIVE block')
    _sem(HEAD + 'BREAKPOINT {\n CONSERVE s = 1\n}\n',
         'CONSERVE is only allowed in a KINETIC block')
    _sem('NEURON { POINT_PROCESS p }\nNET_RECEIVE () { }\n', 'at least one argument')
    _sem('NEURON { SUFFIX a SUFFIX b }\n', 'a second SUFFIX')
    _sem('NEURON { SUFFIX a RANGE f }\nFUNCTION f() { f = 1 }\n',
         'f used as both variable and function')
    _sem('PARAMETER { x }\nBREAKPOINT { x = x(1) }\n', 'x used as both variable and function')
    _sem('PARAMETER { x }\nSTATE { x }\n', r'Multiple declaration of x \(as parameter at line 1')
    _sem('PARAMETER { v }\nASSIGNED { v }\n', 'Multiple declaration of v')
    _sem('UNITS { (mV) = (millivolts x) }\n',
         r'Cannot recognize the units: x in the unit definition \(mV\)')
    # what nocmodl's non-thread-safe code needs declared
    e = _sem('NEURON { POINT_PROCESS c }\nASSIGNED { a }\nINITIAL {\n a = v\n}\n'
             'VERBATIM\n/**/\nENDVERBATIM\n', 'v does not have a proper declaration')
    assert (e.pos.line, e.pos.column) == (4, 6)
    _sem('NEURON { SUFFIX c GLOBAL x }\nASSIGNED { a }\nINITIAL { a = x }\n',
         'x does not have a proper declaration')
    _sem('ASSIGNED { a }\nBREAKPOINT { a = exp + exp(1) }\n',
         'exp used as both variable and function')
    _sem('ASSIGNED { a }\nBREAKPOINT { a = celsius(1) }\n',
         'celsius used as both variable and function')
    _sem('ASSIGNED { a[3] b }\nBREAKPOINT { b = a + 1 }\n', 'a: variable needs an index')
    _sem('ASSIGNED { a[3] b }\nBREAKPOINT {\n LOCAL q\n q[1] = b\n}\n',
         'q: variable is not an array')
    _sem('ASSIGNED { a[3] b }\nBREAKPOINT { b = b[0] }\n', 'b: variable is not an array')
    _sem('ASSIGNED { a[3] b }\nBREAKPOINT { a = 1 }\n', 'a: variable needs an index')
    _sem('PARAMETER { k }\nPROCEDURE p(x) {\n TABLE DEPEND k FROM 0 TO 1 WITH 2\n}\n',
         'a TABLE statement in a PROCEDURE must have a table name list')
    _sem('UNITS { q = (mV) -> (V) }\n', 'Cannot recognize the units: mV in the UNITS factor q')
    _sem('ASSIGNED { a[N] }\n', 'array size N is not a DEFINEd integer')
    _sem(HEAD + 'KINETIC k SOLVEFOR v { }\n', 'SOLVEFOR v: not a STATE')


def test_what_nocmodl_accepts_with_a_warning_or_silently():
    for text in ('NEURON { POINT_PROCESS c THREADSAFE }\nASSIGNED { a }\nINITIAL { a = v }\n'
                 'VERBATIM\n/**/\nENDVERBATIM\n',
                 'NEURON { POINT_PROCESS c }\nASSIGNED { a }\nINITIAL { a = v }\n',
                 'NEURON { SUFFIX c NONSPECIFIC_CURRENT i RANGE x }\nASSIGNED { a }\n',
                 'ASSIGNED { a }\nBREAKPOINT { a = exp }\n',
                 'ASSIGNED { a }\nBREAKPOINT { a = f(, 2) }\nFUNCTION f(x) { f = x }\n',
                 'DEFINE N 3\nASSIGNED { a[N] b }\nBREAKPOINT {\n LOCAL w[2]\n'
                 ' FROM i = 0 TO N-1 { a[i] = w[0] + b }\n}\n'):
        resolve(parse(text, 'm.mod'), 'm.mod', text)


def test_warnings_as_nocmodl_gives_them():
    text = HEAD + 'BREAKPOINT { v = zz + foo(1) }\n'
    m = resolve(parse(text, 'm.mod'), 'm.mod', text)
    assert [(p.line, w) for p, w in m.warnings] == [
        (4, 'zz undefined (declared within VERBATIM?)'),
        (4, 'foo undefined (declared within VERBATIM?)')]


def test_several_initial_blocks_run_in_order():
    text = HEAD + 'INITIAL { s = 1 }\nINITIAL { s = 2 }\n'
    m = resolve(parse(text, 'm.mod'), 'm.mod', text)
    body = m.blocks['INITIAL'].body
    assert body.stmts[0].expr.text == '1' and body.stmts[1].stmts[0].expr.text == '2'


def test_include(tmp_path, monkeypatch):
    (tmp_path / 'part.inc').write_text('PARAMETER { gx = 2 (S/cm2) }\n')
    (tmp_path / 'main.mod').write_text('NEURON { SUFFIX inc RANGE gx }\nINCLUDE "part.inc"\n')
    m = read_mod(str(tmp_path / 'main.mod'))
    assert m.symbols['gx'].default == 2.0 and m.symbols['gx'].storage == 'range'
    assert m.symbols['gx'].pos.file.endswith('part.inc')
    # then in $MODL_INCLUDE, as nocmodl does
    other = tmp_path / 'elsewhere'
    other.mkdir()
    (other / 'far.inc').write_text('PARAMETER { gy = 3 }\n')
    (tmp_path / 'far.mod').write_text('NEURON { SUFFIX far }\nINCLUDE "far.inc"\n')
    monkeypatch.setenv('MODL_INCLUDE', str(other))
    assert read_mod(str(tmp_path / 'far.mod')).symbols['gy'].default == 3.0
    (tmp_path / 'bad.mod').write_text('INCLUDE "nothere.inc"\n')
    with pytest.raises(ModSemanticError, match="Couldn't open INCLUDE file nothere.inc"):
        read_mod(str(tmp_path / 'bad.mod'))
