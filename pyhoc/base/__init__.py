"""What the language (``pyhoc.hoc``) and the simulator (``pyhoc.sim``) share, beneath both.

``context``: which host (interpreter) a call belongs to, and the host protocol the simulator
uses (write, execute, call, model); ``objects``: the HOC object base class and per-host instance
numbering; ``refs``: pointers (``&x``, ``_ref_v``, strdef arguments); ``rng``: random streams;
``samples``: the sample-buffer protocol ``Vector`` implements for record and play.  Nothing
here imports any other pyhoc package except ``pyhoc.errors``.
"""
