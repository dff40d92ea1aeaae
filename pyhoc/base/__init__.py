"""What the language (``pyhoc.hoc``) and the simulator (``pyhoc.sim``) share, beneath both.

``context``: which host (interpreter) a call belongs to, and the host protocol the simulator
uses (write, execute, call, model); ``objects``: the HOC object base class and per-host instance
numbering; ``refs``: pointers (``&x``, ``_ref_v``, strdef arguments); ``rng`` and
``nmodlrandom``: random streams and HOC's handle on a mechanism's; ``samples``: the
sample-buffer storage ``Vector`` is built on, which record and play use; ``lazy``: the
``'module:attr'`` loader of the name tables; ``hooks``: the factories the package's top lends
(the bridge's keyword calls and ``h``, new Vectors).  Nothing here imports any other pyhoc
package except ``pyhoc.errors``.
"""
