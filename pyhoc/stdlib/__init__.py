"""pyhoc's native standard library: the run system (``stdrun.hoc``) and NEURON's parallel
library files (``netparmpi.hoc``, ``loadbal.hoc``, ``binfo.hoc``), for one process, and
``subiter.hoc`` (SubsetDomainIterator).

Importing the package registers its files in ``pyhoc.hoc.library``: ``load_file("stdrun.hoc")``
finds no such file in the model's folders and calls the installer, which defines the library's
variables and procedures in the interpreter's namespace (as Python-bodied procs that a model's
own HOC definitions can replace).
"""
from __future__ import annotations

from ..hoc import library

library.register_files('pyhoc.stdlib.stdrun:FILES')
library.register_files('pyhoc.stdlib.parallel:FILES',
                       ('netparmpi.hoc', 'binfo.hoc', 'loadbal.hoc', 'parcom.hoc'))
library.register_files('pyhoc.stdlib.subiter:FILES', ('subiter.hoc',))
library.register_names(functions={name: 'pyhoc.stdlib.batch:' + name
                                  for name in ('batch_run', 'batch_save')})
