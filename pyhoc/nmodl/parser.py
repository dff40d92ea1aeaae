"""NMODL grammar (PLY yacc) and ``parse(text, file)``: a whole ``.mod`` file to an ast.Program.

The grammar follows what NEURON 9's nocmodl accepts (its blocks, statements and expression
precedence); statements need no separators, so newlines are plain white space.  The LR tables
are generated ahead of time into ``_parsetab.pickle`` (``python -m pyhoc.nmodl.parser``
rewrites it; a test checks it matches this grammar), and rebuilt in memory if it does not.
"""
from __future__ import annotations

import os
import sys

from . import ast
from .ast import Pos
from .errors import ModSyntaxError
from .lexer import ModLexError, ModLexer, ModRules


tokens = tuple(t for t in ModRules.tokens if t not in ('TILDE', 'RESERVED'))

precedence = (
    ('left', 'OR'),
    ('left', 'AND'),
    ('left', 'GT', 'GE', 'LT', 'LE', 'EQ', 'NE'),
    ('left', '+', '-'),
    ('left', '*', '/'),
    ('right', 'UNARYMINUS', 'NOT'),
    ('right', '^'),
)

start = 'program'


def _at(p, i) -> Pos:
    """Where symbol ``i`` of the rule starts."""
    v = p[i]
    if isinstance(v, ast.Node):
        return v.pos
    if isinstance(v, list) and v and isinstance(v[0], ast.Node):
        return v[0].pos
    return p.lexer.pos(p.lexpos(i))


# ---- the file ------------------------------------------------------------------------------
def p_program(p):
    """program : items"""
    p[0] = ast.Program(p[1], pos=Pos(p.lexer.file, 1, 1))


def p_items(p):
    """items :
             | items item"""
    p[0] = [] if len(p) == 1 else p[1] + [p[2]]


def p_item_pass(p):
    """item : neuronblk
            | declblk
            | unitsblk
            | local
            | block
            | misc"""
    p[0] = p[1]


def p_item_title(p):
    """item : TITLE"""
    p[0] = ast.Title(p[1], pos=_at(p, 1))


def p_item_define(p):
    """item : DEFINE NAME INTEGER"""
    p[0] = ast.Define(p[2], int(p[3]), pos=_at(p, 1))


def p_item_include(p):
    """item : INCLUDE STRING"""
    p[0] = ast.Include(p[2], pos=_at(p, 1))


def p_misc(p):
    """misc : COMMENT
            | VERBATIM
            | UNITSON
            | UNITSOFF"""
    t = p.slice[1].type
    if t == 'COMMENT':
        p[0] = ast.Comment(p[1], pos=_at(p, 1))
    elif t == 'VERBATIM':
        p[0] = ast.Verbatim(p[1], pos=_at(p, 1))
    else:
        p[0] = ast.UnitsSwitch(t == 'UNITSON', pos=_at(p, 1))


# ---- NEURON block --------------------------------------------------------------------------
def p_neuronblk(p):
    """neuronblk : NEURON '{' nrnstmts '}'"""
    p[0] = ast.NeuronBlock(p[3], pos=_at(p, 1))


def p_nrnstmts(p):
    """nrnstmts :
                | nrnstmts nrnstmt"""
    p[0] = [] if len(p) == 1 else p[1] + [p[2]]


def p_nrnstmt_suffix(p):
    """nrnstmt : SUFFIX NAME
               | POINT_PROCESS NAME
               | ARTIFICIAL_CELL NAME"""
    p[0] = ast.Suffix(p.slice[1].type, p[2], pos=_at(p, 1))


def p_nrnstmt_list(p):
    """nrnstmt : RANGE namelist
               | GLOBAL namelist
               | POINTER namelist
               | BBCOREPOINTER namelist
               | EXTERNAL namelist
               | NONSPECIFIC_CURRENT namelist
               | ELECTRODE_CURRENT namelist
               | RANDOM namelist"""
    p[0] = ast.NameList(p.slice[1].type, p[2], pos=_at(p, 1))


def p_nrnstmt_threadsafe(p):
    """nrnstmt : THREADSAFE"""
    p[0] = ast.ThreadSafe(pos=_at(p, 1))


def p_nrnstmt_represents(p):
    """nrnstmt : REPRESENTS"""
    p[0] = ast.Represents(p[1], pos=_at(p, 1))


def p_nrnstmt_misc(p):
    """nrnstmt : COMMENT
               | VERBATIM"""
    p[0] = (ast.Comment if p.slice[1].type == 'COMMENT' else ast.Verbatim)(p[1], pos=_at(p, 1))


def p_nrnstmt_useion(p):
    """nrnstmt : USEION NAME READ namelist valence ontology
               | USEION NAME WRITE namelist valence ontology
               | USEION NAME READ namelist WRITE namelist valence ontology"""
    if len(p) == 9:
        read, write, val, onto = p[4], p[6], p[7], p[8]
    elif p.slice[3].type == 'READ':
        read, write, val, onto = p[4], [], p[5], p[6]
    else:
        read, write, val, onto = [], p[4], p[5], p[6]
    p[0] = ast.UseIon(p[2], read, write, val, onto, pos=_at(p, 1))


def p_valence(p):
    """valence :
               | VALENCE number"""
    p[0] = p[2] if len(p) == 3 else None


def p_ontology(p):
    """ontology :
                | REPRESENTS"""
    p[0] = p[1] if len(p) == 2 else None


def p_namelist(p):
    """namelist : NAME
                | namelist ',' NAME"""
    if len(p) == 2:
        p[0] = [ast.Name(p[1], None, pos=_at(p, 1))]
    else:
        p[0] = p[1] + [ast.Name(p[3], None, pos=_at(p, 3))]


# ---- declarations --------------------------------------------------------------------------
def p_declblk(p):
    """declblk : PARAMETER '{' pitems '}'
               | ASSIGNED '{' ditems '}'
               | STATE '{' ditems '}'
               | CONSTANT '{' citems '}'
               | INDEPENDENT '{' iitems '}'"""
    p[0] = ast.DeclBlock(p.slice[1].type, p[3], pos=_at(p, 1))


def p_items_list(p):
    """pitems :
              | pitems pdecl
              | pitems declmisc
       ditems :
              | ditems ddecl
              | ditems declmisc
       citems :
              | citems cdecl
              | citems declmisc
       iitems :
              | iitems idecl
              | iitems declmisc"""
    p[0] = [] if len(p) == 1 else p[1] + [p[2]]


def p_declmisc(p):
    """declmisc : COMMENT
                | VERBATIM"""
    p[0] = (ast.Comment if p.slice[1].type == 'COMMENT' else ast.Verbatim)(p[1], pos=_at(p, 1))


def p_pdecl(p):
    """pdecl : NAME '=' number units limits
             | NAME units limits
             | NAME '[' dim ']' units limits"""
    if len(p) == 6:
        p[0] = ast.VarDecl(p[1], None, p[3], p[4], p[5], None, None, None, pos=_at(p, 1))
    elif len(p) == 4:
        p[0] = ast.VarDecl(p[1], None, None, p[2], p[3], None, None, None, pos=_at(p, 1))
    else:
        p[0] = ast.VarDecl(p[1], p[3], None, p[5], p[6], None, None, None, pos=_at(p, 1))


def p_ddecl(p):
    """ddecl : name start units abstol
             | name '[' dim ']' start units abstol
             | name FROM number TO number start units abstol
             | name '[' dim ']' FROM number TO number start units abstol"""
    n = len(p)
    name, pos = _text(p[1]), p[1].pos
    if n == 5:
        p[0] = ast.VarDecl(name, None, None, p[3], None, None, p[2], p[4], pos=pos)
    elif n == 8:
        p[0] = ast.VarDecl(name, p[3], None, p[6], None, None, p[5], p[7], pos=pos)
    elif n == 9:
        p[0] = ast.VarDecl(name, None, None, p[7], None, (p[3], p[5]), p[6], p[8],
                           pos=pos)
    else:
        p[0] = ast.VarDecl(name, p[3], None, p[10], None, (p[6], p[8]), p[9], p[11],
                           pos=pos)


def p_cdecl(p):
    """cdecl : NAME '=' number units"""
    p[0] = ast.VarDecl(p[1], None, p[3], p[4], None, None, None, None, pos=_at(p, 1))


def p_idecl(p):
    """idecl : NAME FROM number TO number WITH INTEGER start units
             | SWEEP NAME FROM number TO number WITH INTEGER start units"""
    if len(p) == 10:
        p[0] = ast.IndepDecl(p[1], p[3], p[5], int(p[7]), p[8], p[9], False, pos=_at(p, 1))
    else:
        p[0] = ast.IndepDecl(p[2], p[4], p[6], int(p[8]), p[9], p[10], True, pos=_at(p, 1))


def p_name(p):
    """name : NAME
            | PRIME"""
    p[0] = _var(p[1], _at(p, 1))


def p_dim(p):
    """dim : INTEGER
           | NAME"""
    p[0] = int(p[1]) if p.slice[1].type == 'INTEGER' else p[1]


def p_units(p):
    """units :
             | UNIT"""
    p[0] = p[1] if len(p) == 2 else None


def p_limits(p):
    """limits :
              | LT number ',' number GT"""
    p[0] = (p[2], p[4]) if len(p) == 6 else None


def p_abstol(p):
    """abstol :
              | LT number GT"""
    p[0] = p[2] if len(p) == 4 else None


def p_start(p):
    """start :
             | START number"""
    p[0] = p[2] if len(p) == 3 else None


def p_number(p):
    """number : INTEGER
              | REAL
              | '-' INTEGER
              | '-' REAL"""
    if len(p) == 2:
        p[0] = ast.Num(p[1], None, pos=_at(p, 1))
    else:
        p[0] = ast.Num('-' + p[2], None, pos=_at(p, 1))


def p_unitsblk(p):
    """unitsblk : UNITS '{' uitems '}'"""
    p[0] = ast.UnitsBlock(p[3], pos=_at(p, 1))


def p_uitems(p):
    """uitems :
              | uitems uitem
              | uitems declmisc"""
    p[0] = [] if len(p) == 1 else p[1] + [p[2]]


def p_uitem_def(p):
    """uitem : UNIT '=' UNIT"""
    p[0] = ast.UnitDef(p[1], p[3], pos=_at(p, 1))


def p_uitem_factor(p):
    """uitem : NAME '=' number UNIT
             | NAME '=' UNIT UNIT
             | NAME '=' UNIT '-' GT UNIT"""
    if isinstance(p[3], ast.Num):
        p[0] = ast.FactorDef(p[1], p[3], p[4], None, pos=_at(p, 1))
    elif len(p) == 5:
        p[0] = ast.FactorDef(p[1], None, p[3], p[4], pos=_at(p, 1))
    else:
        p[0] = ast.FactorDef(p[1], None, p[3], p[6], pos=_at(p, 1))


def p_local(p):
    """local : LOCAL localnames"""
    p[0] = ast.Local(p[2], pos=_at(p, 1))


def p_localnames(p):
    """localnames : NAME optdim
                  | localnames ',' NAME optdim"""
    if len(p) == 3:
        p[0] = [ast.Name(p[1], p[2], pos=_at(p, 1))]
    else:
        p[0] = p[1] + [ast.Name(p[3], p[4], pos=_at(p, 3))]


def p_optdim(p):
    """optdim :
              | '[' dim ']'"""
    p[0] = p[2] if len(p) == 4 else None


# ---- blocks --------------------------------------------------------------------------------
def p_block_plain(p):
    """block : INITIAL body
             | BREAKPOINT body
             | CONSTRUCTOR body
             | DESTRUCTOR body"""
    p[0] = ast.Block(p.slice[1].type, None, [], None, [], p[2], None, pos=_at(p, 1))


def p_block_named(p):
    """block : DERIVATIVE NAME body
             | DISCRETE NAME body"""
    p[0] = ast.Block(p.slice[1].type, p[2], [], None, [], p[3], None, pos=_at(p, 1))


def p_block_solvefor(p):
    """block : KINETIC NAME solvefor body
             | LINEAR NAME solvefor body
             | NONLINEAR NAME solvefor body"""
    p[0] = ast.Block(p.slice[1].type, p[2], [], None, p[3], p[4], None, pos=_at(p, 1))


def p_block_func(p):
    """block : FUNCTION NAME '(' arglist ')' units body
             | PROCEDURE NAME '(' arglist ')' units body"""
    p[0] = ast.Block(p.slice[1].type, p[2], p[4], p[6], [], p[7], None, pos=_at(p, 1))


def p_block_functable(p):
    """block : FUNCTION_TABLE NAME '(' arglist ')' units"""
    p[0] = ast.Block('FUNCTION_TABLE', p[2], p[4], p[6], [], None, None, pos=_at(p, 1))


def p_block_netreceive(p):
    """block : NET_RECEIVE '(' arglist ')' body"""
    p[0] = ast.Block('NET_RECEIVE', None, p[3], None, [], p[5], None, pos=_at(p, 1))


def p_block_before_after(p):
    """block : BEFORE ba body
             | AFTER ba body"""
    p[0] = ast.Block(p.slice[1].type, None, [], None, [], p[3], p[2], pos=_at(p, 1))


def p_ba(p):
    """ba : BREAKPOINT
          | SOLVE
          | INITIAL
          | STEP"""
    p[0] = p.slice[1].type


def p_solvefor(p):
    """solvefor :
                | SOLVEFOR namelist"""
    p[0] = p[2] if len(p) == 3 else []


def p_arglist(p):
    """arglist :
               | args"""
    p[0] = p[1] if len(p) == 2 else []


def p_args(p):
    """args : arg
            | args ',' arg"""
    p[0] = [p[1]] if len(p) == 2 else p[1] + [p[3]]


def p_arg(p):
    """arg : name units"""
    p[0] = ast.Arg(_text(p[1]), p[2], pos=p[1].pos)


def p_body(p):
    """body : '{' stmts '}'
            | '{' local stmts '}'"""
    if len(p) == 4:
        p[0] = ast.Body([], p[2], pos=_at(p, 1))
    else:
        p[0] = ast.Body(p[2].names, p[3], pos=_at(p, 1))


def p_stmts(p):
    """stmts :
             | stmts stmt"""
    p[0] = [] if len(p) == 1 else p[1] + [p[2]]


# ---- statements ----------------------------------------------------------------------------
def p_stmt_pass(p):
    """stmt : asgn
            | body
            | reaction
            | watch"""
    p[0] = p[1]


def p_stmt_protect(p):
    """stmt : PROTECT asgn"""
    p[0] = ast.Protect(p[2], pos=_at(p, 1))


def p_stmt_call(p):
    """stmt : funccall"""
    p[0] = ast.ExprStmt(p[1], pos=p[1].pos)


def p_stmt_misc(p):
    """stmt : misc"""
    p[0] = p[1]


def p_stmt_mutex(p):
    """stmt : MUTEXLOCK
            | MUTEXUNLOCK"""
    p[0] = ast.Mutex(p.slice[1].type == 'MUTEXLOCK', pos=_at(p, 1))


def p_asgn(p):
    """asgn : varname '=' expr"""
    p[0] = ast.Assign(p[1], p[3], pos=p[1].pos)


def p_stmt_equation(p):
    """stmt : LIN1 expr '=' expr"""
    p[0] = ast.Equation(p[2], p[4], p[1] == '~+', pos=_at(p, 1))


def p_stmt_if(p):
    """stmt : IF '(' expr ')' body elifs orelse"""
    p[0] = ast.If(p[3], p[5], p[6], p[7], pos=_at(p, 1))


def p_elifs(p):
    """elifs :
             | elifs ELSE IF '(' expr ')' body"""
    p[0] = [] if len(p) == 1 else p[1] + [(p[5], p[7])]


def p_orelse(p):
    """orelse :
              | ELSE body"""
    p[0] = p[2] if len(p) == 3 else None


def p_stmt_while(p):
    """stmt : WHILE '(' expr ')' body"""
    p[0] = ast.While(p[3], p[5], pos=_at(p, 1))


def p_stmt_from(p):
    """stmt : FROM NAME '=' expr TO expr by body"""
    p[0] = ast.FromLoop(p[2], p[4], p[6], p[7], p[8], pos=_at(p, 1))


def p_by(p):
    """by :
          | BY expr"""
    p[0] = p[2] if len(p) == 3 else None


def p_stmt_solve(p):
    """stmt : SOLVE NAME
            | SOLVE NAME METHOD NAME
            | SOLVE NAME STEADYSTATE NAME"""
    if len(p) == 3:
        p[0] = ast.Solve(p[2], None, None, pos=_at(p, 1))
    else:
        p[0] = ast.Solve(p[2], p.slice[3].type, p[4], pos=_at(p, 1))


def p_stmt_conductance(p):
    """stmt : CONDUCTANCE NAME
            | CONDUCTANCE NAME USEION NAME"""
    p[0] = ast.Conductance(p[2], p[4] if len(p) == 5 else None, pos=_at(p, 1))


def p_stmt_table(p):
    """stmt : TABLE tablst dependlst FROM expr TO expr WITH INTEGER"""
    p[0] = ast.Table(p[2], p[3], p[5], p[7], int(p[9]), pos=_at(p, 1))


def p_tablst(p):
    """tablst :
              | namelist"""
    p[0] = p[1] if len(p) == 2 else []


def p_dependlst(p):
    """dependlst :
                 | DEPEND namelist"""
    p[0] = p[2] if len(p) == 3 else []


def p_stmt_lag(p):
    """stmt : LAG name BY NAME"""
    p[0] = ast.Lag(_text(p[2]), p[4], pos=_at(p, 1))


def p_stmt_netinitial(p):
    """stmt : INITIAL body"""
    p[0] = ast.NetInitial(p[2], pos=_at(p, 1))


def p_stmt_fornetcons(p):
    """stmt : FOR_NETCONS '(' arglist ')' body"""
    p[0] = ast.ForNetcons(p[3], p[5], pos=_at(p, 1))


def p_watch(p):
    """watch : WATCH witem
             | watch ',' witem"""
    if len(p) == 3:
        p[0] = ast.Watch([p[2]], pos=_at(p, 1))
    else:
        p[1].items.append(p[3])
        p[0] = p[1]


def p_witem(p):
    """witem : '(' expr ')' number"""
    cond = p[2]
    if not (isinstance(cond, ast.BinOp) and cond.op in ('>', '<')):
        raise ModSyntaxError("WATCH needs (expr > expr) or (expr < expr)", _at(p, 1),
                             _line_text(p.lexer, _at(p, 1).line))
    p[0] = ast.WatchItem(cond.left, cond.op, cond.right, p[4], pos=_at(p, 1))


def p_stmt_conserve(p):
    """stmt : CONSERVE react '=' expr"""
    p[0] = ast.Conserve(p[2], p[4], pos=_at(p, 1))


def p_stmt_compartment(p):
    """stmt : COMPARTMENT NAME ',' expr '{' names '}'
            | COMPARTMENT expr '{' names '}'"""
    if len(p) == 8:
        p[0] = ast.Compartment(p[2], p[4], p[6], pos=_at(p, 1))
    else:
        p[0] = ast.Compartment(None, p[2], p[4], pos=_at(p, 1))


def p_stmt_ldifus(p):
    """stmt : LONGITUDINAL_DIFFUSION NAME ',' expr '{' names '}'
            | LONGITUDINAL_DIFFUSION expr '{' names '}'"""
    if len(p) == 8:
        p[0] = ast.LongDiffusion(p[2], p[4], p[6], pos=_at(p, 1))
    else:
        p[0] = ast.LongDiffusion(None, p[2], p[4], pos=_at(p, 1))


def p_names(p):
    """names : NAME
             | names NAME"""
    if len(p) == 2:
        p[0] = [ast.Name(p[1], None, pos=_at(p, 1))]
    else:
        p[0] = p[1] + [ast.Name(p[2], None, pos=_at(p, 2))]


def p_reaction(p):
    """reaction : REACTION react REACT1 react '(' expr ',' expr ')'
                | REACTION react LT LT '(' expr ')'
                | REACTION react '-' GT '(' expr ')'"""
    if len(p) == 10:
        p[0] = ast.Reaction(p[2], '<->', p[4], [p[6], p[8]], pos=_at(p, 1))
    else:
        p[0] = ast.Reaction(p[2], '<<' if p.slice[3].type == 'LT' else '->', [], [p[6]],
                            pos=_at(p, 1))


def p_react(p):
    """react : varname
             | INTEGER varname
             | react '+' varname
             | react '+' INTEGER varname"""
    if len(p) == 2:
        p[0] = [(1, p[1])]
    elif len(p) == 3:
        p[0] = [(int(p[1]), p[2])]
    elif len(p) == 4:
        p[0] = p[1] + [(1, p[3])]
    else:
        p[0] = p[1] + [(int(p[3]), p[4])]


# ---- expressions ---------------------------------------------------------------------------
def p_varname(p):
    """varname : name"""
    p[0] = p[1]


def _text(node) -> str:
    """The name as written (with its primes) of a Name or Prime node."""
    return node.name + "'" * node.order if isinstance(node, ast.Prime) else node.name


def _var(text, pos):
    if text.endswith("'"):
        base = text.rstrip("'")
        return ast.Prime(base, len(text) - len(base), pos=pos)
    return ast.Name(text, None, pos=pos)


def p_varname_index(p):
    """varname : name '[' expr ']'"""
    p[0] = ast.Indexed(p[1], p[3], pos=p[1].pos)


def p_varname_at(p):
    """varname : NAME '@' INTEGER
               | NAME '@' INTEGER '[' expr ']'"""
    p[0] = ast.At(p[1], int(p[3]), p[5] if len(p) == 7 else None, pos=_at(p, 1))


def p_expr_var(p):
    """expr : varname
            | funccall"""
    p[0] = p[1]


def p_expr_num(p):
    """expr : INTEGER units
            | REAL units"""
    p[0] = ast.Num(p[1], p[2], pos=_at(p, 1))


def p_expr_paren(p):
    """expr : '(' expr ')'"""
    p[0] = ast.Paren(p[2], pos=_at(p, 1))


def p_expr_binop(p):
    """expr : expr '+' expr
            | expr '-' expr
            | expr '*' expr
            | expr '/' expr
            | expr '^' expr
            | expr OR expr
            | expr AND expr
            | expr GT expr
            | expr GE expr
            | expr LT expr
            | expr LE expr
            | expr EQ expr
            | expr NE expr"""
    p[0] = ast.BinOp(p[2], p[1], p[3], pos=p[1].pos)


def p_expr_unary(p):
    """expr : '-' expr %prec UNARYMINUS
            | NOT expr"""
    p[0] = ast.UnaryOp(p[1], p[2], pos=_at(p, 1))


def p_expr_int(p):
    """expr : INT '(' expr ')'"""
    p[0] = ast.Call('INT', [p[3]], pos=_at(p, 1))


def p_funccall(p):
    """funccall : NAME '(' exprlist ')'"""
    p[0] = ast.Call(p[1], p[3], pos=_at(p, 1))


def p_exprlist(p):
    """exprlist :
                | callarg
                | exprlist ',' callarg"""
    # as in nocmodl, the list may start empty: f(, x) passes x alone
    p[0] = [] if len(p) == 1 else [p[1]] if len(p) == 2 else p[1] + [p[3]]


def p_callarg(p):
    """callarg : expr
               | STRING"""
    p[0] = ast.Str(p[1], pos=_at(p, 1)) if p.slice[1].type == 'STRING' else p[1]


# what a token is called in an error message
_TOKEN_WORDS = {'RESERVED': 'reserved word', 'UNIT': 'units', 'INTEGER': 'number', 'REAL': 'number', 'NAME': 'name',
                'PRIME': 'derivative', 'STRING': 'string', 'REACTION': "'~'", 'LIN1': "'~'"}


def p_error(tok):
    raise _Error(tok)


class _Error(Exception):
    def __init__(self, tok):
        super().__init__()
        self.tok = tok


# ---- building and using the parser ---------------------------------------------------------
TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '_parsetab.pickle')
_PARSER = None


def _build(write: bool = False):
    import ply.yacc as yacc
    return yacc.yacc(module=sys.modules[__name__], picklefile=TABLES, write_tables=write,
                     debug=False, errorlog=yacc.NullLogger())


def _parser():
    global _PARSER
    if _PARSER is None:
        _PARSER = _build()
    return _PARSER


def grammar_signature() -> str:
    """PLY's signature of this grammar (changes whenever a rule or precedence changes)."""
    import ply.yacc as yacc
    reflect = yacc.ParserReflect(vars(sys.modules[__name__]))
    reflect.get_all()
    return reflect.signature()


def parse(text: str, file: str = '<string>') -> ast.Program:
    """The ast.Program of one ``.mod`` text; raises ModSyntaxError naming file, line, column."""
    lexer = ModLexer(text, file)
    try:
        return _parser().parse(lexer=lexer)
    except ModLexError as e:
        raise ModSyntaxError(e.message, e.pos, _line_text(lexer, e.pos.line)) from None
    except _Error as e:
        tok = e.tok
        where = ' in %s block' % lexer.block if lexer.block else ''
        if tok is None:
            pos = lexer.pos(len(lexer.text))
            raise ModSyntaxError('syntax error: unexpected end of file%s (missing }?)' % where,
                                 pos, '') from None
        pos = lexer.pos(tok.lexpos)
        word = _TOKEN_WORDS.get(tok.type)
        if word is None:
            shown = "'%s'" % tok.value if tok.type not in ('TITLE', 'COMMENT', 'VERBATIM') \
                else tok.type
        else:
            shown = '%s %r' % (word, tok.value) if tok.type not in ('REACTION', 'LIN1') \
                else word
        raise ModSyntaxError('syntax error at %s%s' % (shown, where), pos,
                             _line_text(lexer, pos.line)) from None


def _line_text(lexer, line: int) -> str:
    starts = lexer.line_starts
    if not 1 <= line <= len(starts):
        return ''
    end = lexer.text.find('\n', starts[line - 1])
    return lexer.text[starts[line - 1]:end if end >= 0 else len(lexer.text)]


def parse_file(path: str) -> ast.Program:
    """Parse the ``.mod`` file at ``path`` (read as latin-1: comments hold any bytes)."""
    with open(path, 'rb') as f:
        data = f.read()
    return parse(data.decode('latin-1'), path)


def write_tables() -> None:
    """Regenerate ``_parsetab.pickle`` next to this module."""
    global _PARSER
    if os.path.exists(TABLES):
        os.remove(TABLES)
    _PARSER = _build(write=True)


if __name__ == '__main__':
    write_tables()
