"""The HOC language: lexer, parser, interpreter and built-ins (and, for ``from neuron import
hoc``, NEURON's ``hoc`` module's type names)."""


def __getattr__(name):
    """NEURON's ``hoc`` module's types (``from neuron import hoc``: ``hoc.HocObject``,
    ``hoc.Vector``), lent by the Python bridge."""
    from ..base import hooks
    # (capitalized only: a submodule's name, asked for as it is imported, is never one)
    value = hooks.python_type(name) if name[:1].isupper() else None
    if value is None:
        raise AttributeError("module 'hoc' has no attribute '%s'" % name)
    return value
