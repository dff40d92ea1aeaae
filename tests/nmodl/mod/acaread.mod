TITLE acaread: a gate following cai (pyhoc test: it registers before the pool that writes cai)
COMMENT
nrnivmodl registers the files in name order, and NEURON moves a mechanism that writes an ion
concentration (cad.mod) ahead of the others (nrn_writes_conc): this gate's state step reads
the cai of the pool's step of the same time step.
ENDCOMMENT
NEURON {
    SUFFIX acaread
    USEION ca READ cai
    RANGE w, tau
}
UNITS { (mM) = (milli/liter) }
PARAMETER { tau = 2 (ms) }
ASSIGNED { cai (mM) }
STATE { w }
INITIAL { w = cai*1000 }
BREAKPOINT { SOLVE states METHOD cnexp }
DERIVATIVE states { w' = (cai*1000 - w)/tau }
