"""HOC lexer (PLY), fed one physical line at a time by the parser's token feeder.

Identifiers are plain NAME tokens; what a name means is decided when the statement runs,
against the symbol table current then.  Block comments may span lines (the lexer keeps its
state between lines).  ``$1 $s1 $o1 $&1 $i`` are single ARG tokens.
"""
from __future__ import annotations

import ply.lex as lex

KEYWORDS = {
    'proc': 'PROC', 'func': 'FUNC', 'obfunc': 'OBFUNC', 'iterator': 'ITERATOR',
    'iterator_statement': 'ITERATOR_STATEMENT', 'return': 'RETURN', 'break': 'BREAK',
    'continue': 'CONTINUE', 'stop': 'STOP', 'if': 'IF', 'else': 'ELSE', 'while': 'WHILE',
    'for': 'FOR', 'print': 'PRINT', 'delete': 'DELETE', 'double': 'DOUBLE', 'local': 'LOCAL',
    'localobj': 'LOCALOBJ', 'strdef': 'STRDEF', 'create': 'CREATE', 'connect': 'CONNECT',
    'setpointer': 'SETPOINTER', 'access': 'ACCESS', 'insert': 'INSERT', 'uninsert': 'UNINSERT',
    'forall': 'FORALL', 'ifsec': 'IFSEC', 'forsec': 'FORSEC', 'begintemplate': 'BEGINTEMPLATE',
    'endtemplate': 'ENDTEMPLATE', 'objectvar': 'OBJREF', 'objref': 'OBJREF', 'public': 'PUBLIC',
    'external': 'EXTERNAL', 'new': 'NEW', 'read': 'READ', 'debug': 'DEBUG', 'help': 'HELP',
    'depvar': 'DEPVAR', 'eqn': 'EQN',
}

ESCAPES = {'n': '\n', 't': '\t', 'b': '\b', 'f': '\f', 'r': '\r', '"': '"', '\\': '\\'}


class LexError(Exception):
    """Raised for a character or string the lexer cannot take; carries the column."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.column = column


class HocLexer:
    """The token rules.  Build with ``build()``; feed lines with ``input()``."""

    tokens = tuple(sorted(set(KEYWORDS.values()))) + (
        'NAME', 'SECNAME', 'NUMBER', 'STRING', 'ARG', 'NEWLINE',
        'EQ', 'NE', 'LE', 'GE', 'LT', 'GT', 'AND', 'OR', 'NOT',
        'PLUSEQ', 'MINUSEQ', 'TIMESEQ', 'DIVEQ',
    )
    literals = '+-*/%^()[]{},.:&=;'
    states = (('comment', 'exclusive'),)

    t_ignore = ' \t\f\v\x1a'   # 0x1a: a DOS end-of-file byte ends some old files
    t_comment_ignore = ''

    t_EQ = r'=='
    t_NE = r'!='
    t_LE = r'<='
    t_GE = r'>='
    t_LT = r'<'
    t_GT = r'>'
    t_AND = r'&&'
    t_OR = r'\|\|'
    t_NOT = r'!'
    t_PLUSEQ = r'\+='
    t_MINUSEQ = r'-='
    t_TIMESEQ = r'\*='
    t_DIVEQ = r'/='

    def t_LINECOMMENT(self, t):
        r'//[^\n]*'

    def t_BLOCKCOMMENT(self, t):
        r'/\*(.|\n)*?\*/'

    def t_OPENCOMMENT(self, t):
        r'/\*(.|\n)*'
        t.lexer.begin('comment')

    def t_comment_END(self, t):
        r'(.|\n)*?\*/'
        t.lexer.begin('INITIAL')

    def t_comment_REST(self, t):
        r'(.|\n)+'

    def t_comment_error(self, t):
        t.lexer.skip(1)

    def t_NUMBER(self, t):
        r'(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?'
        t.value = float(t.value)
        return t

    def t_STRING(self, t):
        r'"([^"\\\n]|\\.)*"'
        s = t.value[1:-1]
        if '\\' in s:
            out = []
            i = 0
            while i < len(s):
                c = s[i]
                if c == '\\' and i + 1 < len(s):
                    i += 1
                    out.append(ESCAPES.get(s[i], s[i]))
                else:
                    out.append(c)
                i += 1
            s = ''.join(out)
        t.value = s
        return t

    def t_BADSTRING(self, t):
        r'"[^\n]*'
        raise LexError('missing quote', t.lexpos)

    def t_ARG(self, t):
        r'\$(s|o|&)?(\d+|[A-Za-z_][A-Za-z0-9_]*)'
        body = t.value[1:]
        kind = ''
        if body[0] in 'so&' and len(body) > 1 and (body[1].isdigit() or body[0] == '&'
                                                   or not body[1:].isdigit()):
            # $s1 $o1 $&1 $si ; but a local named e.g. "sum" used as $sum is ambiguous in
            # HOC too: NEURON reads the first letter s/o as the kind marker
            kind, body = body[0], body[1:]
        t.value = (kind, int(body) if body.isdigit() else body)
        return t

    def t_HELP(self, t):
        r'help(?![A-Za-z0-9_])[^\n]*'
        # "help topic ..." takes the rest of its line (NEURON's library files: "help ?0")
        t.value = 'help'
        return t

    def t_NAME(self, t):
        r'[A-Za-z_][A-Za-z0-9_]*'
        t.type = KEYWORDS.get(t.value, 'NAME')
        return t

    def t_NEWLINE(self, t):
        r'\n'
        return t

    def t_error(self, t):
        raise LexError('syntax error (unexpected character %r)' % t.value[0], t.lexpos)

    def build(self) -> 'lex.Lexer':
        return lex.lex(module=self, optimize=True, lextab='pyhoc.hoc._lextab')
