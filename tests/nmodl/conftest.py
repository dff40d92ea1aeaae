"""Translated mechanisms of every test here go to one cache for the session (tests that test
the cache itself set their own)."""
import pytest


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv('PYHOC_MODL_CACHE', str(tmp_path_factory.getbasetemp() / 'modl'))
