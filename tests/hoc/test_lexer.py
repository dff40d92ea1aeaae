"""The HOC lexer: token types and values, pycparser-style."""
import pytest

from pyhoc.hoc.lexer import HocLexer, LexError, KEYWORDS


@pytest.fixture(scope='module')
def lexer():
    return HocLexer().build()


def tokens(lexer, text):
    lexer.begin('INITIAL')
    lexer.input(text)
    out = []
    while True:
        t = lexer.token()
        if t is None:
            return out
        out.append((t.type, t.value))


def types(lexer, text):
    return [t for t, _ in tokens(lexer, text)]


@pytest.mark.parametrize('text,value', [
    ('5', 5.0), ('.5', 0.5), ('5.', 5.0), ('1e3', 1000.0), ('1.e-3', 0.001),
    ('2.5E+2', 250.0), ('007', 7.0), ('0.125', 0.125),
])
def test_numbers(lexer, text, value):
    assert tokens(lexer, text) == [('NUMBER', value)]


def test_number_then_name(lexer):
    # as nrniv 9.0.2's lexer, the number takes the exponent letter (and a sign) even with no
    # digits after it: "1ex" is the number 1, then the name "x"; "2e-+3" is 2, '+', 3
    assert tokens(lexer, '1ex') == [('NUMBER', 1.0), ('NAME', 'x')]
    assert tokens(lexer, '2e-+3') == [('NUMBER', 2.0), ('+', '+'), ('NUMBER', 3.0)]
    assert tokens(lexer, '1.5E+') == [('NUMBER', 1.5)]


@pytest.mark.parametrize('text,value', [
    (r'"abc"', 'abc'), (r'""', ''), (r'"a\nb"', 'a\nb'), (r'"a\tb"', 'a\tb'),
    (r'"q\"q"', 'q"q'), (r'"back\\slash"', 'back\\slash'), (r'"\q"', 'q'),
    (r'"it\'s"', "it's"), ('"a // not a comment"', 'a // not a comment'),
])
def test_strings(lexer, text, value):
    assert tokens(lexer, text) == [('STRING', value)]


@pytest.mark.parametrize('text,value', [
    ('$1', ('', 1)), ('$s2', ('s', 2)), ('$o3', ('o', 3)), ('$&4', ('&', 4)),
    ('$i', ('', 'i')), ('$si', ('s', 'i')), ('$12', ('', 12)),
])
def test_args(lexer, text, value):
    assert tokens(lexer, text) == [('ARG', value)]


def test_operators(lexer):
    text = '== != <= >= < > && || ! += -= *= /= + - * / % ^ ( ) [ ] { } , . : & = ;'
    assert types(lexer, text) == [
        'EQ', 'NE', 'LE', 'GE', 'LT', 'GT', 'AND', 'OR', 'NOT', 'PLUSEQ', 'MINUSEQ',
        'TIMESEQ', 'DIVEQ', '+', '-', '*', '/', '%', '^', '(', ')', '[', ']', '{', '}',
        ',', '.', ':', '&', '=', ';']


def test_operators_without_spaces(lexer):
    assert types(lexer, 'a<=-b') == ['NAME', 'LE', '-', 'NAME']
    assert types(lexer, 'x==!y') == ['NAME', 'EQ', 'NOT', 'NAME']
    assert types(lexer, 'a--b') == ['NAME', '-', '-', 'NAME']


def test_keywords(lexer):
    for word, ty in KEYWORDS.items():
        assert tokens(lexer, word) == [(ty, word)]
    assert tokens(lexer, 'objectvar') == [('OBJREF', 'objectvar')]
    # keywords are whole words only
    assert tokens(lexer, 'iffy for_x') == [('NAME', 'iffy'), ('NAME', 'for_x')]


def test_newline_token(lexer):
    assert types(lexer, 'x\n') == ['NAME', 'NEWLINE']


def test_line_comment(lexer):
    assert types(lexer, 'x = 1 // a comment = 3\n') == ['NAME', '=', 'NUMBER', 'NEWLINE']


def test_block_comment_on_one_line(lexer):
    assert types(lexer, 'a /* b + c */ d') == ['NAME', 'NAME']


def test_block_comment_across_lines(lexer):
    lexer.begin('INITIAL')
    lexer.input('a /* one\n')
    first = []
    while (t := lexer.token()) is not None:
        first.append(t.type)
    assert first == ['NAME']
    assert lexer.current_state() == 'comment'
    lexer.input('still comment = 3\n')
    assert lexer.token() is None
    lexer.input('end */ b\n')
    rest = []
    while (t := lexer.token()) is not None:
        rest.append(t.type)
    assert rest == ['NAME', 'NEWLINE']
    assert lexer.current_state() == 'INITIAL'


def test_block_comment_within_text(lexer):
    assert types(lexer, 'a /* x\ny */ b\n') == ['NAME', 'NAME', 'NEWLINE']


def test_missing_quote(lexer):
    with pytest.raises(LexError) as info:
        tokens(lexer, 'print "abc\n')
    assert 'missing quote' in str(info.value)
    assert info.value.column == 6       # where the string begins
    assert info.value.caret == 10       # nrniv's caret: past the line's last character


def test_bad_character(lexer):
    with pytest.raises(LexError) as info:
        tokens(lexer, 'x = 1 # y')
    assert info.value.column == 6
