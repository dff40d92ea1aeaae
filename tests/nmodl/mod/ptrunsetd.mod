: a density mechanism reading its POINTER: left unset it stops the run with a HOC error
NEURON {
    SUFFIX ptrunsetd
    POINTER src
    RANGE x
}
ASSIGNED { x src }
BREAKPOINT { x = src }
