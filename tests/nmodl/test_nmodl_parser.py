"""The NMODL front end: every block and statement kind with its coordinates, the lexer's
context rules (units, '~'), syntax errors with file:line:column, the shipped parse table.

tests/nmodl/mod/allblocks.mod holds every construct once; NEURON 9's nocmodl accepts it.
"""
import os
import pickle

import pytest

from pyhoc.nmodl import ast
from pyhoc.nmodl.errors import ModSyntaxError
from pyhoc.nmodl.lexer import ModLexer
from pyhoc.nmodl.parser import TABLES, grammar_signature, parse, parse_file

HERE = os.path.dirname(os.path.abspath(__file__))
ALL = os.path.join(HERE, 'mod', 'allblocks.mod')


@pytest.fixture(scope='module')
def prog():
    return parse_file(ALL)


def _items(prog, cls):
    return [it for it in prog.items if isinstance(it, cls)]


def _block(prog, kind, name=None):
    for it in prog.items:
        if isinstance(it, ast.Block) and it.kind == kind and (name is None or it.name == name):
            return it
    raise KeyError(kind)


def _where(node):
    return (node.pos.line, node.pos.column)


def test_every_node_has_file_line_column(prog):
    nodes = list(prog.walk())
    assert len(nodes) > 300
    for n in nodes:
        assert n.pos.file == ALL
        assert n.pos.line >= 1 and n.pos.column >= 1, n


def test_shipped_parse_table_matches_the_grammar():
    with open(TABLES, 'rb') as f:
        version, method, signature = pickle.load(f), pickle.load(f), pickle.load(f)
    assert method == 'LALR'
    assert signature == grammar_signature(), 'run python -m pyhoc.nmodl.parser'


def test_title_comment_define_units_switches(prog):
    t, = _items(prog, ast.Title)
    assert t.text == "every block and statement kind nocmodl takes (pyhoc's test file)"
    assert _where(t) == (1, 1)
    c, = _items(prog, ast.Comment)
    assert c.text.strip() == 'A made-up mechanism: it is here to be parsed, not run.'
    assert _where(c) == (2, 1)
    d, = _items(prog, ast.Define)
    assert (d.name, d.value, _where(d)) == ('NANN', 4, (6, 1))
    sw = _items(prog, ast.UnitsSwitch)
    assert [(s.on, s.pos.line) for s in sw] == [(False, 7), (True, 8)]


def test_neuron_block(prog):
    nb, = _items(prog, ast.NeuronBlock)
    assert _where(nb) == (9, 1)
    s = nb.stmts
    assert isinstance(s[0], ast.Suffix) and (s[0].kind, s[0].name) == ('POINT_PROCESS',
                                                                      'AllBlocks')
    assert _where(s[0]) == (10, 5)
    ca = s[1]
    assert ca.ion == 'ca' and [n.name for n in ca.read] == ['cai', 'cao']
    assert [n.name for n in ca.write] == ['ica'] and ca.valence.text == '2'
    assert _where(ca.read[1]) == (11, 25)
    assert s[2].ion == 'na' and s[2].ontology == 'CHEBI:29101' and s[2].write == []
    lists = [(x.kind, [n.name for n in x.names]) for x in s if isinstance(x, ast.NameList)]
    assert lists == [('NONSPECIFIC_CURRENT', ['i']), ('RANGE', ['gmax', 'i', 'g']),
                     ('GLOBAL', ['tauq']), ('POINTER', ['pre']), ('BBCOREPOINTER', ['rng']),
                     ('EXTERNAL', ['nrnext']), ('RANDOM', ['ranv'])]
    rep = [x for x in s if isinstance(x, ast.Represents)]
    assert rep[0].ontology == 'NCIT:C17145' and rep[0].pos.line == 20
    assert isinstance(s[-1], ast.ThreadSafe)


def test_units_block(prog):
    ub, = _items(prog, ast.UnitsBlock)
    defs = [(u.name, u.unit) for u in ub.items if isinstance(u, ast.UnitDef)]
    assert defs == [('mV', 'millivolt'), ('mA', 'milliamp'), ('mM', 'milli/liter')]
    f = [u for u in ub.items if isinstance(u, ast.FactorDef)]
    assert (f[0].name, f[0].value, f[0].unit1, f[0].unit2) == ('FARADAY', None, 'faraday',
                                                              'coulomb')
    assert (f[1].name, f[1].unit1, f[1].unit2) == ('R', 'k-mole', 'joule/degC')
    assert (f[2].name, f[2].value.text, f[2].unit1) == ('F2', '96485.3', 'coul')
    assert (f[3].name, f[3].unit1, f[3].unit2) == ('tomv', 'volt', 'mV')
    assert _where(f[0]) == (27, 5)


def test_declarations(prog):
    blocks = {b.kind: b for b in _items(prog, ast.DeclBlock)}
    p = {d.name: d for d in blocks['PARAMETER'].items}
    g = p['gmax']
    assert (g.value.text, g.units) == ('0.001', 'uS')
    assert (g.limits[0].text, g.limits[1].text) == ('0', '1e9')
    assert _where(g) == (35, 5)
    assert p['kb'].value.text == '.05' and p['kb'].units == '/ms'
    assert p['arr'].dim == 'NANN' and p['arr'].units == 'mV' and p['arr'].value is None
    assert p['celsius'].units == 'degC'
    s = {d.name: d for d in blocks['STATE'].items}
    assert s['a'].units == '1' and s['a'].abstol.text == '1e-4'
    assert [n.text for n in s['b'].from_to] == ['0', '1']
    assert s['cc'].dim == 2 and s['cc'].units == 'mM'
    assert [d.name for d in blocks['STATE'].items] == ['a', 'b', 'c1', 'c2', 'c3', 'cc', 'x',
                                                       'y', 'z']
    a = {d.name: d for d in blocks['ASSIGNED'].items}
    assert a['tab'].dim == 3 and a['ica'].units == 'mA/cm2'
    c = blocks['CONSTANT'].items[0]
    assert (c.name, c.value.text, c.units) == ('q10c', '3', '1')
    ind = blocks['INDEPENDENT'].items[0]
    assert (ind.name, ind.lo.text, ind.hi.text, ind.with_, ind.units) == ('t', '0', '1', 1,
                                                                          'ms')
    top, = _items(prog, ast.Local)
    assert [n.name for n in top.names] == ['toplocal'] and _where(top) == (61, 1)


def test_initial_and_breakpoint(prog):
    ini = _block(prog, 'INITIAL')
    assert [n.name for n in ini.body.locals] == ['s']
    s0 = ini.body.stmts[0]
    assert isinstance(s0, ast.Assign) and s0.target.name == 's'
    assert (s0.expr.text, s0.expr.units) == ('2', 'mV')       # a number with units
    assert _where(s0) == (64, 5)
    # statements need no separator: three on one line
    assert [st.pos.column for st in ini.body.stmts if st.pos.line == 67] == [5, 13, 21]
    ss = ini.body.stmts[-1]
    assert (ss.name, ss.how, ss.method) == ('kin', 'STEADYSTATE', 'sparse')
    bp = _block(prog, 'BREAKPOINT')
    solves = [(s.name, s.how, s.method) for s in bp.body.stmts if isinstance(s, ast.Solve)]
    assert solves == [('states', 'METHOD', 'cnexp'), ('kin', 'METHOD', 'sparse'),
                      ('lin', None, None), ('nlin', None, None),
                      ('after', 'METHOD', 'after_cvode')]
    cond = [s for s in bp.body.stmts if isinstance(s, ast.Conductance)][0]
    assert (cond.name, cond.ion, _where(cond)) == ('g', 'na', (76, 5))


def test_derivative(prog):
    d = _block(prog, 'DERIVATIVE', 'states')
    a, b = d.body.stmts
    assert isinstance(a.target, ast.Prime) and (a.target.name, a.target.order) == ('a', 1)
    assert _where(a.target) == (82, 5)
    # (1 - b)*kf - b*kb: '-' binds looser than '*'
    e = b.expr
    assert e.op == '-' and e.left.op == '*' and isinstance(e.left.left, ast.Paren)
    assert e.right.op == '*' and e.right.left.name == 'b'


def test_kinetic(prog):
    k = _block(prog, 'KINETIC', 'kin')
    st = k.body.stmts
    comp = [s for s in st if isinstance(s, ast.Compartment)]
    assert comp[0].index is None and comp[0].volume.name == 'vol'
    assert [n.name for n in comp[0].names] == ['c1', 'c2', 'c3']
    assert comp[1].index == 'k' and comp[1].volume.op == '*'
    ld = [s for s in st if isinstance(s, ast.LongDiffusion)][0]
    assert (ld.index, ld.rate.text, [n.name for n in ld.names]) == ('k', '0.6', ['cc'])
    r = [s for s in st if isinstance(s, ast.Reaction)]
    assert [(c, v.name) for c, v in r[0].lhs] == [(1, 'c1')] and r[0].op == '<->'
    assert [x.name for x in r[0].rates] == ['kf', 'kb']
    assert _where(r[0]) == (91, 5)
    assert [(c, v.name) for c, v in r[1].lhs] == [(2, 'c2'), (1, 'c3')]
    assert r[1].rates[0].right.units == '/ms'          # kf*2 (/ms)
    assert r[2].op == '<<' and r[2].rhs == [] and r[2].rates[0].text == '0.001'
    assert isinstance(r[3].lhs[0][1], ast.Indexed) and r[3].lhs[0][1].index.text == '0'
    cons = [s for s in st if isinstance(s, ast.Conserve)][0]
    assert [v.name for _, v in cons.terms] == ['c1', 'c2', 'c3'] and cons.expr.text == '1'


def test_linear_nonlinear(prog):
    lin = _block(prog, 'LINEAR', 'lin')
    assert [n.name for n in lin.solvefor] == ['x', 'y']
    e = lin.body.stmts[0]
    assert isinstance(e, ast.Equation) and e.lhs.op == '+' and e.rhs.text == '1'
    assert _where(e) == (99, 5)
    nl = _block(prog, 'NONLINEAR', 'nlin')
    assert nl.body.stmts[0].lhs.op == '*'


def test_functions_procedures_tables(prog):
    f = _block(prog, 'FUNCTION', 'rate')
    assert [(a.name, a.units) for a in f.args] == [('v', 'mV')] and f.units == '/ms'
    tab = f.body.stmts[0]
    assert tab.names == [] and [n.name for n in tab.depend] == ['celsius']
    assert (tab.lo.op, tab.lo.operand.text, tab.hi.text, tab.n) == ('-', '100', '100', 200)
    asg = f.body.stmts[1]
    call = asg.expr.right
    assert call.name == 'exp' and call.args[0].right.units == 'mV'
    p = _block(prog, 'PROCEDURE', 'fill')
    assert [(n.name, n.dim) for n in p.body.locals] == [('j', None), ('w', 2)]
    st = p.body.stmts
    assert [n.name for n in st[0].names] == ['tab']
    loop = st[1]
    assert isinstance(loop, ast.FromLoop) and loop.var == 'j' and loop.by.text == '1'
    assert loop.body.stmts[0].target.base.name == 'tab'
    wh = st[3]
    assert isinstance(wh, ast.While) and wh.cond.op == '&&'
    assert wh.cond.right.op == '!'
    iff = st[4]
    assert isinstance(iff.body.stmts[0], ast.Protect)
    assert len(iff.elifs) == 1 and iff.elifs[0][0].op == '||'
    assert iff.elifs[0][1].stmts[0].expr.op == '^'
    pr = iff.orelse.stmts[0].expr
    assert pr.name == 'printf' and isinstance(pr.args[0], ast.Str)
    assert pr.args[0].value == 'n = %g\\n'
    v = st[5]
    assert isinstance(v, ast.Verbatim) and v.text.strip() == '/* raw C */ _lj = 1;'
    assert _where(v) == (130, 5)
    ft = _block(prog, 'FUNCTION_TABLE', 'tabf')
    assert ft.body is None and ft.units == 'ms' and ft.args[0].units == 'mV'
    mx = _block(prog, 'PROCEDURE', 'after').body.stmts
    assert [m.lock for m in mx] == [True, False]


def test_net_receive(prog):
    nr = _block(prog, 'NET_RECEIVE')
    assert [(a.name, a.units) for a in nr.args] == [('w', 'uS'), ('tlast', 'ms')]
    ini, iff = nr.body.stmts
    assert isinstance(ini, ast.NetInitial) and _where(ini) == (136, 5)
    assert iff.body.stmts[0].expr.name == 'net_send'
    fn = iff.body.stmts[1]
    assert isinstance(fn, ast.ForNetcons) and [a.name for a in fn.args] == ['w1', 't1']
    w = iff.elifs[0][1].stmts[1]
    assert isinstance(w, ast.Watch) and _where(w) == (146, 9)
    (a, b) = w.items
    assert (a.lhs.name, a.op, a.rhs.operand.text, a.flag.text) == ('v', '>', '20', '3')
    assert (b.op, b.rhs.operand.units, b.flag.text) == ('<', 'mV', '4')
    assert iff.orelse.stmts[0].expr.name == 'net_move'


def test_other_blocks(prog):
    con = _block(prog, 'CONSTRUCTOR')
    assert isinstance(con.body.stmts[0], ast.Verbatim)
    assert con.body.stmts[0].text.strip() == '/* construct */'
    assert _block(prog, 'DESTRUCTOR').body.stmts == []
    assert _block(prog, 'BEFORE').sub == 'BREAKPOINT'
    assert _block(prog, 'AFTER').sub == 'SOLVE'


def _err(text, match):
    with pytest.raises(ModSyntaxError, match=match) as e:
        parse(text, 'bad.mod')
    return e.value


def test_syntax_errors_name_file_line_column():
    e = _err('NEURON { SUFFIX x }\nBREAKPOINT {\n  x = 1 +\n}\n', r"syntax error at '}'")
    assert (e.pos.file, e.pos.line, e.pos.column) == ('bad.mod', 4, 1)
    assert str(e).startswith('bad.mod:4:1: syntax error')
    e = _err('PARAMETER {\n  a = 1 (mV)\n', 'unexpected end of file in PARAMETER block')
    e = _err('COMMENT\nno end\n', 'COMMENT without ENDCOMMENT')
    assert e.pos.line == 1
    _err('VERBATIM\nint x;\n', 'VERBATIM without ENDVERBATIM')
    e = _err('PARAMETER { a = 1 (mV }\n', r"units without closing '\)'")
    assert (e.pos.line, e.pos.column) == (1, 19)
    e = _err('BREAKPOINT {\n  ~ a = b\n}\n', 'can only occur in KINETIC, LINEAR')
    assert e.pos.line == 2
    _err('KINETIC k {\n  ~+ a <-> b (1, 2)\n}\n', "'~\\+' can only occur in LINEAR")
    e = _err('INITIAL {\n  a = 1\n  b = $x\n}\n', "illegal character '\\$'")
    assert (e.pos.line, e.pos.column) == (3, 7)
    # as in nocmodl, LOCAL only opens a block
    e = _err('INITIAL {\n  a = 1\n  LOCAL b\n}\n', "syntax error at 'LOCAL'")
    assert e.pos.line == 3
    _err('NET_RECEIVE (w) {\n  WATCH (v + 1) 2\n}\n', r'WATCH needs \(expr > expr\)')
    e = _err('INITIAL {\n  FIRST = 1\n}\n', "syntax error at reserved word 'FIRST'")
    assert (e.pos.line, e.pos.column) == (2, 3)
    e = _err('PARAMETER {\n  a = 1\n  b = c\n}\n', "syntax error at name 'c' in PARAMETER")
    assert 'b = c' in str(e)            # the offending line, with a caret under the column


def test_units_contexts_in_the_lexer():
    def toks(text):
        lx = ModLexer(text, 'x.mod')
        out = []
        while True:
            t = lx.token()
            if t is None:
                return out
            out.append((t.type, t.value))
    # after a number: units; after a name outside a declaration: a parenthesis
    assert toks('BREAKPOINT { x = f(2 (mV)) }')[5:9] == [
        ('(', '('), ('INTEGER', '2'), ('UNIT', 'mV'), (')', ')')]
    # a FUNCTION header: the argument list is a list, the argument's units and the result's
    tk = toks('FUNCTION f(v(mV), w) (ms) { f = v }')
    assert tk[:9] == [('FUNCTION', 'FUNCTION'), ('NAME', 'f'), ('(', '('), ('NAME', 'v'),
                      ('UNIT', 'mV'), (',', ','), ('NAME', 'w'), (')', ')'), ('UNIT', 'ms')]
    # in a declaration block every '(' opens units, with spaces kept inside
    assert toks('ASSIGNED { g (mA / cm2) }')[3] == ('UNIT', 'mA / cm2')
    # '~' is a reaction in KINETIC, an equation in LINEAR, NONLINEAR and DERIVATIVE
    assert toks('KINETIC k { ~ a <-> b (1, 2) }')[3][0] == 'REACTION'
    assert toks('DERIVATIVE d { ~ a = b }')[3][0] == 'LIN1'
    # comments, keywords in either case for if/else/while
    assert toks('INITIAL { : c\n ? d\n IF (1) { } ELSE { } }')[2][0] == 'IF'
