"""NMODL: ``.mod`` files translated by pyhoc itself (no nocmodl, no C compiler)."""
