"""Unit constants, the same numbers as ``neuron.units`` (NEURON's units are ms, mV, µm, mM)."""
mM = 1
ms = 1
mV = 1
µm = um = 1
µM = uM = 1e-3 * mM
nM = 1e-6 * mM
M = 1e3 * mM
µs = us = 1e-3 * ms
s = sec = 1e3 * ms
minute = 60 * sec
hour = 60 * minute
day = 24 * hour
nm = 1e-3 * um
mm = 1000 * um
cm = 10 * mm
m = 100 * cm
μV = uV = 1e-3 * mV
V = 1e3 * mV
