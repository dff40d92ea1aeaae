"""HOC grammar (PLY yacc) and ``parse_statement``: one top-level statement at a time.

The token feeder reads physical lines from a SourceStream only as the grammar needs them and
ends the token stream at the first newline outside braces, so the parser never reads past the
statement it returns: the lines after it stay in the stream for ``fscan()`` and for the next
statement.  Parse tables are generated ahead of time into ``_parsetab.pickle``/``_lextab.py``
(``python -m pyhoc.hoc.parser`` rewrites them; a test checks they match this grammar).
"""
from __future__ import annotations

import os
import pickle
import sys
from typing import Optional

from . import ast
from .lexer import HocLexer, LexError, LineLexer, token_end
from ..errors import Coord, HocSyntaxError, IncompleteInput
from ..sim import registry

tokens = HocLexer.tokens

precedence = (
    ('nonassoc', 'LOWER_THAN_ELSE'),
    ('nonassoc', 'ELSE'),
    ('right', '=', 'PLUSEQ', 'MINUSEQ', 'TIMESEQ', 'DIVEQ'),
    ('left', 'OR'),
    ('left', 'AND'),
    ('left', 'EQ', 'NE', 'LT', 'LE', 'GT', 'GE'),
    ('left', '+', '-'),
    ('left', '*', '/', '%'),
    ('right', 'UNARY', 'NOT'),
    ('right', '^'),
    ('left', 'MEMBER'),     # after ``for o.it``, '(' continues the postfix, never a statement
)

start = 'top'

DEF_KINDS = {'proc': 'proc', 'func': 'func', 'obfunc': 'obfunc', 'iterator': 'iterator'}


def _line(p, i=1):
    return p.lineno(i) or p.lexer.current_line


# ---- top level --------------------------------------------------------------------------
def p_top_stmt(p):
    """top : stmt NEWLINE"""
    p[0] = p[1]


def p_top_empty(p):
    """top : NEWLINE"""
    p[0] = ast.Empty(line=_line(p))


def p_empty(p):
    """empty :"""


# ---- statements -------------------------------------------------------------------------
def p_stmt_expr(p):
    """stmt : expr"""
    p[0] = ast.ExprStmt(p[1], line=p[1].line)


def p_stmt_prefix(p):
    """stmt : secref stmt"""
    p[0] = ast.SectionPrefix(p[1], p[2], line=p[1].line)


def p_secref(p):
    """secref : secbare
              | secmember"""
    p[0] = p[1]


def p_secbare(p):
    """secbare : SECNAME"""
    p[0] = ast.Name(p[1], line=_line(p))


def p_secbare_index(p):
    """secbare : secbare '[' expr ']'"""
    # one subscript per dimension: create dend[2][3] ... dend[1][2] { }
    p[0] = ast.Index(p[1], p[3], line=p[1].line)


def p_secmember(p):
    """secmember : postfix '.' SECNAME
                 | secref '.' SECNAME"""
    p[0] = ast.Member(p[1], p[3], line=p[1].line)


def p_secmember_index(p):
    """secmember : secmember '[' expr ']'"""
    p[0] = ast.Index(p[1], p[3], line=p[1].line)


def p_postfix_secmember(p):
    """postfix : secmember"""
    # ``obj.sec`` as a value (``si.spsec = si0.sec``, ``f(s.sec)``); NEURON takes a section
    # reached through a member this way, but not a bare section name (``x = soma``)
    p[0] = p[1]


def p_postfix_secref(p):
    """postfix : secref '.' member
               | secmember '(' args ')'"""
    # a bare section with a position (``soma(0.5)``) is no value in NEURON's grammar
    # (``print soma(0.5)``, ``x = soma(.5)``: syntax errors); only connect takes it (secpos).
    # Through an object (``cell.soma(0.5)``) it is an object expression there.
    if p[2] == '.':
        p[0] = ast.Member(p[1], p[3], line=p[1].line)
    else:
        p[0] = ast.Call(p[1], p[3], line=p[1].line)


def p_secpos(p):
    """secpos : secbare '(' expr ')'"""
    p[0] = ast.Call(p[1], [p[3]], line=p[1].line)


def p_stmt_object_prefix(p):
    """stmt : postfix OBSTMT stmt"""
    # NEURON's ``ob stmt``: an object expression and then a statement, one line
    # (``vec.fill(1) printf("ok\n")``, ``sr.parent print secname()``); the object is the
    # statement's section when it is a section, else only evaluated.  The token feeder puts
    # OBSTMT where such an object's chain ends (TokenFeeder._object_chains).
    p[0] = ast.SectionPrefix(p[1], p[3], line=p[1].line)


def p_stmt_block(p):
    """stmt : block"""
    p[0] = p[1]


def p_block(p):
    """block : '{' stmtlist '}'"""
    p[0] = ast.Block(p[2], line=_line(p))


def p_stmtlist(p):
    """stmtlist : stmtlist stmt
                | stmtlist NEWLINE
                | empty"""
    # as NEURON's stmtlist: a newline inside braces separates statements (a statement may
    # not go on to the next line), and statements on one line need no separator
    if len(p) == 3:
        if not isinstance(p[2], str):   # a NEWLINE
            p[1].append(p[2])
        p[0] = p[1]
    else:
        p[0] = []


def p_stmt_if(p):
    """stmt : IF '(' expr ')' stmt %prec LOWER_THAN_ELSE
            | IF '(' expr ')' stmt ELSE stmt"""
    p[0] = ast.If(p[3], p[5], p[7] if len(p) == 8 else None, line=_line(p))


def p_stmt_while(p):
    """stmt : WHILE '(' expr ')' stmt"""
    p[0] = ast.While(p[3], p[5], line=_line(p))


def p_stmt_forc(p):
    """stmt : FOR '(' opt_stmt ';' opt_expr ';' opt_stmt ')' stmt"""
    p[0] = ast.ForC(p[3], p[5], p[7], p[9], line=_line(p))


def p_opt_stmt(p):
    """opt_stmt : stmt
                | empty"""
    p[0] = p[1]


def p_opt_expr(p):
    """opt_expr : expr
                | empty"""
    p[0] = p[1]


def p_stmt_forrange(p):
    """stmt : FOR postfix '=' expr ',' expr stmt
            | FOR postfix '=' expr ',' expr FORBODY stmt"""
    body = p[len(p) - 1]
    if len(p) == 8 and isinstance(body, ast.ExprStmt) and isinstance(body.expr, ast.Unary) \
            and body.expr.op == '-':
        # (``for i = 0, 1 -x`` and the line's end: NEURON's parser takes the '-' as the
        # bound's, and then finds no body; a body ``-x`` is this rule only when nothing
        # could go on with ``1 - x``)
        look = p.lexer.look
        raise _SyntaxError(None if look is None or look is _END else look)
    p[0] = ast.ForRange(p[2], p[4], p[6], body, line=_line(p))


def p_stmt_foriter(p):
    """stmt : FOR postfix '(' args ')' stmt"""
    # NEURON needs the call's parentheses ("for it print i" is a syntax error); with them
    # in the rule, "for it(1) print i" is not read as "for it" + "(1)" + ...
    call = ast.Call(p[2], p[4], line=p[2].line)
    p[0] = ast.ForIter(call, p[6], line=_line(p))


def p_stmt_foriter_member(p):
    """stmt : FOR postfix '.' member stmt"""
    # an object's iterator may go without parentheses (``for rcell.object(i).sections {}``);
    # a bare name may not.  (``for o.it(1) ...`` still reads the call: see MEMBER)
    it = ast.Member(p[2], p[4], line=p[2].line)
    p[0] = ast.ForIter(ast.Call(it, [], line=it.line), p[5], line=_line(p))


def p_stmt_forseg(p):
    """stmt : FOR '(' NAME ')' stmt
            | FOR '(' NAME ',' expr ')' stmt"""
    if len(p) == 6:
        p[0] = ast.ForSegments(p[3], None, p[5], line=_line(p))
    else:
        p[0] = ast.ForSegments(p[3], p[5], p[7], line=_line(p))


def p_stmt_simple(p):
    """stmt : BREAK
            | CONTINUE
            | STOP
            | ITERATOR_STATEMENT"""
    cls = {'break': ast.Break, 'continue': ast.Continue, 'stop': ast.Stop,
           'iterator_statement': ast.IteratorStatement}[p[1]]
    p[0] = cls(line=_line(p))


def p_stmt_return(p):
    """stmt : RETURN
            | RETURN expr"""
    p[0] = ast.Return(p[2] if len(p) == 3 else None, line=_line(p))


def p_stmt_print(p):
    """stmt : PRINT exprlist"""
    p[0] = ast.Print(p[2], line=_line(p))


def p_exprlist(p):
    """exprlist : exprlist ',' expr
                | expr"""
    if len(p) == 4:
        p[1].append(p[3])
        p[0] = p[1]
    else:
        p[0] = [p[1]]


def p_stmt_declare(p):
    """stmt : DOUBLE declist
            | STRDEF declist
            | OBJREF declist
            | CREATE declist"""
    kind = {'objectvar': 'objref'}.get(p[1], p[1])
    p[0] = ast.Declare(kind, p[2], line=_line(p))


def p_declist(p):
    """declist : declist ',' decl
               | decl"""
    if len(p) == 4:
        p[1].append(p[3])
        p[0] = p[1]
    else:
        p[0] = [p[1]]


def p_decl(p):
    """decl : NAME
            | decl '[' expr ']'"""
    if len(p) == 2:
        p[0] = (p[1], [])
    else:
        p[0] = (p[1][0], p[1][1] + [p[3]])


def p_stmt_local(p):
    """stmt : LOCAL namelist
            | LOCALOBJ namelist"""
    p[0] = ast.Local(p[1], p[2], line=_line(p))


def p_namelist(p):
    """namelist : namelist ',' NAME
                | namelist ',' SECNAME
                | NAME
                | SECNAME"""
    # (``public soma`` after ``create soma``: the name is a section by then)
    if len(p) == 4:
        p[1].append(p[3])
        p[0] = p[1]
    else:
        p[0] = [p[1]]


def p_stmt_funcdef(p):
    """stmt : PROC NAME '(' ')' block
            | FUNC NAME '(' ')' block
            | OBFUNC NAME '(' ')' block
            | ITERATOR NAME '(' ')' block"""
    # the "{" must be on the header's line: NEURON 9 rejects "proc p()" <newline> "{"
    p[0] = ast.FuncDef(DEF_KINDS[p[1]], p[2], p[5], line=_line(p))


def p_stmt_template(p):
    """stmt : BEGINTEMPLATE NAME
            | ENDTEMPLATE NAME"""
    cls = ast.BeginTemplate if p[1] == 'begintemplate' else ast.EndTemplate
    p[0] = cls(p[2], line=_line(p))


def p_stmt_public(p):
    """stmt : PUBLIC namelist
            | EXTERNAL namelist"""
    cls = ast.Public if p[1] == 'public' else ast.External
    p[0] = cls(p[2], line=_line(p))


def p_stmt_delete(p):
    """stmt : DELETE NAME"""
    p[0] = ast.Delete(p[2], line=_line(p))


def p_stmt_access(p):
    """stmt : ACCESS postfix
            | ACCESS secbare"""
    p[0] = ast.Access(p[2], line=_line(p))


def p_stmt_connect(p):
    """stmt : CONNECT postfix ',' expr
            | CONNECT secpos ',' expr
            | CONNECT postfix ',' secpos
            | CONNECT secpos ',' secpos"""
    p[0] = ast.Connect(p[2], p[4], None, line=_line(p))


def p_stmt_insert(p):
    """stmt : INSERT NAME
            | UNINSERT NAME"""
    node = p[0] = ast.Insert(p[2], p[1] == 'uninsert', line=_line(p))
    feeder = p.lexer
    if feeder is not None and feeder.current_line == p.lineno(2):
        # NEURON refuses a name that is no mechanism as it parses it: its error shows this
        # line (not a field: trees compare without it)
        node.text = feeder.line_text


def p_stmt_forall(p):
    """stmt : FORALL stmt"""
    p[0] = ast.ForAll(p[2], line=_line(p))


def p_stmt_forsec(p):
    """stmt : FORSEC selector stmt
            | IFSEC selector stmt"""
    p[0] = ast.ForSec(p[1], p[2], p[3], line=_line(p))


def p_selector(p):
    """selector : STRING
                | postfix
                | secbare"""
    p[0] = ast.Str(p[1], line=_line(p)) if isinstance(p[1], str) else p[1]


def p_stmt_taper(p):
    """stmt : postfix '(' expr ':' expr ')' '=' expr ':' expr
            | postfix '(' expr ':' expr ')' PLUSEQ expr ':' expr
            | postfix '(' expr ':' expr ')' MINUSEQ expr ':' expr
            | postfix '(' expr ':' expr ')' TIMESEQ expr ':' expr
            | postfix '(' expr ':' expr ')' DIVEQ expr ':' expr"""
    p[0] = ast.RangeTaper(p[1], p[3], p[5], p[8], p[10], p[7], line=p[1].line)


def p_stmt_setpointer(p):
    """stmt : SETPOINTER expr ',' expr"""
    p[0] = ast.SetPointer(p[2], p[4], line=_line(p))


def p_stmt_depvar(p):
    """stmt : DEPVAR declist"""
    p[0] = ast.DepVar(p[2], line=_line(p))


def p_stmt_eqn(p):
    """stmt : EQN decl ':' expr EQNEQ
            | EQN decl ':' EQNEQ expr
            | EQN decl ':' ':' expr EQNEQ expr"""
    if len(p) == 8:
        p[0] = ast.Eqn(p[2], p[5], p[7], True, line=_line(p))
    elif p[4] == '=':
        p[0] = ast.Eqn(p[2], None, p[5], False, line=_line(p))
    else:
        p[0] = ast.Eqn(p[2], p[4], None, False, line=_line(p))


def p_top_help(p):
    """top : HELP NEWLINE"""
    # the lexer gives "help ..." up to the end of the line as one token; NEURON takes it only
    # as a statement of its own ("{help x" <newline> "}" is a syntax error there)
    p[0] = ast.Empty(line=_line(p))


def p_stmt_misc(p):
    """stmt : DEBUG"""
    p[0] = ast.Empty(line=_line(p))


# ---- expressions ------------------------------------------------------------------------
def p_expr_assign(p):
    """expr : postfix '=' expr
            | postfix PLUSEQ expr
            | postfix MINUSEQ expr
            | postfix TIMESEQ expr
            | postfix DIVEQ expr"""
    p[0] = ast.Assign(p[2], p[1], p[3], line=p[1].line)


def p_expr_binop(p):
    """expr : expr OR expr
            | expr AND expr
            | expr EQ expr
            | expr NE expr
            | expr LT expr
            | expr LE expr
            | expr GT expr
            | expr GE expr
            | expr '+' expr
            | expr '-' expr
            | expr '*' expr
            | expr '/' expr
            | expr '%' expr"""
    p[0] = ast.BinOp(p[2], p[1], p[3], line=p[1].line)


def p_expr_unary(p):
    """expr : '-' expr %prec UNARY
            | NOT expr"""
    p[0] = ast.Unary(p[1], p[2], line=_line(p))


def p_expr_power(p):
    """expr : postfix '^' expr"""
    p[0] = ast.BinOp('^', p[1], p[3], line=p[1].line)


def p_expr_postfix(p):
    """expr : postfix"""
    p[0] = p[1]


def p_postfix_read(p):
    """postfix : READ '(' postfix ')'"""
    p[0] = ast.Read(p[3], line=_line(p))


def p_postfix_primary(p):
    """postfix : primary"""
    p[0] = p[1]


def p_postfix_index(p):
    """postfix : postfix '[' expr ']'"""
    p[0] = ast.Index(p[1], p[3], line=p[1].line)


def p_postfix_member(p):
    """postfix : postfix '.' member %prec MEMBER"""
    p[0] = ast.Member(p[1], p[3], line=p[1].line)


def p_member(p):
    """member : NAME
              | PRINT
              | DELETE
              | INSERT
              | UNINSERT
              | ACCESS
              | CONNECT
              | READ
              | PUBLIC
              | STOP"""
    p[0] = p[1]


def p_postfix_call(p):
    """postfix : postfix '(' args ')'"""
    p[0] = ast.Call(p[1], p[3], line=p[1].line)


def p_args(p):
    """args : arglist
            | empty"""
    p[0] = p[1] if p[1] is not None else []


def p_arglist(p):
    """arglist : arglist ',' arg
               | arg"""
    if len(p) == 4:
        p[1].append(p[3])
        p[0] = p[1]
    else:
        p[0] = [p[1]]


def p_arg(p):
    """arg : expr
           | '&' postfix"""
    p[0] = p[1] if len(p) == 2 else ast.AddressOf(p[2], line=_line(p))


def p_primary_name(p):
    """primary : NAME"""
    p[0] = ast.Name(p[1], line=_line(p))


def p_primary_number(p):
    """primary : NUMBER"""
    p[0] = ast.Num(p[1], line=_line(p))


def p_primary_string(p):
    """primary : STRING"""
    p[0] = ast.Str(p[1], line=_line(p))


def p_primary_arg(p):
    """primary : ARG"""
    kind, index = p[1]
    if isinstance(index, str):
        index = ast.Name(index, line=_line(p))
    p[0] = ast.Arg(kind, index, line=_line(p))


def p_primary_paren(p):
    """primary : '(' expr ')'"""
    p[0] = p[2]


def p_primary_new(p):
    """primary : NEW NAME '(' args ')'"""
    p[0] = ast.New(p[2], p[4], line=_line(p))


def p_error(tok):
    raise _SyntaxError(tok)


class _SyntaxError(Exception):
    def __init__(self, tok):
        self.tok = tok


# ---- the token feeder ---------------------------------------------------------------------
class TokenFeeder:
    """Feeds PLY one statement's tokens, reading lines from ``stream`` only as needed.

    Newlines inside braces are passed on (the grammar takes them between statements, as
    NEURON's stmtlist does); the first newline at brace depth 0 ends the statement.  A block
    comment that runs over a line end is whitespace: the statement goes on after it.
    """

    def __init__(self, lexer, stream, section_name=None, object_name=None):
        self.section_name = section_name
        self.object_name = object_name
        self.local_kinds: dict = {}   # local / localobj names declared in this statement
        self.in_local = None          # 'other' (local) or 'obj' (localobj) in their name list
        self.def_step = 0             # tokens of ``proc name() {`` met so far (after the first)
        self.def_depth = 0            # the brace depth of the definition's body being read
        self.local_ok = _NO_LOCAL     # which of LOCAL, LOCALOBJ the next token may be
        self.groups: list = []        # the open '(' ('call', 'new', 'cond', 'paren') and '['
        self.closed = None            # what the last ')' or ']' closed
        self.for_range = False        # in ``for name = a, b`` before its body
        self.prev2 = None             # the token before the last one read
        self.messages: dict = {}      # id(token) -> the error NEURON's parser gives there
        self.decl = None              # in a list of names declared: (the open groups' count,
        #                               the declaring keyword)
        self.in_create = False
        self.created: set = set()     # sections created earlier in this statement
        self.lexer = lexer
        self.stream = stream
        self.pending: list = []
        self.depth = 0
        self.in_eqn = 0               # 1 after ``eqn``, 2 after its ':'
        self.done = False
        self.started = False
        self.current_line = 0
        self.line_text = ''
        self.last_tok = None
        self.first_line = 0
        self.eof_in_comment = False   # the source ended inside an open /* comment
        self.size = 0                 # an estimate of NEURON's code size (_CODE_SIZE)
        self.look = None              # the parser's lookahead when a rule is reduced

    def _read_line(self) -> bool:
        text = self.stream.readline()
        if text is None:
            if self.lexer.current_state() != 'INITIAL':
                self.eof_in_comment = True
                self.lexer.begin('INITIAL')   # an open /* must not run into the next source
            return False
        while text.endswith('\\\n') or text.endswith('\\'):
            more = self.stream.readline()
            text = text.rstrip('\n')[:-1] + (more if more is not None else '\n')
            if more is None:
                break
        if not text.endswith('\n'):
            text += '\n'
        self.current_line = self.stream.lineno
        self.line_text = text
        if not self.started:
            self.first_line = self.current_line
        try:
            toks = self.lexer.tokens(text, self.current_line)
        except LexError as e:
            raise HocSyntaxError(str(e), Coord(self.stream.name, self.current_line, text, e.caret))
        # Classify the whole line now (SECNAME, names being created, brace depth), exactly as
        # taking the tokens one at a time would: nothing the parser does in between changes
        # the answers, and a NEWLINE is always a line's last token.  A line that ends inside
        # a block comment yields no NEWLINE: the next line goes on.
        section_name = self.section_name
        created = self.created
        last = self.last_tok
        in_create = self.in_create
        depth = self_depth = self.depth
        in_eqn = self.in_eqn
        size = self.size
        weights = _CODE_SIZE
        prev_last = last
        for tok in toks:
            ty = tok.type
            size += weights.get(ty, 0)
            if in_eqn:      # after ``eqn name:``, '=' separates the two sides (NEURON's EQNEQ)
                if ty == '=' and in_eqn == 2:
                    tok.type = ty = 'EQNEQ'
                elif ty == ':':
                    in_eqn = 2
                elif ty in ('NEWLINE', '{', '}'):
                    in_eqn = 0
            elif ty == 'EQN':
                in_eqn = 1
            if ty == 'NEWLINE':
                if depth > 0:
                    last = tok
                else:
                    self.done = True      # the statement ends with this line
                continue
            if not self.started:
                self.started = True
                self.first_line = self.current_line
            if ty == 'NAME':
                if in_create and last.type in ('CREATE', ','):
                    created.add(tok.value)      # NEURON declares it as it parses
                elif tok.value in created or (
                        section_name is not None and section_name(
                            tok.value, last is not None and last.type == '.')):
                    tok.type = 'SECNAME'
            elif ty == 'CREATE':
                in_create = True
            elif ty not in _IN_CREATE:
                in_create = False
                if ty == '{':
                    depth += 1
                elif ty == '}':
                    depth -= 1
                    if depth < 0:
                        depth = 0
            last = tok
        self.last_tok = last
        self.in_create = in_create
        self.depth = depth
        self.in_eqn = in_eqn
        self.size = size
        if size > MAX_CODE_SIZE:
            # NEURON compiles a statement into a fixed buffer and gives up when it is full
            raise HocSyntaxError('procedure too big', Coord(
                self.stream.name, self.current_line, text, len(text.rstrip('\n'))))
        toks = self._object_chains(toks, prev_last, self_depth)
        toks.reverse()      # taken from the end with pop()
        self.pending.extend(toks)
        return True

    def _object_chains(self, toks: list, before, depth: int) -> list:
        """Two rules of NEURON's grammar that depend on what a name is when it is read
        (``object_name`` answers; ``local``/``localobj`` names of this statement count):
        before '.' (or before a call and '.') a name must be an object, so an undeclared one,
        or a number, string or function, is a syntax error (``cvode.active(1)`` without
        ``objref cvode``, in a proc body too); and an object expression that begins a
        statement may be followed by a statement (``vec.fill(1) print 1``), OBSTMT put
        between them.  Without ``object_name`` (the checker, expression text) any chain with
        a member may be such an object.  ``before``: the token before ``toks`` (None: the
        statement's first); ``depth``: the brace depth before ``toks``.  An objref is no
        function: ``x = vv(3)`` is a syntax error, but in braces, where statements need no
        separator, NEURON's parser ends the statement before the '(' (``{print vv (3)}``:
        ``print vv`` and ``(3)``), and so does a NEWLINE put there."""
        object_name = self.object_name
        local_kinds = self.local_kinds
        in_local = self.in_local
        def_step = self.def_step
        def_depth = self.def_depth
        local_ok = self.local_ok
        groups = self.groups
        closed = self.closed
        for_range = self.for_range
        marks = []
        breaks = []
        bodies = []
        prev = before
        prev2 = self.prev2
        decl = self.decl
        one_arg = -1
        for i, tok in enumerate(toks):
            ty = tok.type
            if prev is not None and prev.type == 'RETURN' and depth > 0 and not groups and (
                    ty == 'STRING' or ty == 'ARG' and tok.value[0] == 's' or ty == 'NAME' and (
                        local_kinds.get(tok.value) == 'str' or object_name is not None and
                        object_name(tok.value) == 'str')):
                # a string is no expression of NEURON's: ``return $s1`` is a return without a
                # value, then the statement ``$s1`` (a func's call then fails: "returns no
                # value")
                breaks.append(i)
            if ty == 'ARG' and not def_depth and object_name is not None:
                # NEURON's parser refuses $1, $s1, $o1, $&1 outside a definition as it reduces
                # it: $s1 and $o1 at once, $1 and $&1 after the next token (a line's end is
                # left to the compiler's same error, its caret there already)
                what = '$' + tok.value[0] if tok.value[0] in ('s', 'o', '&') else '$'
                at = tok if what in ('$s', '$o') else toks[i + 1] if i + 1 < len(toks) and \
                    toks[i + 1].type != 'NEWLINE' else None
                if at is not None:
                    at.type = 'MISPLACED'
                    self.messages[id(at)] = '%s used outside definition' % what
                    if at is tok:
                        ty = 'MISPLACED'
            if ty == '{':
                depth += 1
                for_range = False
            elif ty == '}' and depth > 0:
                depth -= 1
                if depth < def_depth:
                    def_depth = 0           # (the definition's body ends)
            elif ty in _AFTER_OPERAND and prev is not None:
                # NEURON's grammar has no call of a number, string, $1, parenthesized
                # expression or call, nor a subscript or member of one: ``(0.5)(0.3)``,
                # ``f(2)(3)``, ``"a"[0]``, ``(vv).size()`` are syntax errors there; in braces
                # a '(' there begins the next statement (``{x = 5 (3)}``: ``x = 5`` and ``(3)``)
                pt = prev.type
                bad = None        # or 'stmt' (a '(' that may begin a statement), or 'error'
                if pt == 'NUMBER' or pt == 'STRING' and (
                        prev2 is None or prev2.type not in ('FORSEC', 'IFSEC')):
                    bad = 'stmt' if ty == '(' else 'error'
                elif pt == 'ARG' and prev.value[0] != 'o':
                    if ty == '(':
                        bad = 'stmt'
                    elif ty == '.' or prev.value[0] != '&':
                        bad = 'error'
                elif pt == ')' and closed is not None and closed != 'cond':
                    if ty == '(':
                        # (not after an object that begins a statement; unknown without
                        # object_name: ``vec.fill(1) (3)``)
                        if i not in marks and (object_name is not None or closed != 'call'):
                            bad = 'stmt'
                    elif ty == '[' or closed != 'call':
                        bad = 'error'
                if bad == 'stmt' and not groups and (for_range or depth > 0):
                    if for_range:
                        # (``for i = 0, 3 (x)``: ``(x)`` is the loop's body, FORBODY put
                        # before it ends the bound)
                        bodies.append(i)
                    else:
                        breaks.append(i)
                    bad = None
                    for_range = False
                if bad is not None:
                    tok.type = ty = 'MISPLACED'      # (no rule takes it: the parser's error)
                    for_range = False
            elif ty == 'STRING' and prev is not None:
                # a string is no operand of NEURON's expressions: ``1 + "a"``, ``("a")``
                pt = prev.type
                if pt in _OPERATORS or pt == '[' or pt == '(' and groups and \
                        groups[-1] in ('paren', 'cond', 'one'):
                    tok.type = ty = 'MISPLACED'     # (``sqrt("a")`` too: a number's built-in)
                elif pt in _ASSIGN and prev2 is not None and prev2.type == ')':
                    tok.type = ty = 'MISPLACED'     # (``diam(0.5) = "a"``)
            elif ty == 'NAME' and prev is not None and object_name is not None and (
                    prev.type in _OPERATORS or prev.type == '[' or prev.type == '(' and groups
                    and groups[-1] in ('paren', 'cond', 'one') or prev.type in _ASSIGN and
                    prev2 is not None and prev2.type == 'NAME' and not (
                        i >= 3 and toks[i - 3].type == '.') and (      # (not obj.x = s)
                        local_kinds.get(prev2.value) or object_name(prev2.value)) in _NUMERIC
                    ) and (local_kinds.get(tok.value) or object_name(tok.value)) == 'str':
                # a strdef is no operand either: ``x = s``, ``if (s == "a")``, ``1 + s``
                # (NEURON's parser refuses it as it reads it)
                tok.type = ty = 'MISPLACED'
            elif ty == 'NAME' and prev is not None and prev.type == 'ACCESS' and \
                    object_name is not None and (i + 1 >= len(toks) or toks[i + 1].type != '.'):
                tok.type = ty = 'MISPLACED'     # (``access dend``, no section: NEURON's parser)
            elif ty in _OPERATORS and prev is not None and (
                    prev.type == 'STRING' or prev.type == 'NAME' and object_name is not None
                    and (prev2 is None or prev2.type != '.') and
                    (local_kinds.get(prev.value) or object_name(prev.value)) == 'str'):
                # (``"a" + 1``; in braces ``print "a" - 1`` is ``print "a"``, then ``-1``)
                if ty in _UNARY and depth > 0 and not groups:
                    breaks.append(i)
                else:
                    tok.type = ty = 'MISPLACED'
            elif ty == 'ARG' and tok.value[0] == 's' and i + 2 < len(toks) and \
                    toks[i + 1].type == '=' and toks[i + 2].type in _NOT_STRING:
                toks[i + 2].type = 'MISPLACED'      # (``$s1 = 1``)
            elif ty == 'NEW' and object_name is not None:
                # NEURON makes an object only to assign it, return it or pass it (expression
                # text, without object_name, may make one: eval_string('new Vector()'))
                pt = prev.type if prev is not None else None
                if not (pt in _BEFORE_NEW or pt in ('(', ',') and groups and
                        groups[-1] in ('call', 'new')):
                    tok.type = ty = 'MISPLACED'
            if ty == '(':
                pt = prev.type if prev is not None else None
                if pt == 'NAME' and prev2 is not None and prev2.type == 'NEW':
                    groups.append('new')
                elif i == one_arg:
                    groups.append('one')
                elif pt in _CALLEE or (pt == 'ARG' and prev.value[0] == 'o') or (
                        pt in _MEMBER and prev2 is not None and prev2.type == '.'):
                    groups.append('call')
                elif pt in ('IF', 'WHILE', 'FOR'):
                    groups.append('cond')
                else:
                    groups.append('paren')
            elif ty == '[':
                groups.append('[')
            elif ty == ')' or ty == ']':
                if groups and groups[-1] == 'one' and prev.type == '(':
                    tok.type = ty = 'MISPLACED'     # (a one-argument built-in: no rule)
                closed = groups.pop() if groups else None
            elif ty == ',' and groups and groups[-1] == 'one':
                tok.type = ty = 'MISPLACED'
            elif ty == 'NEWLINE':
                for_range = False
            elif prev is not None and prev.type == 'FOR' and ty != '(':
                for_range = True
            # NEURON's grammar takes ``local`` only right after a definition's '{' (on its
            # line), and ``localobj`` there or right after the local names
            ok, local_ok = local_ok, _NO_LOCAL
            if def_step:
                def_step = def_step + 1 if ty == _DEF_HEADER[def_step] else 0
                if def_step == len(_DEF_HEADER):
                    def_step, local_ok = 0, _LOCAL_OK
                    def_depth = depth
            elif ty in _DEFINES and ty != 'NEW':
                def_step = 1
            if ty == 'LOCAL' or ty == 'LOCALOBJ':
                if ty not in ok:
                    raise HocSyntaxError('syntax error', Coord(
                        self.stream.name, self.current_line, self.line_text,
                        token_end(self.line_text, tok.lexpos) - 1))
                in_local = 'other' if ty == 'LOCAL' else 'obj'
            elif in_local is not None and ty in ('NAME', 'SECNAME', ','):
                if ty != ',':
                    local_kinds[tok.value] = in_local
                    if in_local == 'other':
                        local_ok = _LOCALOBJ_OK
            else:
                in_local = None
                at_start = prev is None or prev.type in _BEFORE_STMT
                if ty == 'NAME' and object_name is not None:
                    if prev is not None and prev.type == '.':
                        if i >= 2 and toks[i - 2].type == 'SECNAME' and (
                                i < 3 or toks[i - 3].type != '.'):
                            self._section_member(toks, i, local_kinds)
                            ty = tok.type
                    elif tok.value in registry.MECHANISMS and (
                            prev is None or prev.type not in _TAKES_MECHANISM) and not (
                            decl is not None and len(groups) == decl[0] and prev is not None
                            and (prev.type in _DECLARES or prev.type == ',')) and \
                            tok.value not in local_kinds and \
                            object_name(tok.value) in _MECHANISM_KINDS:
                        # (``hh = 1``, ``print pas``: no rule takes a mechanism's name there)
                        tok.type = ty = 'MISPLACED'
                if ty == 'NAME' and (prev is None or prev.type != '.'):
                    name = tok.value
                    kind = None
                    nxt = toks[i + 1].type if i + 1 < len(toks) else None
                    if decl is not None and len(groups) == decl[0] and prev is not None and (
                            prev.type in _DECLARES or prev.type == ','):
                        # a name being declared (``double a[3], b[2]``): a double's must
                        # have dimensions (``double x`` is no rule of NEURON's)
                        if object_name is not None:
                            self._redeclared(tok, decl[1], local_kinds.get(name) or
                                             object_name(name))
                        if decl[1] == 'STRDEF':
                            local_kinds[name] = 'str'   # (NEURON's parser makes it one now)
                        if decl[1] == 'DOUBLE' and nxt != '[' and nxt is not None:
                            toks[i + 1].type = 'MISPLACED'
                    elif object_name is not None and (nxt == '[' or nxt in _ASSIGN):
                        self._numeric_target(toks, i, name, local_kinds)
                    if object_name is not None and (nxt in _ASSIGN or nxt == '(' or (
                            prev is not None and prev.type in _DEFINES)):
                        # what NEURON's parser refuses by the kind of name as it reads it
                        kind = local_kinds.get(name) or object_name(name)
                        if prev is not None and prev.type in _DEFINES:
                            if kind in _NOT_DEFINABLE and prev.type != 'NEW':
                                tok.type = ty = 'MISPLACED'     # (``proc sin()``)
                            elif kind in _VARIABLE and prev.type != 'NEW':
                                # (``proc t()``: NEURON's parser declares the name, which
                                # its built-in table has; ``proc x()``, x a variable)
                                tok.type = ty = 'MISPLACED'
                                self.messages[id(tok)] = (
                                    '%s : Redeclaring at top level' % name if kind == 'var'
                                    else '%s already defined' % name)
                        elif nxt == '(':
                            if kind == 'builtin' and name in _ONE_ARG:
                                one_arg = i + 1     # (``sin(1, 2)``, ``sin()``)
                        elif kind == 'func' or kind == 'builtin' or kind == 'template':
                            toks[i + 1].type = 'MISPLACED'      # (``sin = 1``, ``f = 2``,
                            # ``Vector = 1``)
                        elif kind == 'str' and i + 2 < len(toks) and \
                                toks[i + 2].type in _NOT_STRING:
                            toks[i + 2].type = 'MISPLACED'      # (``s = 5``, s a strdef)
                    if object_name is not None and prev is not None and \
                            prev.type in _BEFORE_OPERAND and nxt not in _AFTER_CLASS and \
                            (local_kinds.get(name) or object_name(name)) == 'template':
                        # (``x = IClamp``, ``return Vector``: a class's name is no operand;
                        # NEURON's parser refuses it at the token after it, in a body too)
                        if nxt is None:
                            tok.type = ty = 'MISPLACED'
                        else:
                            toks[i + 1].type = 'MISPLACED'
                    dot = i + 1 if nxt == '.' else _skip_group(toks, i + 1) if nxt == '(' \
                        else -1
                    if 0 < dot < len(toks) and toks[dot].type == '.':
                        kind = local_kinds.get(name) or (
                            object_name(name) if object_name is not None else None)
                        if kind in _NOT_OBJECT:
                            raise HocSyntaxError('syntax error', Coord(
                                self.stream.name, self.current_line, self.line_text,
                                toks[dot].lexpos))
                    if at_start:
                        end = _chain_end(toks, i, 'any')
                        chained = end > 0 and toks[end].type in _STMT_START
                        if chained or nxt == '(':
                            # (``vv(3)``, ``vv (3)`` with vv an objref: the object, then the
                            # statement ``(3)``)
                            if kind is None:
                                kind = local_kinds.get(name) or (
                                    object_name(name) if object_name is not None else None)
                            if kind is None:
                                # no one to ask: a chain with a member may be an object, where
                                # the expression cannot go on (eval_string's ``a.b - 1``)
                                if chained and toks[end].type not in ('-', '(') and \
                                        any(t.type == '.' for t in toks[i:end]):
                                    marks.append(end)
                            elif kind in ('obj', 'obfunc', 'template'):
                                end = _chain_end(toks, i, kind)
                                if end > 0 and toks[end].type in _STMT_START:
                                    marks.append(end)
                            elif kind == 'str' and nxt == '(':
                                # (a string is a statement, that the top level ends there)
                                self._objref_call(toks, i + 1, depth, breaks)
                    elif nxt == '(' or nxt == '[':
                        # an objref or a string takes no arguments: ``x = vv(3)``,
                        # ``print vv (3)``, ``print va[0](2)``, ``print s(1)``
                        j = i + 1
                        while 0 < j < len(toks) and toks[j].type == '[':
                            j = _skip_group(toks, j)
                        if 0 < j < len(toks) and toks[j].type == '(' and (
                                prev is None or prev.type not in _DEFINES):
                            if kind is None:
                                kind = local_kinds.get(name) or (
                                    object_name(name) if object_name is not None else None)
                            if kind == 'obj' or (kind == 'str' and j == i + 1):
                                self._objref_call(toks, j, depth, breaks)
                elif ty == 'SECNAME' and decl is not None and decl[1] in ('OBJREF', 'STRDEF') \
                        and len(groups) == decl[0] and prev is not None and (
                            prev.type == decl[1] or prev.type == ','):
                    # (``objref soma``, soma a section: refused as NEURON's parser reads it)
                    tok.type = ty = 'MISPLACED'
                    self.messages[id(tok)] = '%s  already declared' % tok.value
                elif ty == 'ARG' and tok.value[0] == 'o' and not at_start and \
                        i + 1 < len(toks) and toks[i + 1].type == '(':
                    self._objref_call(toks, i + 1, depth, breaks)     # (``x = $o1(3)``)
                elif ty == 'ARG' and at_start and tok.value[0] == 'o':
                    end = _chain_end(toks, i, 'obj')
                    if end > 0 and toks[end].type in _STMT_START:
                        marks.append(end)
            if ty in _DECLARES:
                decl = (len(groups), ty)
            elif decl is not None and len(groups) <= decl[0] and ty not in _IN_DECL:
                decl = None
            prev2 = prev
            prev = tok
        self.decl = decl
        self.in_local = in_local
        self.def_step = def_step
        self.def_depth = def_depth
        self.local_ok = local_ok
        self.closed = closed
        self.for_range = for_range
        self.prev2 = prev2
        if breaks or bodies:
            marks = sorted([(j, 'OBSTMT') for j in marks] + [(j, 'NEWLINE') for j in breaks]
                           + [(j, 'FORBODY') for j in bodies])
            for j, ty in reversed(marks):
                toks.insert(j, _Tok(ty, '\n' if ty == 'NEWLINE' else None, toks[j].lineno,
                                    toks[j].lexpos))
            return toks
        for j in reversed(marks):
            toks.insert(j, _Tok('OBSTMT', None, toks[j].lineno, toks[j].lexpos))
        return toks

    def _section_member(self, toks: list, i: int, local_kinds: dict) -> None:
        """``sec.name`` (``toks[i]`` the name): NEURON's parser takes a range variable or a
        section property there; a number's name (or one not yet declared) is its error "name
        not a section variable", a mechanism's, function's, string's or object's a syntax
        error, as it reads the name; a string assigned to it is one at the string."""
        tok = toks[i]
        name = tok.value
        if i + 2 < len(toks) and toks[i + 1].type in _ASSIGN and toks[i + 2].type == 'STRING':
            toks[i + 2].type = 'MISPLACED'      # (``soma.L = "a"``)
        kind = 'local' if name in local_kinds else self.object_name(name)
        if kind in _SECTION_VAR_NOT:
            tok.type = 'MISPLACED'
            self.messages[id(tok)] = '%s not a section variable' % name
        elif kind in _NOT_SECTION_MEMBER:
            tok.type = 'MISPLACED'

    def _redeclared(self, tok, keyword: str, kind: str) -> None:
        """NEURON's parser's refusals of a name ``tok`` declared by ``keyword`` that is
        something else (``kind``, object_name's answer), as it reads the name: a double's
        must be a number's or new (no rule takes another), a strdef's or objref's may be
        new or its own kind ("x  already declared"); a variable of the built-in table is
        "Redeclaring at top level".  (Other names are left to the declaration's run.)"""
        if kind == 'var' or kind in _TOP_RANGE and keyword != 'DOUBLE':
            # (a range variable or mechanism is in the built-in table too: ``objref a, v, b``)
            message = '%s : Redeclaring at top level' % tok.value
        elif keyword == 'DOUBLE':
            if kind not in _REDOUBLE:
                return
            message = None
        elif kind in _VARIABLE or kind in _FUNCTIONS or kind == (
                'obj' if keyword == 'STRDEF' else 'str' if keyword == 'OBJREF' else None):
            message = '%s  already declared' % tok.value
        else:
            return
        tok.type = 'MISPLACED'
        if message is not None:
            self.messages[id(tok)] = message

    def _numeric_target(self, toks: list, i: int, name: str, local_kinds: dict) -> None:
        """Two rules of NEURON's parser for a name ``toks[i]`` followed by '[' or an
        assignment, by what the name is as it is read.  Subscripts of a name that is no
        array (a number, a built-in variable, a name not yet declared) are its error "x not
        an array variable"; a ``local``'s are a syntax error at the '['.  A string assigned to a number (``x =
        "a"``, ``a[0] = "a"``) is a syntax error at the string."""
        kind = local_kinds.get(name)
        j = i + 1
        if toks[j].type == '[':
            if kind == 'other':
                toks[j].type = 'MISPLACED'      # (a local: no rule takes a subscript)
                return
            while 0 < j < len(toks) and toks[j].type == '[':
                j = _skip_group(toks, j)
            if not 0 < j < len(toks):
                return          # (the subscripts go on to the next line: left to run time)
            if kind is None:
                kind = self.object_name(name)
                if kind in _SCALAR:
                    # (under the token after them: the one its parser had read then)
                    toks[j].type = 'MISPLACED'
                    self.messages[id(toks[j])] = '%s not an array variable' % name
        if j < len(toks) - 1 and toks[j].type in _ASSIGN and toks[j + 1].type == 'STRING':
            if kind is None:
                kind = self.object_name(name)
            if kind in _NUMERIC or kind in _RANGE_KINDS:
                toks[j + 1].type = 'MISPLACED'      # (``diam = "a"`` too)

    def _objref_call(self, toks: list, j: int, depth: int, breaks: list) -> None:
        """``toks[j]`` is a '(' after an object that is no statement's start: a syntax error
        at the top level; in braces the statement ends there (a NEWLINE put before it)."""
        if depth == 0:
            raise HocSyntaxError('syntax error', Coord(
                self.stream.name, self.current_line, self.line_text, toks[j].lexpos))
        breaks.append(j)

    def token(self):
        """The next token (None once the statement has ended).  The LR driver pops
        ``pending`` itself and calls this only when it is empty."""
        pending = self.pending
        while True:
            if pending:
                return pending.pop()
            if self.done:
                return None
            if not self._read_line():
                if self.depth > 0 or (self.started and self.eof_in_comment):
                    # (a statement that a comment ran on from ends with the input: its line
                    # has no newline, and NEURON's parser meets the end of input)
                    self.done = True
                    raise IncompleteInput('syntax error', Coord(
                        self.stream.name, self.current_line, self.line_text,
                        len(self.line_text)))
                if self.started:
                    self.done = True
                    return _newline_token(self.current_line)
                return None

    def error_coord(self, tok) -> Coord:
        """Where a syntax error at ``tok`` is shown: NEURON's caret is under the last
        character its lexer took, the offending token's last."""
        text = self.line_text
        if tok is None:
            col = len(text.rstrip('\n'))
        else:
            col = getattr(tok, 'lexpos', 0)
            if tok.type != 'OBSTMT':
                col = max(token_end(text, col) - 1, col)
        return Coord(self.stream.name, self.current_line, text, col)

    def skip_rest(self) -> None:
        """After an error, drop what is left of the current line and close open braces."""
        self.pending.clear()
        self.depth = 0
        self.in_eqn = 0
        self.done = True


# NEURON compiles each top-level statement (a proc with its body, a braced block) into a
# buffer of 50000 instructions and stops with "procedure too big" when it overflows; these
# are about the instructions a token costs there (a name pushed and evaluated, a constant,
# an operator, a statement's end), fitted so that NEURON's limit falls on the same line for
# plain statements ("x = 1": 7, "x = y + z * 2": 15, "pt3dadd(1, 2, 3, 4)": 12 there, 13 here)
MAX_CODE_SIZE = 50000
_CODE_SIZE = {'NAME': 3, 'SECNAME': 3, 'ARG': 3, 'NUMBER': 2, 'STRING': 2, 'NEWLINE': 2,
              'IF': 4, 'WHILE': 4, 'FOR': 4, 'PRINT': 2, 'RETURN': 2, '{': 1, '}': 1,
              '+': 1, '-': 1, '*': 1, '/': 1, '%': 1, '^': 1, 'EQ': 1, 'NE': 1, 'LT': 1,
              'LE': 1, 'GT': 1, 'GE': 1, 'AND': 1, 'OR': 1, 'NOT': 1}

# NEURON's ``ob stmt``: an object expression at the start of a statement may be followed by
# any statement that begins with one of these (its parser takes the statement rather than
# going on with the expression: ``vec.x[0] - 1`` there is the object, then ``-1``)
_STMT_START = frozenset((
    'NAME', 'SECNAME', 'NUMBER', 'STRING', 'ARG', '{', '(', '-', 'NOT', 'READ', 'PRINT', 'IF',
    'WHILE', 'FOR', 'RETURN', 'BREAK', 'CONTINUE', 'STOP', 'ITERATOR_STATEMENT', 'DOUBLE',
    'STRDEF', 'OBJREF', 'CREATE', 'ACCESS', 'CONNECT', 'INSERT', 'UNINSERT', 'FORALL',
    'FORSEC', 'IFSEC', 'DELETE', 'SETPOINTER', 'DEPVAR', 'EQN'))
# the tokens after which a name begins a statement (None: the statement's first token); two
# operands are never adjacent in an expression, so a name after one begins the next statement
_BEFORE_STMT = frozenset((
    'NEWLINE', '{', '}', ')', ']', 'ELSE', 'NUMBER', 'NAME', 'SECNAME', 'STRING', 'ARG',
    'BREAK', 'CONTINUE', 'STOP', 'ITERATOR_STATEMENT'))
# the tokens after which a name followed by '(' is being defined or made, not called
_DEFINES = frozenset(('PROC', 'FUNC', 'OBFUNC', 'ITERATOR', 'NEW'))
# a definition's header after its keyword, and where local declarations may then come
_DEF_HEADER = (None, 'NAME', '(', ')', '{')
_NO_LOCAL = frozenset()
_LOCAL_OK = frozenset(('LOCAL', 'LOCALOBJ'))
_LOCALOBJ_OK = frozenset(('LOCALOBJ',))
# the tokens that cannot follow some operands (_object_chains), and the tokens before a '('
# that make it a call's
_AFTER_OPERAND = frozenset(('(', '[', '.'))
_OPERATORS = frozenset(('+', '-', '*', '/', '%', '^', 'EQ', 'NE', 'LT', 'LE', 'GT', 'GE',
                        'AND', 'OR', 'NOT'))
_UNARY = frozenset(('-', 'NOT'))
_ASSIGN = frozenset(('=', 'PLUSEQ', 'MINUSEQ', 'TIMESEQ', 'DIVEQ'))
# where a class's name would be an operand (refused), and what may follow it there
_BEFORE_OPERAND = _ASSIGN | _OPERATORS | frozenset(('RETURN', 'PRINT'))
_AFTER_CLASS = frozenset(('[', '.'))
# NEURON's built-in functions of exactly one argument (its BLTIN symbols)
_ONE_ARG = frozenset(('sin', 'cos', 'atan', 'tanh', 'log', 'log10', 'exp', 'sqrt', 'int',
                      'abs', 'erf', 'erfc'))
# the kinds of name that ``proc name()`` cannot define (a syntax error; a variable's name is
# refused as the parser reads it: "x already defined"); what cannot begin a string's
# assigned value
_NOT_DEFINABLE = frozenset(('str', 'obj', 'template', 'builtin', 'rangevar', 'toprange',
                            'mech', 'topmech'))
_NOT_STRING = frozenset(('NUMBER', '-', 'NOT', '('))
_BEFORE_NEW = frozenset(('=', 'PLUSEQ', 'MINUSEQ', 'TIMESEQ', 'DIVEQ', 'RETURN'))
_CALLEE = frozenset(('NAME', 'SECNAME', ']', 'READ'))
_MEMBER = frozenset(('NAME', 'SECNAME', 'PRINT', 'DELETE', 'INSERT', 'UNINSERT', 'ACCESS',
                     'CONNECT', 'READ', 'PUBLIC', 'STOP'))
# the statements that declare names (what follows: the names, their dimensions, commas);
# object_name's answers (and a local's) for a name that takes no subscript as it is read
_DECLARES = frozenset(('DOUBLE', 'OBJREF', 'STRDEF', 'CREATE', 'PUBLIC', 'EXTERNAL'))
_IN_DECL = frozenset(('NAME', 'SECNAME', ',', '[', ']'))
_VARIABLE = frozenset(('var', 'other', 'scalar'))
_FUNCTIONS = frozenset(('func', 'obfunc'))
_REDOUBLE = frozenset(('str', 'obj', 'func', 'obfunc', 'rangevar', 'toprange', 'mech',
                       'topmech'))   # (``double`` refuses)
_SCALAR = frozenset(('scalar', 'var', 'undef'))
_NUMERIC = frozenset(('scalar', 'var', 'undef', 'other'))
_NOT_OBJECT = ('undef', 'other', 'func', 'str', 'var', 'rangevar', 'toprange', 'mech',
               'topmech', 'scalar', 'own')  # object_name's answers for which ``name.`` is an error
_TOP_RANGE = ('toprange', 'topmech')
_RANGE_KINDS = ('toprange', 'rangevar')
# a mechanism's name (NEURON's MECHANISM token) is no operand: only these take it before it
# (with the names declared, ``local`` lists and members after '.')
_TAKES_MECHANISM = frozenset(('INSERT', 'UNINSERT', 'NEW', 'PROC', 'FUNC', 'OBFUNC',
                              'ITERATOR', 'BEGINTEMPLATE', 'ENDTEMPLATE'))
_MECHANISM_KINDS = ('mech', 'topmech')
# after a section's name and '.', a name NEURON's lexer makes a VAR: "x not a section
# variable" (a range variable or section property is what it takes)
_SECTION_VAR_NOT = ('undef', 'scalar')
_NOT_SECTION_MEMBER = ('local', 'mech', 'topmech', 'func', 'builtin', 'str', 'obj', 'obfunc',
                       'template')


def _skip_group(toks: list, j: int) -> int:
    """The index after the bracket group that opens at ``toks[j]``; -1 if the line ends in it."""
    depth = 0
    for k in range(j, len(toks)):
        t = toks[k].type
        if t == '[' or t == '(':
            depth += 1
        elif t == ']' or t == ')':
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def _chain_end(toks: list, i: int, head: str) -> int:
    """The index of the token after NEURON's object expression (``ob``) that starts at
    ``toks[i]``, or -1 if none does.  ``head``: 'obj' (an objref, ``this``, a localobj or $o,
    then any subscripts), 'obfunc' (then '(' args ')'), 'template' (then one '[' i ']'), or
    'any' (an obfunc's form before '(', else an objref's); then ``.member [i]... [(args)]``."""
    n = len(toks)
    j = i + 1
    if head == 'any':
        head = 'obfunc' if j < n and toks[j].type == '(' else 'obj'
    if head == 'obfunc' or head == 'template':
        if j >= n or toks[j].type != ('(' if head == 'obfunc' else '['):
            return -1
        j = _skip_group(toks, j)
    elif toks[i].type != 'ARG':
        while 0 < j < n and toks[j].type == '[':
            j = _skip_group(toks, j)
    while 0 < j < n and toks[j].type == '.':
        if j + 1 >= n or toks[j + 1].type not in _MEMBER:
            return -1
        j += 2
        while 0 < j < n and toks[j].type == '[':
            j = _skip_group(toks, j)
        if 0 < j < n and toks[j].type == '(':
            j = _skip_group(toks, j)
    return j if 0 < j < n else -1


# the tokens that may follow "create name" without ending the list of created names
_IN_CREATE = frozenset((',', '[', ']', 'NUMBER', 'NAME', 'ARG', '+', '-', '*', '/'))


def _newline_token(line):
    return _Tok('NEWLINE', '\n', line, 0)


class _Tok:
    """A synthetic token; ``lexer`` is there because PLY sets it on an error token."""
    __slots__ = ('type', 'value', 'lineno', 'lexpos', 'lexer')

    def __init__(self, type, value, lineno, lexpos):
        self.type, self.value, self.lineno, self.lexpos = type, value, lineno, lexpos
        self.lexer = None


# ---- building and using the parser ------------------------------------------------------------
TABLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '_parsetab.pickle')


def grammar_signature() -> str:
    """PLY's signature of this grammar (changes whenever a rule or precedence changes)."""
    import ply.yacc as yacc
    reflect = yacc.ParserReflect(vars(sys.modules[__name__]))
    reflect.get_all()
    return reflect.signature()


class _Production:
    """One grammar rule as the pickled tables give it (PLY's MiniProduction's fields)."""
    __slots__ = ('str', 'name', 'len', 'func', 'file', 'line', 'callable')

    def __init__(self, str, name, len, func, file, line):
        self.str, self.name, self.len, self.func, self.file, self.line = \
            str, name, len, func, file, line
        self.callable = None


class _Slice(list):
    """What a rule function gets as ``p``: ``p[0]`` the result, ``p[i]`` the values of the
    right-hand side, ``p.lineno(i)`` a token's line (0 for a nonterminal, as PLY without
    tracking), ``p.lexer`` the token feeder.  The driver sets ``lexer`` and ``stack`` (its
    line-number stack, whose top entries are this rule's right-hand side during the call)
    on the class for each parse."""
    __slots__ = ()
    lexer = None
    stack: list = []

    def lineno(self, n):
        stack = self.stack
        return stack[len(stack) - len(self) + n]


# rules whose function is ``p[0] = p[1]``: the LR driver keeps the value without a call
_PASS_THROUGH = ('p_top_stmt', 'p_secref', 'p_postfix_secmember', 'p_stmt_block', 'p_opt_stmt',
                 'p_opt_expr', 'p_expr_postfix', 'p_postfix_primary', 'p_member')


# The most frequent rules, written directly against the driver's stacks (the values of the
# right-hand side are the top ``len`` entries of ``v``, the tokens' lines those of ``ln``;
# ``f`` is the feeder): the same results as the rule functions above, without a ``p``.
def _fast_primary_name(v, ln, f):
    return ast.Name(v[-1], line=ln[-1] or f.current_line)


def _fast_primary_number(v, ln, f):
    return ast.Num(v[-1], line=ln[-1] or f.current_line)


def _fast_primary_string(v, ln, f):
    return ast.Str(v[-1], line=ln[-1] or f.current_line)


def _fast_postfix_member(v, ln, f):         # postfix '.' member
    return ast.Member(v[-3], v[-1], line=v[-3].line)


def _fast_postfix_call(v, ln, f):           # postfix '(' args ')'
    return ast.Call(v[-4], v[-2], line=v[-4].line)


def _fast_stmt_expr(v, ln, f):              # stmt : expr
    return ast.ExprStmt(v[-1], line=v[-1].line)


_FAST_RULES = {
    ('p_primary_name', 1): _fast_primary_name,
    ('p_primary_number', 1): _fast_primary_number,
    ('p_primary_string', 1): _fast_primary_string,
    ('p_postfix_member', 3): _fast_postfix_member,
    ('p_postfix_call', 4): _fast_postfix_call,
    ('p_stmt_expr', 1): _fast_stmt_expr,
}


class _LRParser:
    """An LR driver over PLY's tables, equivalent to PLY 3.11's ``parseopt_notrack`` for this
    grammar (whose error function always raises) at a fraction of its cost per token: values
    and line numbers live on plain stacks, and rules that only pass a value up are not called.
    Defaulted states reduce without reading a token, as in PLY, so the feeder never reads a
    line beyond the statement."""

    def __init__(self, data):
        module = vars(sys.modules[__name__])
        self.productions = [_Production(*p) for p in data['productions']]
        for prod in self.productions:
            if prod.func:
                prod.callable = module[prod.func]
        self.action = data['action']
        self.goto = data['goto']
        self.defaulted_states = data['defaulted']
        # the same as lists indexed by state (faster than dict look-ups in the loop)
        n = max(len(self.action), max(self.action) + 1)
        self.action_list = [self.action.get(i, {}) for i in range(n)]
        self.goto_list = [self.goto.get(i, {}) for i in range(n)]
        self.defaulted_list = [self.defaulted_states.get(i) for i in range(n)]
        # per rule: (name, length, function or None for a pass-through)
        self._rules = [(p.name, p.len, None if (p.func in _PASS_THROUGH or p.func == 'p_arg')
                        and p.len == 1 else p.callable,
                        _FAST_RULES.get((p.func, p.len))) for p in self.productions]
        self.chains: dict = {}      # memo of runs of one-symbol reductions (see parse)

    def _chain(self, key):
        """(state, steps) after the one-symbol reductions that start in state ``key[1]`` over
        ``key[0]`` with lookahead type ``key[2]`` (None: no token read yet, so only defaulted
        states reduce); a step is (0, None) for a pass-through, (1, fast rule) or (2, rule
        function)."""
        below, state, look = key
        steps = []
        while True:
            t = self.defaulted_list[state]
            if t is None:
                if look is None:
                    break
                t = self.action_list[state].get(look)
                if t is None or t >= 0:
                    break
            name, plen, func, fast = self._rules[-t]
            if plen != 1:
                break
            steps.append((0, None) if func is None else (1, fast) if fast is not None
                         else (2, func))
            state = self.goto_list[below][name]
        return state, tuple(steps)

    def parse(self, feeder):
        actions = self.action_list
        goto = self.goto_list
        rules = self._rules
        defaulted = self.defaulted_list
        get_token = feeder.token
        pending = feeder.pending
        chains = self.chains
        states = [0]
        values = [None]
        lines = [0]
        saved = _Slice.lexer, _Slice.stack
        _Slice.lexer = feeder
        _Slice.stack = lines
        try:
            state = 0
            look = None
            while True:
                t = defaulted[state]
                if t is None:
                    if look is None:
                        look = pending.pop() if pending else get_token()
                        if look is None:
                            look = _END
                    t = actions[state].get(look.type)
                    if t is None:
                        tok = None if look is _END else look
                        if tok is not None and not hasattr(tok, 'lexer'):
                            tok.lexer = feeder
                        p_error(tok)
                        raise RuntimeError('p_error returned')   # (it always raises)
                    if t > 0:                       # shift
                        states.append(t)
                        state = t
                        values.append(look.value)
                        lines.append(look.lineno)
                        look = None
                        continue
                    if t == 0:                      # accept
                        return values[-1]
                # reduce
                name, plen, func, fast = rules[-t]
                if plen == 1:
                    # a run of one-symbol reductions leaves the state below alone: take the
                    # whole run from the memo (the same steps the loop would take one by one)
                    key = (states[-2], state, None if look is None else look.type)
                    run = chains.get(key)
                    if run is None:
                        run = chains[key] = self._chain(key)
                    state, steps = run
                    for mode, f in steps:
                        if mode == 1:
                            values[-1] = f(values, lines, feeder)
                        elif mode == 2:
                            p = _Slice(values[-2:])
                            p[0] = None
                            f(p)
                            values[-1] = p[0]
                        lines[-1] = 0
                    states[-1] = state
                    continue
                if func is None:                    # p[0] = p[1]
                    lines[-1] = 0
                    states.pop()
                elif fast is not None:
                    value = fast(values, lines, feeder)
                    if plen > 1:
                        del values[1 - plen:], lines[1 - plen:]
                    del states[-plen:]
                    values[-1] = value
                    lines[-1] = 0
                elif plen:
                    p = _Slice(values[-plen - 1:])
                    p[0] = None
                    feeder.look = look      # (for a rule that refuses what it reduces)
                    func(p)
                    if plen > 1:
                        del values[1 - plen:], lines[1 - plen:]
                    del states[-plen:]
                    values[-1] = p[0]
                    lines[-1] = 0
                else:                               # an empty rule
                    p = _Slice((None,))
                    func(p)
                    values.append(p[0])
                    lines.append(0)
                state = goto[states[-1]][name]
                states.append(state)
        finally:
            _Slice.lexer, _Slice.stack = saved


class _End:
    type = '$end'
    value = None
    lineno = 0


_END = _End()


class _Parser:
    """The LR tables (from the pickle) and the line lexer, built once per process."""

    def __init__(self):
        with open(TABLES, 'rb') as f:
            data = pickle.load(f)
        self.yacc = _LRParser(data)
        self.lexer = LineLexer()


def write_tables() -> None:
    """Regenerate ``_parsetab.pickle`` and ``_lextab.py`` next to this module."""
    import ply.lex as lex
    import ply.yacc as yacc
    here = os.path.dirname(os.path.abspath(__file__))
    lex.lex(module=HocLexer(), optimize=True, lextab='_lextab', outputdir=here)
    built = yacc.yacc(module=sys.modules[__name__], write_tables=False, debug=False)
    data = {
        'signature': grammar_signature(),
        'action': built.action,
        'goto': built.goto,
        'productions': [(p.str, p.name, p.len, p.func, p.file, p.line)
                        for p in built.productions],
        'defaulted': built.defaulted_states,
    }
    with open(TABLES, 'wb') as f:
        pickle.dump(data, f, protocol=4)


_PARSER: Optional[_Parser] = None


def _parser() -> _Parser:
    global _PARSER
    if _PARSER is None:
        _PARSER = _Parser()
    return _PARSER


def parse_statement(stream, section_name=None, object_name=None) -> Optional[ast.Node]:
    """Parse the next top-level statement from ``stream``; None at end of input.

    HOC's grammar depends on what names are where it reads them; two callbacks answer.
    ``section_name(name, after_dot)``: does an identifier name a section there (``soma
    stmt``)?  ``object_name(name)``: what kind of name it is for the object rules
    (Interpreter.object_name: ``a.b`` with ``a`` undeclared is a syntax error, ``vec.fill(1)
    print 1`` a statement); None: not known, any name may be an object.
    Raises HocSyntaxError; the rest of the offending line is skipped so that the caller can
    carry on with the next line.
    """
    return _parse(stream, section_name, None, object_name)[0]


def _parse(stream, section_name=None, lexer=None, object_name=None):
    """(node, feeder); ``lexer`` stands in for the line lexer (stmtcache.py's)."""
    parser = _parser()
    lexer = lexer or parser.lexer
    lexer.begin('INITIAL')     # the lexer is shared: start clean whatever happened before
    feeder = TokenFeeder(lexer, stream, section_name, object_name)
    try:
        first = feeder.token()
        if first is None:
            return None, feeder
        feeder.pending.append(first)      # read again by the parser
        node = parser.yacc.parse(feeder)
    except _SyntaxError as e:
        feeder.skip_rest()
        lexer.begin('INITIAL')
        # the error can only be at the end of input when the source ended inside a comment
        cls = IncompleteInput if feeder.eof_in_comment else HocSyntaxError
        raise cls(feeder.messages.get(id(e.tok), 'syntax error') if e.tok is not None
                  else 'syntax error', feeder.error_coord(e.tok)) from None
    except HocSyntaxError:
        feeder.skip_rest()
        lexer.begin('INITIAL')
        raise
    return node, feeder


def is_complete(text: str) -> bool:
    """True if ``text`` holds complete statements (no open brace or block comment)."""
    from .source import StringSource
    stream = StringSource(text)
    try:
        while True:
            node, feeder = _parse(stream)
            if feeder.eof_in_comment:
                return False
            if node is None:
                return True
    except IncompleteInput:
        return False
    except HocSyntaxError:
        return True
    finally:
        _parser().lexer.begin('INITIAL')


if __name__ == '__main__':
    write_tables()
