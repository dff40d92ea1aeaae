"""HOC classes over simulator algorithms: ``Impedance`` (pyhoc.sim.impedance), ``SaveState``
(pyhoc.sim.savestate) and ``LinearMechanism`` (pyhoc.sim.linmech).

These only read HOC's arguments (a number with the currently accessed section, a Segment,
Matrix and Vector objects, a File) and turn them into the Model's terms; the computation lives
in pyhoc.sim.
"""
from __future__ import annotations

from typing import Any

from ...errors import HocError
from ...base.objects import HocObject


def _sim(owner: Any = None):
    """The simulator glue of the interpreter ``owner`` belongs to (else the running one)."""
    from ...base.context import current
    return current(owner).sim


def _sec_x(arg: Any, what: str, owner: Any = None):
    """(section, x) of a Segment, or of x on the currently accessed section (which Python's
    ``sec=`` sets for the call)."""
    sec = getattr(arg, 'sec', None)
    if sec is not None and hasattr(arg, 'x'):
        sec._check()
        return sec, float(arg.x)
    if not isinstance(arg, (float, int)):
        raise HocError('%s: argument must be a number or a segment' % what)
    x = float(arg)
    if not 0. <= x <= 1.:
        raise HocError('%s: arg 1 out of range [0, 1]' % what)
    return _sim(owner).current(), x


class Impedance(HocObject):
    """``Impedance()``: input and transfer impedance at a frequency (NEURON's Impedance).

    ``compute(f, 1)`` gives NEURON 9.0.2's numbers, which evaluate every instance of a
    mechanism with the first instance's variables (a bug of NEURON 9's nonlinz.cpp); set
    ``pyhoc.sim.impedance.NEURON9_FIRST_INSTANCE = False`` for each instance's own (the
    correct linearisation).  They agree where each mechanism has one instance.
    """

    def __init__(self, *args: Any):
        from ...sim.impedance import ImpedanceSolver
        self._model = _sim(self).model
        self._solver = ImpedanceSolver(self._model)
        self._loc = None             # (section, x) of the current injection
        self._deltafac = .001

    def loc(self, arg: Any = None) -> float:
        """loc(x) on the accessed section, or loc(seg); loc(-1) forgets the location."""
        if arg is None:
            raise HocError('Impedance.loc: a location is needed')
        if isinstance(arg, (float, int)) and not getattr(arg, 'sec', None):
            x = float(arg)
            if x < -1. or x > 1.:
                raise HocError('Impedance.loc: arg 1 out of range [-1, 1]')
            self._loc = None if x < 0. else (_sim(self).current(), x)
            return 0.
        self._loc = _sec_x(arg, 'Impedance.loc', self)
        return 0.

    def compute(self, freq: Any, extended: Any = 0, maxiter: Any = None) -> float:
        """compute(freq[, extended]): the impedances at freq (Hz); extended 1 includes the
        mechanism states' dependence on v."""
        from ...sim.impedance import node_of
        model = self._model
        loc = self._loc
        if loc is not None and loc[0].deleted:
            self._loc = loc = None
        if loc is None:
            raise HocError('Impedance stimulus location is not specified.')
        istim = node_of(model, loc[0], loc[1])
        self._solver.compute(float(freq), bool(float(extended)), istim, self._deltafac)
        return 0.

    def _node(self, arg: Any, what: str) -> int:
        from ...sim.impedance import node_of
        sec, x = _sec_x(arg, what, self)
        return node_of(self._model, sec, x)

    def input(self, arg: Any) -> float:
        """|v(x)/i(x)| (MOhm)."""
        return abs(self._solver.input_at(self._node(arg, 'Impedance.input')))

    def transfer(self, arg: Any) -> float:
        """|v(x)/i(loc)| = |v(loc)/i(x)| (MOhm)."""
        return abs(self._solver.transfer_at(self._node(arg, 'Impedance.transfer')))

    def ratio(self, arg: Any) -> float:
        """|v(loc)/v(x)| with the current injected at x."""
        return self._solver.ratio_at(self._node(arg, 'Impedance.ratio'))

    def input_phase(self, arg: Any) -> float:
        import cmath
        return cmath.phase(self._solver.input_at(self._node(arg, 'Impedance.input_phase')))

    def transfer_phase(self, arg: Any) -> float:
        import cmath
        return cmath.phase(self._solver.transfer_at(
            self._node(arg, 'Impedance.transfer_phase')))

    def deltafac(self, value: Any = None) -> float:
        """The relative step of the finite differences of compute(f, 1) (default .001)."""
        if value is not None:
            x = float(value)
            if not 1e-10 <= x <= 1.:
                raise HocError('Impedance.deltafac: arg 1 out of range [1e-10, 1]')
            self._deltafac = x
        return self._deltafac


class SaveState(HocObject):
    """``SaveState()``: t, voltages, states and outstanding events, kept in the object
    (``save``/``restore``) or in a file (``fwrite``/``fread``)."""

    def __init__(self, *args: Any):
        self._model = _sim(self).model
        self._state = None

    def save(self) -> float:
        from ...sim import savestate
        self._state = savestate.save(self._model)
        return 1.

    def restore(self, keep_events: Any = 0) -> float:
        """restore(): everything; restore(1): leave the event queue (and weights) alone."""
        from ...sim import savestate
        k = float(keep_events)
        if k not in (0., 1.):
            raise HocError('SaveState.restore: arg 1 out of range [0, 1]')
        if self._state is None:
            raise HocError(savestate._INCONSISTENT)
        savestate.restore(self._model, self._state, k == 1.)
        return 1.

    @staticmethod
    def _file_name(f: Any, what: str) -> str:
        getname = getattr(f, 'getname', None)
        if getname is None or type(f).__name__ != 'File':
            raise HocError('SaveState.%s: arg 1 must be a File' % what)
        return getname()

    def fwrite(self, f: Any, close: Any = 1) -> float:
        """Write the saved state to the File's file (opened anew; closed unless close is 0)."""
        from ...sim import savestate
        name = self._file_name(f, 'fwrite')
        if self._state is None:
            raise HocError('SaveState.fwrite: nothing saved yet (call save() first)')
        data = savestate.dumps(self._state)
        if not f.wopen(name):
            raise HocError("Couldn't open file for writing: %s" % name)
        f._fh.write(data)
        if float(close):
            f.close()
        return 1.

    def fread(self, f: Any, close: Any = 1) -> float:
        """Read a state written by fwrite (restore() then puts it into the model)."""
        from ...sim import savestate
        name = self._file_name(f, 'fread')
        if not f.ropen(name):
            raise HocError("Couldn't open file for reading: %s" % name)
        data = f._fh.read()
        if float(close):
            f.close()
        self._state = savestate.loads(data)
        return 1.


def _cls(obj: Any) -> str:
    return getattr(obj, 'hoc_class_name', type(obj).__name__)


class LinearMechanism(HocObject):
    """``LinearMechanism([f,] c, g, y, [y0,] b[, x | sl, xvec[, layervec]])``: the equations
    c dy/dt + g y = b solved with the cable equations (pyhoc.sim.linmech)."""

    def __init__(self, *args: Any):
        from ...sim.linmech import LinearSystem
        args = list(args)
        f = None
        if args and callable(args[0]) and _cls(args[0]) != 'Matrix':
            f = args.pop(0)
        if len(args) < 4 or _cls(args[0]) != 'Matrix' or _cls(args[1]) != 'Matrix' \
                or _cls(args[2]) != 'Vector':
            raise HocError('LinearMechanism(c, g, y, [y0,] b, ...): c and g Matrix, y Vector')
        c, g, y = args[0], args[1], args[2]
        rest = args[3:]
        vecs = []
        while rest and _cls(rest[0]) == 'Vector' and len(vecs) < 2:
            vecs.append(rest.pop(0))
        if not vecs:
            raise HocError('LinearMechanism: the b Vector is missing')
        y0, b = (vecs[0], vecs[1]) if len(vecs) == 2 else (None, vecs[0])
        sim = _sim(self)
        locations = []
        if rest:
            if isinstance(rest[0], (float, int)):
                locations = [(sim.current(), float(rest[0]))]
            elif _cls(rest[0]) == 'SectionList' and len(rest) >= 2 and \
                    _cls(rest[1]) == 'Vector':
                secs = list(rest[0])
                xs = [float(x) for x in rest[1]._a]
                if len(secs) != len(xs):
                    raise HocError('LinearMechanism: SectionList and Vector sizes differ')
                if len(rest) > 2 and any(float(v) != 0. for v in rest[2]._a):
                    raise HocError('LinearMechanism: layers other than 0 (extracellular) '
                                   'are not supported')
                locations = list(zip(secs, xs))
            else:
                raise HocError('LinearMechanism: a location is x or a SectionList and a Vector')
        for _, x in locations:
            if not 0. <= x <= 1.:
                raise HocError('LinearMechanism: x out of range [0, 1]')
        self._objs = (c, g, y, y0, b, f)       # the Matrix and Vector objects stay alive
        self._system = LinearSystem(
            sim.model, lambda: c._a, lambda: g._a, lambda: y._a, lambda: b._a,
            None if y0 is None else (lambda: y0._a), locations,
            None if f is None else _caller(f, sim.interp))

def _caller(f, interp):
    """Call HOC function ``f`` in ``interp`` (the LinearMechanism's interpreter)."""
    def call():
        interp.call(f)
    return call
