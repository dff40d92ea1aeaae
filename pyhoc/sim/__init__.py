"""pyhoc.sim: the simulator core (sections, mechanisms, the fixed-step method).

``Model`` owns all simulator state of one interpreter; everything else is reached through it.
The names below are imported at their first use: the language imports ``pyhoc.sim.registry``
(the simulator's names, listed without NumPy) for every program, and a HOC program with no
sections never needs the Model, its modules or NumPy.
"""
import importlib

from . import numba_blas

numba_blas.install()

_MODULES = {'Model': 'model', 'Section': 'section', 'Segment': 'section', 'MechView': 'section',
            'PointProcess': 'pointprocess', 'IClamp': 'pointprocess',
            'AlphaSynapse': 'pointprocess'}

__all__ = ['Model', 'Section', 'Segment', 'MechView', 'PointProcess', 'IClamp', 'AlphaSynapse']


def __getattr__(name):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    value = getattr(importlib.import_module('.' + module, __name__), name)
    globals()[name] = value
    return value
