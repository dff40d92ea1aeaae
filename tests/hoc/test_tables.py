"""The shipped PLY tables (_parsetab.py, _lextab.py) must match the grammar and lexer."""
import ply.lex as lex
import ply.yacc as yacc

import pyhoc.hoc.parser as parser
from pyhoc.hoc import _lextab, _parsetab
from pyhoc.hoc.lexer import HocLexer

REGENERATE = 'stale parse tables: run `python -m pyhoc.hoc.parser` to regenerate them'


def test_parsetab_signature_matches_grammar():
    reflect = yacc.ParserReflect(vars(parser))
    reflect.get_all()
    assert not reflect.validate_all(), 'the grammar module does not validate'
    assert reflect.signature() == _parsetab._lr_signature, REGENERATE


def test_lextab_matches_lexer():
    fresh = lex.lex(module=HocLexer(), optimize=False)
    fresh_res = {state: list(patterns) for state, patterns in fresh.lexstateretext.items()}
    shipped = {state: [pattern for pattern, _ in specs]
               for state, specs in _lextab._lexstatere.items()}
    assert fresh_res == shipped, REGENERATE.replace('parse tables', 'lexer table')
    assert set(fresh.lextokens) == set(_lextab._lextokens), REGENERATE
    assert fresh.lexliterals == _lextab._lexliterals, REGENERATE
    assert fresh.lexstateinfo == _lextab._lexstateinfo, REGENERATE
    assert fresh.lexstateignore == _lextab._lexstateignore, REGENERATE
