"""HOC's Pointer class (``Pointer(&x)`` or ``Pointer("name")``; ``val`` reads and writes it)
and PtrVector, an array of pointers for scatter/gather."""
from __future__ import annotations

from typing import Any, Optional

from ...errors import HocError
from ...base.objects import HocObject
from ...base.refs import Ref


class Pointer(HocObject):

    def __init__(self, target: Any = None, *args: Any):
        if target is None:
            raise HocError('Pointer not enough arguments')
        self._name: Optional[str] = None
        if isinstance(target, Ref):
            self._ref = target
        elif isinstance(target, str):
            from ...base.context import current
            self._name = str(target)
            self._ref = current().ref(self._name)
        else:
            raise HocError('Pointer: argument must be a pointer or a variable name')

    @property
    def val(self) -> float:
        return self._ref.get()

    @val.setter
    def val(self, value: Any) -> None:
        self._ref.set(float(value))

    def s(self) -> str:
        """The variable's name when made from a name, else ``unknown``."""
        return self._name if self._name is not None else 'unknown'

    def assign(self, value: Any) -> float:
        """Set the pointed-to value; returns it."""
        v = float(value)
        self._ref.set(v)
        return v


class PtrVector(HocObject):
    """PtrVector(n): n pointers, for fast scatter from and gather into a Vector.  Each starts
    at a dummy variable of its own, so a PtrVector larger than the variables set is harmless."""

    def __init__(self, size: Any = None, *args: Any):
        self._label = ''
        self._plots: list = []
        self._refs: list = []
        self.resize(size)

    def _dummy(self) -> Ref:
        from ...base.refs import BoxRef
        return BoxRef(0.0)

    def size(self) -> int:
        return len(self._refs)

    def resize(self, size: Any = None) -> int:
        """n pointers: the first ones kept (as NEURON 9 keeps them), new ones at dummies."""
        n = _count(size)
        if n != len(self._refs):
            self._refs = self._refs[:n] + [self._dummy() for _ in range(n - len(self._refs))]
            for line, graph in self._plots:       # a plotted PtrVector leaves its Graph
                if line in graph.drawn:
                    graph.drawn.remove(line)
            self._plots = []
        return n

    def _index(self, i: Any) -> int:
        k = float(i)
        if not 0 <= k <= len(self._refs) - 1:
            raise HocError('Arg out of range in user function')
        return int(k)

    def pset(self, i: Any, ref: Any) -> float:
        """Point element i at &var; returns var's value."""
        if not isinstance(ref, Ref):
            raise HocError('PtrVector.pset: arg 2 must be a pointer (&var)')
        self._refs[self._index(i)] = ref
        return float(ref.get())

    def getval(self, i: Any) -> float:
        return float(self._refs[self._index(i)].get())

    def setval(self, i: Any, x: Any) -> float:
        v = float(x)
        self._refs[self._index(i)].set(v)
        return v

    def scatter(self, src: Any) -> float:
        """Copy the Vector's elements to the variables pointed to (sizes must agree)."""
        vals = src.as_numpy()
        if len(vals) != len(self._refs):
            raise HocError('PtrVector.scatter: Vector size %d is not the PtrVector size %d'
                           % (len(vals), len(self._refs)))
        for r, v in zip(self._refs, vals.tolist()):
            r.set(v)
        return 0.0

    def gather(self, dest: Any) -> float:
        """Copy the values pointed to into the Vector (resized to the PtrVector's size)."""
        dest.resize(len(self._refs))
        dest.as_numpy()[:] = [float(r.get()) for r in self._refs]
        return 0.0

    def label(self, s: Any = None) -> str:
        if s is not None:
            self._label = str(s)
        return self._label

    def plot(self, graph: Any, *args: Any) -> float:
        """Draw the values pointed to on a Graph, against their indices, x_vec or multiples
        of an increment; the line is read again at every flush.  Returns 0."""
        xs: Any = None
        step = 1.0
        rest = list(args)
        if rest and not isinstance(rest[0], (int, float)):
            xs = rest.pop(0).as_numpy().tolist()
        elif len(rest) in (1, 3):
            step = float(rest.pop(0))
        color = float(rest[0]) if rest else None
        brush = float(rest[1]) if len(rest) > 1 else None
        n = len(self._refs) if xs is None else min(len(self._refs), len(xs))
        graph.beginline(self._label, *(() if color is None else (color,)),
                        *(() if brush is None else (brush,)))
        line = graph.drawn[-1]

        def source():
            x = xs[:n] if xs is not None else [i * step for i in range(n)]
            return x, [float(r.get()) for r in self._refs[:n]]
        line.source = source
        line.x, line.y = source()
        self._plots.append((line, graph))
        return 0.0


def _count(size: Any) -> int:
    if not isinstance(size, (int, float)):
        raise HocError('PtrVector: the size must be a number')
    n = int(size)
    if n < 1:
        raise HocError('PtrVector size must be > 0')
    return n
