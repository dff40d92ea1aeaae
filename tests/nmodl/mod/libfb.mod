: a second library in the same set: a Boltzmann function and a TABLE'd function
NEURON {
    SUFFIX nothing
    GLOBAL vhalf
}

UNITS { (mV) = (millivolt) }

PARAMETER {
    vhalf = -40 (mV)
    slope = 5 (mV)
}

FUNCTION boltz(vm (mV)) {
    boltz = 1/(1 + exp(-(vm - vhalf)/slope))
}

FUNCTION ptab(vm (mV)) {
    TABLE DEPEND vhalf FROM -100 TO 50 WITH 300
    ptab = exp((vm - vhalf)/20)
}
