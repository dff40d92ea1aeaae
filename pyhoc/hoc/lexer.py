"""HOC lexer: the token rules (PLY's form, ``HocLexer``, from which the tables are built) and
``LineLexer``, the same rules as one regular expression, which the parser's token feeder uses
one physical line at a time.

Identifiers are plain NAME tokens; what a name means is decided when the statement runs,
against the symbol table current then.  Block comments may span lines (the lexer keeps its
state between lines).  ``$1 $s1 $o1 $&1 $i`` are single ARG tokens.
"""
from __future__ import annotations

import re

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


def _unescape(s: str) -> str:
    """The text of a string literal (without its quotes), escapes resolved."""
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
    return s


def number_value(text: str) -> float:
    """The value of a NUMBER token.  As NEURON's lexer, the token takes an exponent's
    letter and sign even with no digits after them ("1e", "2e-"), and its value is that of
    the number before them: ``1e-+3`` is 1 + 3."""
    try:
        return float(text)
    except ValueError:
        return float(text.rstrip('+-')[:-1])


def _arg_value(text: str) -> tuple:
    """``$s1`` -> ('s', 1), ``$i`` -> ('', 'i')."""
    body = text[1:]
    kind = ''
    if body[0] in 'so&' and len(body) > 1 and (body[1].isdigit() or body[0] == '&'
                                               or not body[1:].isdigit()):
        # $s1 $o1 $&1 $si ; but a local named e.g. "sum" used as $sum is ambiguous in
        # HOC too: NEURON reads the first letter s/o as the kind marker
        kind, body = body[0], body[1:]
    return (kind, int(body) if body.isdigit() else body)


# NEURON's words, its trailing blank included (an error with an empty second part); the
# caret goes past the line's last character, where its lexer stopped looking for the quote
MISSING_QUOTE = 'missing quote '


class LexError(Exception):
    """Raised for a character or string the lexer cannot take: ``column`` where it begins,
    ``caret`` where NEURON's caret goes."""

    def __init__(self, message: str, column: int, caret: int | None = None):
        super().__init__(message)
        self.column = column
        self.caret = column if caret is None else caret


class HocLexer:
    """The token rules.  Build with ``build()``; feed lines with ``input()``."""

    tokens = tuple(sorted(set(KEYWORDS.values()))) + (
        'NAME', 'SECNAME', 'NUMBER', 'STRING', 'ARG', 'NEWLINE',
        'EQ', 'NE', 'LE', 'GE', 'LT', 'GT', 'AND', 'OR', 'NOT',
        'PLUSEQ', 'MINUSEQ', 'TIMESEQ', 'DIVEQ',
        'EQNEQ',    # '=' inside ``eqn x: ...``: the token feeder retypes it (no rule here)
        'OBSTMT',   # put by the token feeder after an object that a statement follows
        'FORBODY',  # put by the token feeder before a for loop's body that begins with '('
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
        r'(\d+\.?\d*|\.\d+)([eE][+-]?\d*)?'
        t.value = number_value(t.value)
        return t

    def t_STRING(self, t):
        r'"([^"\\\n]|\\.)*"'
        t.value = _unescape(t.value[1:-1])
        return t

    def t_BADSTRING(self, t):
        r'"[^\n]*'
        raise LexError(MISSING_QUOTE, t.lexpos, t.lexpos + len(t.value))

    def t_ARG(self, t):
        r'\$(s|o|&)?(\d+|[A-Za-z_][A-Za-z0-9_]*)'
        t.value = _arg_value(t.value)
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
        raise LexError('syntax error', t.lexpos)

    def build(self):
        """PLY's lexer for these rules (imported only here: the parser uses LineLexer)."""
        import ply.lex as lex
        return lex.lex(module=self, optimize=True, lextab='pyhoc.hoc._lextab')


# ---- the fast line lexer the parser uses ------------------------------------------------------
# The same token rules as HocLexer, in PLY's order (its function rules in definition order,
# then its string rules longest first, then the literals), as one regular expression that
# also names the skipped characters and anything else, so that one ``finditer`` pass covers a
# line.  HocLexer stays the grammar's reference (PLY builds the tables from it, the prompt's
# highlighter uses it); tests/hoc/test_line_lexer.py checks that both give the same tokens.
_FAST_RE = None


def _fast_pattern():
    import re
    parts = [
        ('WS', r'[ \t\f\v\x1a]+'),
        ('LINECOMMENT', r'//[^\n]*'),
        ('BLOCKCOMMENT', r'/\*(?:.|\n)*?\*/'),
        ('OPENCOMMENT', r'/\*(?:.|\n)*'),
        ('NUMBER', r'(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?'),
        ('STRING', r'"(?:[^"\\\n]|\\.)*"'),
        ('BADSTRING', r'"[^\n]*'),
        ('ARG', r'\$(?:s|o|&)?(?:\d+|[A-Za-z_][A-Za-z0-9_]*)'),
        ('HELP', r'help(?![A-Za-z0-9_])[^\n]*'),
        ('NAME', r'[A-Za-z_][A-Za-z0-9_]*'),
        ('NEWLINE', r'\n'),
        ('OR', r'\|\|'), ('PLUSEQ', r'\+='), ('TIMESEQ', r'\*='), ('AND', r'&&'),
        ('DIVEQ', r'/='), ('EQ', r'=='), ('GE', r'>='), ('LE', r'<='), ('MINUSEQ', r'-='),
        ('NE', r'!='), ('GT', r'>'), ('LT', r'<'), ('NOT', r'!'),
        ('LIT', '[' + re.escape(HocLexer.literals) + ']'),
        ('ERR', r'(?:.|\n)'),
    ]
    return re.compile('|'.join('(?P<%s>%s)' % p for p in parts))


class Token:
    """One token: ``type`` (PLY's name, or the literal character), ``value``, ``lineno``,
    ``lexpos`` (the column); ``lexer`` is there because PLY sets it on an error token."""
    __slots__ = ('type', 'value', 'lineno', 'lexpos', 'lexer')

    def __init__(self, type, value, lineno, lexpos):
        self.type = type
        self.value = value
        self.lineno = lineno
        self.lexpos = lexpos

    def __repr__(self):
        return 'Token(%s,%r,%d,%d)' % (self.type, self.value, self.lineno, self.lexpos)


# A line made only of names, numbers, strings without escapes, operators and literals other
# than '/' (what most statements of a session file are) is lexed with a simpler pattern whose
# alternatives cannot disagree with _FAST_RE's where they match; anything else (a comment, a
# '/', '$', a backslash, 'help', an unclosed string, a bad character) makes
# ``_simple_tokens`` give None and the line goes through the full pattern.
_SIMPLE_RE = re.compile(
    r'[ \t\f\v\x1a]*(?:([A-Za-z_][A-Za-z0-9_]*)|((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d*)?)'
    r'|"([^"\\\n]*)"|(\|\||\+=|\*=|&&|==|>=|<=|-=|!=|>|<|!)|([-+*%^()\[\]{},.:&=;])'
    r'|(\n)|(.))')
_SIMPLE_OPS = {'||': 'OR', '+=': 'PLUSEQ', '*=': 'TIMESEQ', '&&': 'AND', '==': 'EQ',
               '>=': 'GE', '<=': 'LE', '-=': 'MINUSEQ', '!=': 'NE', '>': 'GT', '<': 'LT',
               '!': 'NOT'}


def _simple_tokens(text: str, lineno: int):
    out = []
    append = out.append
    keywords = KEYWORDS
    for m in _SIMPLE_RE.finditer(text):
        i = m.lastindex
        if i == 1:
            value = m.group(1)
            if value == 'help':
                return None
            append(Token(keywords.get(value, 'NAME'), value, lineno, m.start(1)))
        elif i == 5:
            value = m.group(5)
            append(Token(value, value, lineno, m.start(5)))
        elif i == 2:
            append(Token('NUMBER', number_value(m.group(2)), lineno, m.start(2)))
        elif i == 3:
            append(Token('STRING', m.group(3), lineno, m.start(3) - 1))
        elif i == 4:
            value = m.group(4)
            append(Token(_SIMPLE_OPS[value], value, lineno, m.start(4)))
        elif i == 6:
            append(Token('NEWLINE', '\n', lineno, m.start(6)))
        else:
            return None
    return out


def token_end(text: str, pos: int) -> int:
    """Where the token that begins at ``text[pos]`` ends (``pos`` if none does): NEURON's
    syntax-error caret goes under a token's last character, where its lexer had got to."""
    global _FAST_RE
    if _FAST_RE is None:
        _FAST_RE = _fast_pattern()
    m = _FAST_RE.match(text, pos)
    return m.end() if m is not None and m.lastgroup != 'WS' else pos


class LineLexer:
    """Tokens of one line at a time (``tokens(text, lineno)``), keeping the block-comment
    state between lines as HocLexer does (``begin``/``current_state``)."""

    def __init__(self):
        global _FAST_RE
        if _FAST_RE is None:
            _FAST_RE = _fast_pattern()
        self._finditer = _FAST_RE.finditer
        self.state = 'INITIAL'

    def begin(self, state: str) -> None:
        self.state = state

    def current_state(self) -> str:
        return self.state

    def tokens(self, text: str, lineno: int) -> list:
        if self.state == 'INITIAL':
            out = _simple_tokens(text, lineno)
            if out is not None:
                return out
        pos = 0
        if self.state != 'INITIAL':
            end = text.find('*/')
            if end < 0:
                return []
            self.state = 'INITIAL'
            pos = end + 2
        out = []
        append = out.append
        keywords = KEYWORDS
        for m in self._finditer(text, pos):
            kind = m.lastgroup
            if kind == 'NAME':
                value = m.group()
                append(Token(keywords.get(value, 'NAME'), value, lineno, m.start()))
            elif kind == 'WS':
                continue
            elif kind == 'NUMBER':
                append(Token('NUMBER', number_value(m.group()), lineno, m.start()))
            elif kind == 'LIT':
                value = m.group()
                append(Token(value, value, lineno, m.start()))
            elif kind == 'NEWLINE':
                append(Token('NEWLINE', '\n', lineno, m.start()))
            elif kind == 'LINECOMMENT' or kind == 'BLOCKCOMMENT':
                continue
            elif kind == 'OPENCOMMENT':
                self.state = 'comment'
                break
            elif kind == 'STRING':
                append(Token('STRING', _unescape(m.group()[1:-1]), lineno, m.start()))
            elif kind == 'ARG':
                append(Token('ARG', _arg_value(m.group()), lineno, m.start()))
            elif kind == 'HELP':
                append(Token('HELP', 'help', lineno, m.start()))
            elif kind == 'BADSTRING':
                raise LexError(MISSING_QUOTE, m.start(), m.end())
            elif kind == 'ERR':
                raise LexError('syntax error', m.start())   # (NEURON's parser: no such token)
            else:
                append(Token(kind, m.group(), lineno, m.start()))
        return out
