"""pyhoc's own ``subiter.hoc``: ``SubsetDomainIterator``, the segments of a SectionList with a
metric ``p`` of each, which models use to grade a density along a dendrite.

``new SubsetDomainIterator(sectionlist, path, proximal, distal [, ...])``: ``loop()`` (or
``loop(&x, &p)``) runs its statement in each segment's section with ``x`` its position and
``p`` its metric; ``update()`` recomputes the metrics (when ``nrn_shape_changed_`` moved),
``p0``/``p1`` their smallest and largest (``p1`` at least 1).  Metrics, as NEURON documents
them: path 0 the path distance from the root of the first section's tree (the distance origin
is moved there), 2 the straight distance from the point (xo, yo, zo), 3 the projection onto a
line at ``theta`` degrees minus ``origin``; proximal 1 shifts them to start at 0, distal 1
scales them to end at 1.  Path styles 1 and above 3, and proximal or distal style 2, are
refused as in NEURON.  Written anew from that description.
"""
from __future__ import annotations

SUBITER = r'''
begintemplate SubsetDomainIterator
public sl, x, p, p0, p1, loop, update
objref sl, map, rootref_
proc init() {
    sl = $o1
    map = new Vector()
    x = p = p0 = p1 = 0
    stamp_ = -1
    path_ = $2  prox_ = $3  dist_ = $4
    if (path_ == 1 || path_ > 3) {
        printf("path_style_ %d not implemented\n", path_)
        execerror("SubsetDomainIterator: this path style is not implemented", "")
    }
    if (prox_ == 2) {
        printf("proximal_style_ %d not implemented\n", prox_)
        execerror("SubsetDomainIterator: this proximal style is not implemented", "")
    }
    if (dist_ == 2) {
        printf("distal_style_ %d not implemented\n", dist_)
        execerror("SubsetDomainIterator: this distal style is not implemented", "")
    }
    if (path_ == 2) { ox_ = $5  oy_ = $6  oz_ = $7 }
    if (path_ == 3) { origin_ = $5  theta_ = $6 }
}

iterator loop() { local k
    update()
    k = 0
    forsec sl for (x, 0) {
        p = map.x[k]
        k += 1
        if (numarg() == 2) { $&1 = x  $&2 = p }
        iterator_statement
    }
}

proc update() { local n, k, d, first, xx
    if (stamp_ == nrn_shape_changed_) { return }
    stamp_ = nrn_shape_changed_
    n = 0
    forsec sl for (x, 0) { n += 1 }
    map.resize(n)
    k = 0  first = 1  p0 = 1e9  p1 = 1
    forsec sl for (xx, 1) {
        if (first && path_ == 0) {
            rootref_ = new SectionRef()
            rootref_.root { distance() }
        }
        first = 0
        d = metric_(xx)
        if (xx > 0 && xx < 1) {
            map.x[k] = d
            k += 1
        }
        if (d < p0) { p0 = d }
        if (d > p1) { p1 = d }
    }
    if (path_ == 3) {
        map.sub(origin_)
        p0 -= origin_
        p1 -= origin_
    }
    if (prox_ == 1) {
        map.sub(p0)
        p1 -= p0
        p0 = 0
    }
    if (dist_ == 1) {
        map.div(p1)
        p0 /= p1
        p1 = 1
    }
}

func metric_() {
    if (path_ == 0) { return distance($1) }
    point3d_($1)
    if (path_ == 2) { return sqrt((px_ - ox_)^2 + (py_ - oy_)^2 + (pz_ - oz_)^2) }
    return px_*cos(theta_/DEG) + py_*sin(theta_/DEG)
}

// the 3-D point at position $1 of the current section, linear between its 3-D points
proc point3d_() { local j, s, w
    if ($1 == 0 || $1 == 1) {
        j = 0
        if ($1 == 1) { j = n3d() - 1 }
        px_ = x3d(j)  py_ = y3d(j)  pz_ = z3d(j)
        return
    }
    s = $1*L
    for (j = 1; s > arc3d(j); j += 1) { }
    w = (s - arc3d(j - 1))/(arc3d(j) - arc3d(j - 1))
    px_ = (1 - w)*x3d(j - 1) + w*x3d(j)
    py_ = (1 - w)*y3d(j - 1) + w*y3d(j)
    pz_ = (1 - w)*z3d(j - 1) + w*z3d(j)
}
endtemplate SubsetDomainIterator
'''


def install_subiter(interp) -> None:
    from ..hoc.library import declared, define
    if not declared(interp, 'SubsetDomainIterator'):
        define(interp, SUBITER)


FILES = {'subiter.hoc': install_subiter}
