: radial calcium diffusion in N shells (derivimplicit on array states), a test of arrays
NEURON {
    SUFFIX arrcad
    USEION ca READ cai, ica WRITE cai
    RANGE ca, vol, shell, kb
    GLOBAL D, scale
}
DEFINE N 4
DEFINE N1 5
UNITS {
    (mM) = (milli/liter)
    (um) = (micron)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}
PARAMETER {
    D = .6 (um2/ms)
    kb[N] (/ms)
    scale[2]
    taur = 20 (ms)
    cainf = 1e-4 (mM)
    dia = 5 (um)
}
ASSIGNED {
    ica (mA/cm2)
    cai (mM)
    vol[N] (um2)
    shell[N]
    fl[N1]
}
STATE { ca[N] (mM) }
LOCAL frat[N]
INITIAL {
    FROM i=0 TO N-1 {
        vol[i] = dia*dia*PI/4/N
        frat[i] = 2*PI*dia/2*(N-i)/N/(dia/2/N)
        ca[i] = cainf*(1 + 3*i)
        kb[i] = 0.01*(i+1)
        shell[i] = i*i
    }
    scale[0] = 1
    scale[1] = 2
    cai = ca[0]
}
BREAKPOINT { SOLVE state METHOD derivimplicit }
DERIVATIVE state {
    fl[0] = -ica*PI*dia*(1e4)/(2*FARADAY)
    FROM i=1 TO N-1 { fl[i] = D*frat[i]*(ca[i-1] - ca[i]) }
    fl[N] = 0
    FROM i=0 TO N-1 {
        ca'[i] = (fl[i] - fl[i+1])/vol[i] - kb[i]*(ca[i] - cainf)*scale[1]/scale[0]
    }
    cai = ca[0]
}
