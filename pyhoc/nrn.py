"""NEURON's ``nrn`` module: the Python types of sections, segments and a segment's density
mechanisms, for ``isinstance(x, nrn.Section)`` (``from neuron import nrn``; in scripts pyhoc
runs, ``import nrn`` too)."""
from .sim.section import MechView as Mechanism, Section, Segment

__all__ = ['Mechanism', 'Section', 'Segment']
