TITLE r9stim: spikes at intervals drawn from NEURON 9 RANDOM variables (pyhoc test)
NEURON {
    ARTIFICIAL_CELL r9stim
    THREADSAFE
    RANGE interval, left, u, z
    RANDOM ra, rb
}
PARAMETER {
    interval = 4 (ms)
}
ASSIGNED {
    left
    u
    z
}
INITIAL {
    random_setseq(rb, 8)
    left = 10
    u = random_uniform(rb, 2, 3)
    z = random_normal(rb, 1, .5)
    net_send(interval*random_negexp(ra), 1)
}
NET_RECEIVE (w) {
    if (left > 0) {
        net_event(t)
        left = left - 1
        u = random_uniform(rb)
        z = random_normal(rb)
        net_send(interval*random_negexp(ra) + .1*u, 1)
    }
}
