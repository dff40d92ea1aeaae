"""The shipped PLY tables (_parsetab.pickle, _lextab.py) must match the grammar and lexer."""
import ply.lex as lex
import ply.yacc as yacc

import pyhoc.hoc.parser as parser
import pickle

from pyhoc.hoc import _lextab
from pyhoc.hoc.lexer import HocLexer

REGENERATE = 'stale parse tables: run `python -m pyhoc.hoc.parser` to regenerate them'


def test_parsetab_signature_matches_grammar():
    reflect = yacc.ParserReflect(vars(parser))
    reflect.get_all()
    assert not reflect.validate_all(), 'the grammar module does not validate'
    with open(parser.TABLES, 'rb') as f:
        shipped = pickle.load(f)
    assert reflect.signature() == shipped['signature'], REGENERATE
    assert parser.grammar_signature() == shipped['signature'], REGENERATE


def test_pickled_tables_equal_a_fresh_build():
    fresh = yacc.yacc(module=parser, write_tables=False, debug=False,
                      errorlog=yacc.NullLogger())
    built = parser._parser().yacc
    assert built.action == fresh.action and built.goto == fresh.goto, REGENERATE
    assert built.defaulted_states == fresh.defaulted_states, REGENERATE
    assert [p.str for p in built.productions] == [p.str for p in fresh.productions], REGENERATE


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
