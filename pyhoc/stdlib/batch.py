"""batch_save / batch_run: run to tstop writing chosen variables to a file every tstep,
without returning to HOC between steps (NEURON's fadvance.cpp built-ins)."""
from __future__ import annotations

from ..errors import HocError
from ..base.refs import Ref
from ..hoc.safety import refuse


def _saved(interp) -> list:
    lst = interp.__dict__.get('_batch_vars')
    if lst is None:
        lst = interp.__dict__['_batch_vars'] = []
    return lst


def batch_save(interp, *refs):
    """batch_save() empties the list; batch_save(&var, ...) appends pointers to it."""
    lst = _saved(interp)
    if not refs:
        lst.clear()
    for r in refs:
        if not isinstance(r, Ref):
            raise HocError('batch_save: arguments must be pointers (&var)')
        lst.append(r)
    return 1.0


def _chk(x, name: str) -> float:
    x = float(x)
    if not 0. <= x <= 1e20:
        raise HocError('Arg out of range in user function')
    return x


def batch_run(interp, tstop, tstep, filename=None, comment=''):
    """batch_run(tstop, tstep[, "file"[, "comment"]]): steps on from t to tstop, writing the
    batch_save variables (" %g" each, a line per row) at the start and then every tstep."""
    from ..sim import fused
    from ..sim.cvode import active_state
    tstop, tstep = _chk(tstop, 'tstop'), _chk(tstep, 'tstep')
    model = interp.sim.model
    interp.top.syms['stoprun'].value = 0.0
    out = None
    if filename is not None:
        refuse(interp, 'batch_run')
        try:
            out = open(str(filename), 'w')
        except OSError:
            raise HocError("Couldn't open batch file %s" % filename) from None
        out.write('%s\nbatch_run from t = %s to %s in steps of %s with dt = %s\n' % (
            comment, _g(model.t), _g(tstop), _g(tstep), _g(model.dt)))
    refs = list(_saved(interp))

    def row():
        if out is not None:
            out.write(''.join(' ' + _g(float(r.get())) for r in refs) + '\n')
    try:
        model.ensure_built()
        row()
        cv = active_state(model)
        if cv is not None:
            while model.t < tstop:
                cv.solve(model.t + tstep)
                row()
        else:
            stoprun = interp.top.syms['stoprun']
            tstep -= model.dt / 4.
            tstop -= model.dt / 4.
            tnext = model.t + tstep
            while model.t < tstop:
                fused.advance(model, 1)
                if model.t > tnext:
                    row()
                    tnext = model.t + tstep
                if float(stoprun.value):
                    break
    finally:
        if out is not None:
            out.close()
    return 1.0


def _g(x: float) -> str:
    return '%g' % x
