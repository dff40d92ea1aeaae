"""NMODL: ``.mod`` files read by pyhoc itself, without nocmodl or a C compiler.

``parser.parse_file`` gives the syntax tree (every node with file, line and column),
``model.read_mod`` the resolved Mechanism (symbols, ions, units factors, blocks, SOLVEs,
equations) after nocmodl's checks, ``cache.translate`` the same through the content-keyed
translation cache that ``pyhoc-modl`` (cli.py) fills, ``codegen`` the Python module of a
mechanism on the simulator's contract, ``load`` its registration (docs/nmodl_codegen.md).
"""
import os

# the list of translated .mod files pyhoc-modl leaves in a folder, loaded at start (load.py)
MARKER = '.pyhoc-modl'


def autoload_here(interp, banner: bool) -> None:
    """The current folder's translated .mod files, as NEURON loads ./x86_64 at start; nothing
    (not even load.py) is imported where the folder has neither."""
    if os.path.isfile(MARKER) or os.path.isdir('x86_64'):
        from .load import autoload_once
        autoload_once(interp, banner)
