"""Names the simulator adds to HOC, listed without importing the simulator.

The interpreter consults these tables when a name is not otherwise defined; the module or the
Model is imported only when one of the names is actually used, so a HOC program with no
sections starts without numpy.  Entries are ``'module:attribute'`` strings.
"""
from __future__ import annotations

from ..base.lazy import load  # noqa: F401  (the tables' loader, for their users)

# density mechanisms (range variables are spelled var_mech)
MECHANISMS = {'pas', 'hh', 'na_ion', 'k_ion', 'ca_ion', 'capacitance', 'morphology'}
MECHANISMS.add('extracellular')   # pyhoc.sim.mechanisms.extracellular
MECHANISMS.add('fastpas')         # pyhoc.sim.mechanisms.pas

# per-section range variables that have no mechanism suffix
RANGE_NAMES = {'v', 'diam', 'cm', 'i_cap', 'L', 'nseg', 'Ra', 'rallbranch',
               'ina', 'ik', 'ica', 'ena', 'ek', 'eca', 'nai', 'nao', 'ki', 'ko', 'cai', 'cao'}
RANGE_NAMES.update(('xraxial', 'xg', 'xc', 'vext', 'i_membrane', 'sav_g', 'sav_rhs'))  # extracellular
RANGE_NAMES.add('i_membrane_')      # cvode.use_fast_imem(1)

# simulator globals (scalars owned by the Model)
GLOBALS = {'t', 'dt', 'celsius', 'secondorder', 'diam_changed', 'nrn_shape_changed_',
           'clamp_resist'}

# point processes and artificial cells: new Name(x) locates them on the current section
POINT_PROCESSES = {
    'IClamp': 'pyhoc.sim.pointprocess:IClamp',
    'AlphaSynapse': 'pyhoc.sim.pointprocess:AlphaSynapse',
    'ExpSyn': 'pyhoc.sim.mechanisms.synapses:ExpSyn',
    'Exp2Syn': 'pyhoc.sim.mechanisms.synapses:Exp2Syn',
    'APCount': 'pyhoc.sim.mechanisms.synapses:APCount',
    'NetStim': 'pyhoc.sim.mechanisms.artificial:NetStim',
    'IntFire1': 'pyhoc.sim.mechanisms.artificial:IntFire1',
    'IntFire2': 'pyhoc.sim.mechanisms.artificial:IntFire2',
    'IntFire4': 'pyhoc.sim.mechanisms.artificial:IntFire4',
    'SEClamp': 'pyhoc.sim.pointprocess:SEClamp',
    'VClamp': 'pyhoc.sim.pointprocess:VClamp',
    'OClamp': 'pyhoc.sim.pointprocess:OClamp',
    'PatternStim': 'pyhoc.sim.mechanisms.pattern:PatternStim',
    'PointProcessMark': 'pyhoc.sim.pointprocess:PointProcessMark',
}

# other HOC classes the simulator provides: constructed as cls(*args)
CLASSES = {
    'SectionList': 'pyhoc.sim.sectionlist:SectionList',
    'SectionRef': 'pyhoc.sim.sectionlist:SectionRef',
    'NetCon': 'pyhoc.sim.netcon:NetCon',
    'FInitializeHandler': 'pyhoc.sim.events:FInitializeHandler',
    'CVode': 'pyhoc.sim.cvode_object:CVode',
    'StateTransitionEvent': 'pyhoc.sim.ste:StateTransitionEvent',
}

# built-in functions: fn(interp, *args)
FUNCTIONS = {name: 'pyhoc.sim.hocfuncs:' + name for name in (
    'finitialize', 'fadvance', 'fcurrent', 'topology', 'psection', 'area', 'ri', 'secname',
    'ismembrane', 'issection', 'define_shape', 'delete_section', 'disconnect', 'distance',
    'pop_section', 'pt3dadd', 'pt3dstyle', 'pt3dclear', 'pt3dinsert', 'pt3dremove', 'pt3dchange', 'n3d',
    'x3d', 'y3d', 'z3d', 'diam3d', 'arc3d', 'fmatrix')}
FUNCTIONS['frecord_init'] = 'pyhoc.sim.hocfuncs:frecord_init'
FUNCTIONS.update({name: 'pyhoc.sim.hocfuncs:' + name for name in (
    'initnrn', 'keep_nseg_parm', 'pt3dconst', 'spine3d', 'setSpineArea', 'getSpineArea',
    'section_owner', 'print_local_memory_usage')})
FUNCTIONS['nlayer_extracellular'] = 'pyhoc.sim.extracellular:nlayer_extracellular'
FUNCTIONS['setdata_feature'] = 'pyhoc.sim.mechfuncs:setdata_feature'
FUNCTIONS['setpointer'] = 'pyhoc.sim.pointers:hoc_setpointer'
FUNCTIONS.update({name: 'pyhoc.sim.oldstim:' + name for name in (
    'fstim', 'fstimi', 'fsyn', 'fsyni', 'fsyng', 'fclamp', 'fclampi', 'fclampv', 'prstim')})
FUNCTIONS.update({name: 'pyhoc.sim.sectionlist:' + name for name in (
    'sectionname', 'push_section', 'this_section', 'parent_section', 'parent_connection',
    'section_orientation', 'this_node')})

FUNCTIONS.update({name: 'pyhoc.sim.ionfuncs:' + name for name in (
    'ion_style', 'ion_register', 'ion_charge', 'nernst', 'ghk')})

# (the GUI's names -- Graph, xpanel, MechanismType ... -- are pyhoc.sessions', registered in
# pyhoc.hoc.library)

# ion globals (initial concentrations)
GLOBALS.update('%s%s0_%s_ion' % (ion, io, ion) for ion in ('na', 'k', 'ca') for io in 'io')


def is_range_name(name: str) -> bool:
    """Whether ``name`` may be ``<variable>_<suffix>`` of a mechanism (a suffix may hold
    underscores itself: ``gbar_kv2_gp``)."""
    return name in RANGE_NAMES or has_mechanism_suffix(name)


def has_mechanism_suffix(name: str) -> bool:
    """Whether the text after some ``_`` of ``name`` is a mechanism's name: ``<x>_<suffix>``
    (a range variable, ``<function>_<suffix>`` or ``setdata_<suffix>``)."""
    k = name.find('_')
    while k > 0:
        if name[k + 1:] in MECHANISMS:
            return True
        k = name.find('_', k + 1)
    return False
