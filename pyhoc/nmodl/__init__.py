"""NMODL: ``.mod`` files read by pyhoc itself, without nocmodl or a C compiler.

``parser.parse_file`` gives the syntax tree (every node with file, line and column),
``model.read_mod`` the resolved Mechanism (symbols, ions, units factors, blocks, SOLVEs,
equations) after nocmodl's checks, ``cache.translate`` the same through the content-keyed
translation cache that ``pyhoc-modl`` (cli.py) fills.  Code generation from the Mechanism onto
the simulator's mechanism contract is the next step; docs/nmodl.md has the corpus measurement
and the survey of the C idioms VERBATIM blocks use.
"""

# the list of translated .mod files pyhoc-modl leaves in a folder, loaded at start (load.py)
MARKER = '.pyhoc-modl'
