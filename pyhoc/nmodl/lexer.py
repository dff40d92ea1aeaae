"""NMODL lexer: PLY token rules (``ModRules``) and ``ModLexer``, which feeds the parser and
keeps the little context NMODL's tokens depend on.

NMODL is not context free at the token level, and nocmodl resolves it in its lexer too:

* ``(`` opens a *units* string (read raw up to ``)``, one UNIT token) in a declaration block
  (PARAMETER, ASSIGNED, STATE, CONSTANT, INDEPENDENT, UNITS), after a number (``2 (mV)``), after
  an argument name of a FUNCTION/PROCEDURE/FUNCTION_TABLE/NET_RECEIVE/FOR_NETCONS header and
  right after that header's argument list (``FUNCTION f(v (mV)) (ms)``); elsewhere it is a
  parenthesis.
* ``~`` starts a reaction in KINETIC and an equation in LINEAR, NONLINEAR and DERIVATIVE.
* ``TITLE`` takes the rest of its line; ``COMMENT``/``VERBATIM`` run to ``ENDCOMMENT``/
  ``ENDVERBATIM`` (text kept raw); ``REPRESENTS`` takes an ontology id (``NCIT:C17145``).

Keywords are reserved words, as in nocmodl; ``if``/``else``/``while`` may be written in
either case.  ``:`` and ``?`` start a comment running to the end of the line.
"""
from __future__ import annotations

import bisect

from .ast import Pos

KEYWORDS = {k: k for k in (
    'CONSTANT', 'PARAMETER', 'INDEPENDENT', 'ASSIGNED', 'INITIAL', 'DERIVATIVE', 'BREAKPOINT',
    'CONDUCTANCE', 'SOLVE', 'STATE', 'LINEAR', 'NONLINEAR', 'DISCRETE', 'FUNCTION',
    'FUNCTION_TABLE', 'PROCEDURE', 'INT', 'LOCAL', 'METHOD', 'STEADYSTATE', 'WITH', 'FROM', 'TO',
    'BY', 'START', 'DEFINE', 'KINETIC', 'CONSERVE', 'LAG', 'COMPARTMENT',
    'LONGITUDINAL_DIFFUSION', 'SOLVEFOR', 'UNITS', 'UNITSON', 'UNITSOFF', 'TABLE', 'DEPEND',
    'NEURON', 'SUFFIX', 'POINT_PROCESS', 'ARTIFICIAL_CELL', 'NONSPECIFIC_CURRENT',
    'ELECTRODE_CURRENT', 'RANGE', 'USEION', 'READ', 'WRITE', 'VALENCE', 'GLOBAL', 'POINTER',
    'BBCOREPOINTER', 'EXTERNAL', 'INCLUDE', 'CONSTRUCTOR', 'DESTRUCTOR', 'NET_RECEIVE',
    'BEFORE', 'AFTER', 'WATCH', 'FOR_NETCONS', 'THREADSAFE', 'PROTECT', 'MUTEXLOCK',
    'MUTEXUNLOCK', 'RANDOM', 'SWEEP', 'STEP')}
# nocmodl's other reserved words: blocks of old SCoP that NEURON no longer takes; a file that
# uses one gets a syntax error, as with nocmodl
KEYWORDS.update({k: 'RESERVED' for k in (
    'TERMINAL', 'EQUATION', 'STEPPED', 'PARTIAL', 'DEL', 'DEL2', 'SENS', 'FORALL', 'PLOT', 'VS',
    'RESET', 'MATCH', 'MODEL_LEVEL', 'FIRST', 'LAST', 'PUTQ', 'GETQ', 'IFERROR', 'SECTION')})
KEYWORDS.update({'CHARGE': 'VALENCE', 'if': 'IF', 'IF': 'IF', 'else': 'ELSE', 'ELSE': 'ELSE',
                 'while': 'WHILE', 'WHILE': 'WHILE'})

DECL_BLOCKS = frozenset(('PARAMETER', 'ASSIGNED', 'STATE', 'CONSTANT', 'INDEPENDENT', 'UNITS'))
BLOCK_KEYWORDS = frozenset((
    'NEURON', 'PARAMETER', 'ASSIGNED', 'STATE', 'CONSTANT', 'INDEPENDENT', 'UNITS', 'INITIAL',
    'BREAKPOINT', 'DERIVATIVE', 'KINETIC', 'LINEAR', 'NONLINEAR', 'DISCRETE', 'FUNCTION',
    'FUNCTION_TABLE', 'PROCEDURE', 'NET_RECEIVE', 'CONSTRUCTOR', 'DESTRUCTOR', 'BEFORE', 'AFTER'))
HEADER_KEYWORDS = frozenset(('FUNCTION', 'PROCEDURE', 'FUNCTION_TABLE', 'NET_RECEIVE',
                             'FOR_NETCONS'))
EQUATION_BLOCKS = {'KINETIC': 'REACTION', 'LINEAR': 'LIN1', 'NONLINEAR': 'LIN1',
                   'DERIVATIVE': 'LIN1'}


class ModLexError(Exception):
    """A character or construct the lexer cannot take; ``pos`` says where."""

    def __init__(self, message: str, pos: Pos):
        super().__init__(message)
        self.message = message
        self.pos = pos


class ModRules:
    """The PLY token rules (function rules are tried in definition order)."""

    tokens = tuple(sorted(set(KEYWORDS.values()))) + (
        'TITLE', 'COMMENT', 'VERBATIM', 'REPRESENTS', 'NAME', 'PRIME', 'INTEGER', 'REAL',
        'STRING', 'UNIT', 'REACT1', 'TILDE', 'LIN1', 'REACTION',
        'GT', 'GE', 'LT', 'LE', 'EQ', 'NE', 'NOT', 'AND', 'OR')
    literals = '{}()[]@+*-/=^,'

    t_ignore = ' \t\f\v\x1a'

    t_GE = r'>='
    t_LE = r'<='
    t_EQ = r'=='
    t_NE = r'!='
    t_AND = r'&&'
    t_OR = r'\|\|'
    t_GT = r'>'
    t_LT = r'<'
    t_NOT = r'!'

    def t_COLONCOMMENT(self, t):
        r'[:?][^\n]*'

    def t_TITLE(self, t):
        r'TITLE(?![A-Za-z0-9_])[^\n]*'
        t.value = t.value[5:].strip()
        return t

    def t_COMMENT(self, t):
        r'COMMENT(?![A-Za-z0-9_])[\s\S]*?ENDCOMMENT[^\n]*'
        t.value = t.value[7:t.value.rindex('ENDCOMMENT')]
        return t

    def t_VERBATIM(self, t):
        r'VERBATIM(?![A-Za-z0-9_])[\s\S]*?ENDVERBATIM[^\n]*'
        t.value = t.value[8:t.value.rindex('ENDVERBATIM')]
        return t

    def t_OPENBLOCK(self, t):
        r'(COMMENT|VERBATIM)(?![A-Za-z0-9_])'
        raise _Unterminated(t.value, t.lexpos)

    def t_REPRESENTS(self, t):
        r'REPRESENTS(?![A-Za-z0-9_])[ \t]*(\[[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_]*\]|[A-Za-z][A-Za-z0-9_]*:[A-Za-z0-9_]*)?'
        t.value = t.value[10:].strip()
        return t

    def t_PRIME(self, t):
        r"[A-Za-z][A-Za-z0-9_]*'+"
        return t

    def t_NAME(self, t):
        r'[A-Za-z][A-Za-z0-9_]*'
        t.type = KEYWORDS.get(t.value, 'NAME')
        return t

    def t_REAL(self, t):
        r'(\d+\.\d*|\.\d+)([eE][-+]?\d+)?|\d+[eE][-+]?\d+'
        return t

    def t_INTEGER(self, t):
        r'\d+'
        return t

    def t_STRING(self, t):
        r'"[^"]*"'
        t.value = t.value[1:-1]
        return t

    def t_REACT1(self, t):
        r'<->'
        return t

    def t_TILDE(self, t):
        r'~\+?'
        return t

    def t_NEWLINE(self, t):
        r'\n+'

    def t_error(self, t):
        raise _BadChar(t.value[0], t.lexpos)


class _BadChar(Exception):
    def __init__(self, char, lexpos):
        super().__init__(char)
        self.char, self.lexpos = char, lexpos


class _Unterminated(Exception):
    def __init__(self, word, lexpos):
        super().__init__(word)
        self.word, self.lexpos = word, lexpos


_PLY_LEXER = None


def _ply_lexer():
    global _PLY_LEXER
    if _PLY_LEXER is None:
        import ply.lex as lex
        _PLY_LEXER = lex.lex(module=ModRules(), optimize=False, debug=False,
                             errorlog=lex.NullLogger())
    return _PLY_LEXER


class ModLexer:
    """The token stream of one ``.mod`` text for the parser (PLY's ``token()`` protocol).

    Each token's ``lineno`` is its line and ``lexpos`` its offset in the text; ``pos(offset)``
    turns an offset into a ``Pos``.
    """

    def __init__(self, text: str, file: str = '<string>'):
        self.text = text.replace('\r\n', '\n').replace('\r', '\n')
        self.file = file
        self.line_starts = [0]
        i = self.text.find('\n')
        while i >= 0:
            self.line_starts.append(i + 1)
            i = self.text.find('\n', i + 1)
        self.lex = _ply_lexer().clone()
        self.lex.input(self.text)
        self.depth = 0          # brace depth
        self.block = None       # keyword of the top-level block being read
        self.header = None      # None, 'name', 'args', 'after' (FUNCTION f(args) (units))
        self.prev = None        # type of the previous token
        self.last = None        # the previous token

    def pos(self, offset: int) -> Pos:
        line = bisect.bisect_right(self.line_starts, offset)
        return Pos(self.file, line, offset - self.line_starts[line - 1] + 1)

    def _units_here(self) -> bool:
        if self.depth >= 1 and self.block in DECL_BLOCKS:
            return True
        if self.prev in ('INTEGER', 'REAL'):
            return True
        if self.header == 'args' and self.prev in ('NAME', 'PRIME'):
            return True
        return self.header == 'after'

    def token(self):
        try:
            tok = self.lex.token()
        except _BadChar as e:
            raise ModLexError('illegal character %r' % e.char, self.pos(e.lexpos)) from None
        except _Unterminated as e:
            raise ModLexError('%s without END%s' % (e.word, e.word), self.pos(e.lexpos)) \
                from None
        if tok is None:
            return None
        tok.lineno = self.pos(tok.lexpos).line
        typ = tok.type
        if typ == '(' and self._units_here():
            data = self.text
            start = tok.lexpos + 1
            end = start
            while end < len(data) and data[end] not in ')\n':
                end += 1
            if end >= len(data) or data[end] != ')':
                raise ModLexError("units without closing ')'", self.pos(tok.lexpos))
            tok.type = typ = 'UNIT'
            tok.value = data[start:end].strip()
            self.lex.lexpos = end + 1
            if self.header == 'after':
                self.header = None
        elif typ == 'TILDE':
            kind = EQUATION_BLOCKS.get(self.block)
            if kind is None:
                raise ModLexError("'~' equations can only occur in KINETIC, LINEAR, NONLINEAR "
                                  "or DERIVATIVE blocks", self.pos(tok.lexpos))
            if kind == 'REACTION' and tok.value == '~+':
                raise ModLexError("'~+' can only occur in LINEAR or NONLINEAR blocks",
                                  self.pos(tok.lexpos))
            tok.type = typ = kind
        elif typ == '{':
            self.depth += 1
        elif typ == '}':
            self.depth -= 1
        else:
            if self.depth == 0 and typ in BLOCK_KEYWORDS:
                self.block = typ
        # the FUNCTION f(args) (units) header
        h = self.header
        if typ in HEADER_KEYWORDS:
            self.header = 'name'
        elif h == 'name' and typ == '(':
            self.header = 'args'
        elif h == 'args' and typ == ')':
            self.header = 'after'
        elif h == 'after' and typ != 'UNIT':
            self.header = None
        self.prev = typ
        self.last = tok
        return tok
