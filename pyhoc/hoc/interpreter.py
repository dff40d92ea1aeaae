"""The HOC interpreter: state, the statement-at-a-time run loop, and the runtime operations
the compiled closures call (name resolution, calls, assignment, objects).

One Interpreter owns one namespace; ``pyhoc.h`` is a view of the default one.  Statements are
parsed one at a time from a stack of input sources and run at once, so a statement's data
lines stay in the stream for ``fscan()``.  Errors are raised as HocError; printing them is left
to the command line, the REPL and ``h('...')``.
"""
from __future__ import annotations

import math
import os
import re
import sys
from functools import cached_property
from typing import Any, Callable, Optional, TextIO

from . import ast
from ..errors import Coord, HocError, HocSyntaxError, python_error_message
from ..base import hooks
from ..base.context import running, running_now
from .depth import raise_recursion_limit
from .expressions import ObjArg, _num, expecting_double
from ..base.objects import PYTHON_ONLY, HocObject, class_registry
from . import parsecache
from .parsecache import FileParses, parse_statement
from .pycode import BARE, FELL, PyCode
from ..base.refs import ArrayRef, CallbackRef, FloatArray, Ref, StrRef
from .signals import (BreakSignal, ContinueSignal, EMPTY_RETURN, IterBreak, NOVALUE, ReturnSignal,
                      Signal, StopSignal)
from .source import CallbackSource, FileSource, SourceStream, StringSource
from .statements import Compiler, USER_KINDS, function_locals
from .stmtcache import StatementCache
from .symbols import Array, Kind, Namespace, Sym, box
from .templates import Function, Template, TemplateInstance

NFRAME = 512        # NEURON's default -NFRAME: a call may nest NFRAME - 1 deep
NSTACK = 1000       # NEURON's default -NSTACK: the arguments of the active calls
_STACK_BASE = 3     # what NEURON's stack holds besides them (measured: -NSTACK 100, p(96))


class Frame:
    """One activation: the namespace for non-local names, locals, arguments."""

    __slots__ = ('ns', 'locals', 'args', 'func', 'iter_body', 'caller')

    def __init__(self, ns: Namespace, func: Optional[Function] = None, args: Optional[list] = None,
                 caller: Optional['Frame'] = None):
        self.ns = ns
        self.func = func
        self.args = args if args is not None else []
        self.locals: dict[str, Sym] = {}
        self.iter_body = None
        self.caller = caller


class ComputedSym(Sym):
    """A scalar whose value lives elsewhere (a simulator variable such as ``t``)."""

    __slots__ = ('getter', 'setter')

    def __init__(self, name: str, getter: Callable[[], float], setter: Callable[[float], None]):
        super().__init__(name, Kind.NUM)
        self.getter = getter
        self.setter = setter

    @property
    def value(self):  # type: ignore[override]
        return self.getter()

    @value.setter
    def value(self, v):
        if getattr(self, 'setter', None) is not None:
            self.setter(v)


# NEURON's built-in variables: in its built-in table, so templates reach them without external
CONSTANTS = {
    'PI': 3.14159265358979323846, 'E': 2.71828182845904523536, 'GAMMA': 0.57721566490153286060,
    'DEG': 57.29577951308232087680, 'PHI': 1.61803398874989484820,
    'FARADAY': 96485.33212331001, 'R': 8.3144626181532395,
    'Avogadro_constant': 6.02214076e+23, 'float_epsilon': 1e-11, 'hoc_ac_': 0.0,
    'hoc_cross_x_': 0.0, 'hoc_cross_y_': 0.0, 'default_dll_loaded_': 0.0, 'stoprun': 0.0,
    # switches read by the parallel code: xopen's broadcast under MPI, NetCon.record's state
    # adjustment, sparse transfer tables
    'xopen_broadcast_': 255.0, 'nrn_netrec_state_adjust': 0.0, 'nrn_sparse_partrans': 0.0,
}

# what a symbol's kind makes of its name for the parser's object rules (Interpreter.object_name)
_OBJECT_KINDS = {
    Kind.OBJ: 'obj', Kind.THIS: 'obj', Kind.OBFUNC: 'obfunc', Kind.TEMPLATE: 'template',
    Kind.CLASS: 'template', Kind.SIMCLASS: 'template', Kind.NUM: 'other', Kind.ARRAY: 'other',
    Kind.STR: 'str', Kind.PROC: 'func', Kind.FUNC: 'func', Kind.ITER: 'func',
    Kind.BUILTIN: 'builtin', Kind.RANGE: 'rangevar'}


class Interpreter:
    """A HOC interpreter with its own namespace, input stack and simulator."""

    errno_count = 0         # math results out of range in this statement (NEURON: 5 warned)
    _warned_at = None       # (file, line, text) of the last warning: its line is spent

    def __init__(self, stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                 gui: bool = True, progname: str = 'pyhoc', safe: bool = False):
        self._stdout = stdout
        self._stderr = stderr
        self.redirect: Optional[TextIO] = None      # hoc_stdout("file")
        self.gui = gui
        self.progname = progname
        self.top = Namespace()
        for name, value in CONSTANTS.items():
            self.top.declare(name, Kind.NUM, value)
        self.epsilon_sym = self.top.syms['float_epsilon']
        self.top.declare('hoc_obj_', Kind.OBJ, Array('hoc_obj_', [2], None))  # NEURON's own
        self.builtins: dict[str, Sym] = {}
        from .builtins import CLASSES, load_functions
        for name, fn in load_functions().items():
            self.builtins[name] = Sym(name, Kind.BUILTIN, fn)
        for name in CLASSES:
            self.builtins[name] = Sym(name, Kind.CLASS, name)
        self.classes: dict[str, type] = {}
        self.sources: list[SourceStream] = []
        self.obj_stack: list[Any] = []              # object_push
        self.loaded: set[str] = set()
        self.native_depth = 0       # native library files being installed (hoc.files)
        self.template_def: Optional[Template] = None
        self.template_compiler: Optional[Compiler] = None
        self.template_scratch = Namespace()        # where template-level statements run
        self.template_stack: list = []             # the templates a nested one is inside
        self.compile_ns: Optional[Namespace] = None
        self.declared_in_code: set[str] = set()   # strdefs met inside top-level procs
        self._stmt_cache = StatementCache(self)
        self.frame: Optional[Frame] = None
        self.depth = 0
        self.nframe = NFRAME
        self.nstack = NSTACK
        self.stack_used = 0      # the arguments of the calls running now (NEURON's stack)
        raise_recursion_limit()
        self.ropen_file = None
        self.wopen_file = None
        self.interrupted = False
        self.stopwatch = 0.0
        self.quiet_errors = 0
        self.library_path: list[str] = []
        self._sim = None
        self._compiler = Compiler(self)
        self.section_names_any: set[str] = {'sec'}   # names created as sections anywhere
        self.safe_root: Optional[str] = None          # the folder of safe mode (safety.py)
        if safe:
            self.safe = True

    @property
    def safe(self) -> bool:
        """Safe mode (pyhoc/hoc/safety.py): no system, nrnpython, file writes or chdir out."""
        return self.safe_root is not None

    @safe.setter
    def safe(self, on: bool) -> None:
        from . import safety
        if on:
            safety.switch_on(self)
        else:
            self.safe_root = None

    # ---- output ------------------------------------------------------------------------------
    @property
    def stdout(self) -> TextIO:
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def stderr(self) -> TextIO:
        return self._stderr if self._stderr is not None else sys.stderr

    def write(self, text: str) -> None:
        out = self.redirect if self.redirect is not None else self.stdout
        out.write(text)

    def error_message(self, err: HocError) -> None:
        """Print an error in NEURON's layout on stderr."""
        if self.quiet_errors:
            return
        try:
            self.stdout.flush()
        except Exception:
            pass
        c = err.coord
        if c is not None and self._warned_at == (c.file, c.line, c.text):
            err.shows_line = False      # (a warning emptied NEURON's line buffer: a bare caret)
        self.stderr.write(err.render(self.progname) + '\n')
        try:
            self.stderr.flush()
        except Exception:
            pass

    def parse_error(self, message: str) -> HocError:
        """An error NEURON's parser raises (a declaration, ``begintemplate``, ``new X()``)
        that pyhoc finds as the statement runs: its caret goes under the line's last token
        (where NEURON's stood, when that token ends the statement), not past the line."""
        s = self.sources[-1] if self.sources else None
        if s is None or not s.last_text:
            return HocError(message)
        text = s.last_text
        code = text.split('//', 1)[0] if '"' not in text else text
        return HocError(message, Coord(s.name, s.lineno, text, max(len(code.rstrip()) - 1, 0)))

    def calls_under_way(self) -> list:
        """The HOC function calls running now, innermost first, as an error's call stack shows
        them (for an error reported where it is caught: execute1)."""
        out = []
        fr = self.frame
        while fr is not None and len(out) < 10:
            func = fr.func
            if func is not None:
                owner = fr.ns.owner if func.template is not None else None
                out.append(call_text(func.name if owner is None else
                                     '%s.%s' % (object_name(owner), func.name), fr.args))
            fr = fr.caller
        return out

    def not_public(self, name: str, obj: Any) -> HocError:
        """NEURON's error for a member an object's class does not have (or does not make
        public); ``obj``: the object or its class's name.  NEURON writes the message on
        stderr before raising it, so it shows even where the error is caught."""
        cls = obj if isinstance(obj, str) else getattr(obj, 'hoc_class_name',
                                                        type(obj).__name__)
        message = "'%s' not a public member of '%s'" % (name, cls)
        try:
            self.stdout.flush()
        except Exception:
            pass
        self.stderr.write(message + '\n')
        return HocError(message)

    def warning(self, message: str) -> None:
        """hoc_warning: the message in an error's layout (with the statement being run), and
        execution goes on."""
        coord = None
        spent = False
        if self.sources:
            s = self.sources[-1]
            coord = Coord(s.name, s.lineno, s.last_text, len(s.last_text.rstrip('\n')))
            # (NEURON empties its line buffer after a warning: a second one on the statement
            # shows a bare caret)
            at = (s.name, s.lineno, s.last_text)
            spent = at == self._warned_at
            self._warned_at = at
        if not self.quiet_errors:
            err = HocError(message, coord)
            if spent:
                err.shows_line = False
            self.stderr.write(err.render(self.progname) + '\n')

    def math_warning(self, name: str) -> None:
        """NEURON's check of a math function's result (errcheck): out of range (``exp(800)``,
        ``log(0)``) is a warning, five in a process at most, then a notice; execution goes
        on with the value."""
        n = self.errno_count = self.errno_count + 1
        if n <= 5:
            self.warning('%s result out of range' % name)
            if n == 5:
                self.stderr.write('No more errno warnings during this execution\n')

    # ---- the simulator glue ----------------------------------------------------------------------
    @cached_property
    def sim(self):
        """The simulator glue (made on first use; then a plain attribute: HOC asks often)."""
        if self._sim is None:
            from .sectionstmt import SimGlue
            self._sim = SimGlue(self)
        return self._sim

    @property
    def model(self):
        """This interpreter's simulator Model, made on first use (the Host protocol's
        ``model``: pyhoc.base.context.Host)."""
        return self.sim.model

    # ---- running source ----------------------------------------------------------------------------
    def current_ns(self) -> Namespace:
        if self.obj_stack:
            top = self.obj_stack[-1]
            if isinstance(top, TemplateInstance):
                return top.ns
            return getattr(top, '_hoc_ns', None) or self.top  # a native object's members
        return self.top

    def run_source(self, stream: SourceStream, ns: Optional[Namespace] = None) -> None:
        """Parse and run statements from ``stream`` until it ends; raises HocError."""
        self.sources.append(stream)
        cache = self._stmt_cache if ns is None else None
        # the statements of a file or library text as an earlier process parsed them
        parses = FileParses.open(stream)
        parse = parse_statement if parses is None else parses.parse
        # (names are what they are in the namespace the statements run in: execute(s, obj))
        object_name = self.object_name if ns is None else \
            (lambda name: self.object_name(name, ns))
        section_name = self.section_name if ns is None else \
            (lambda name, after_dot: self.section_name(name, after_dot, ns))
        parsecache.running(parses)
        try:
            with running(self):
                while True:
                    # the lines of shapes compiled before run there (stmtcache.py)
                    entry = cache.run(stream) if cache is not None else None
                    if entry is None:
                        node = parse(stream, section_name, object_name)
                        if node is None:
                            break
                    else:
                        node = entry.node
                    if type(stream) is FileSource:
                        # NEURON pops what a file's top-level statement left on the section
                        # stack (``x = pp.get_loc()`` then ``print secname()``)
                        sim = self._sim
                        level = len(sim.stack) if sim is not None else 0
                        self.run_statement(node, stream, ns, entry)
                        sim = self._sim
                        if sim is not None and len(sim.stack) > level:
                            del sim.stack[level:]
                    else:
                        self.run_statement(node, stream, ns, entry)
        finally:
            self.sources.pop()
            parsecache.done()
            if parses is not None:
                parses.save()

    def run_statement(self, node: ast.Node, stream: SourceStream,
                      ns: Optional[Namespace] = None, entry=None) -> None:
        """Compile and run one top-level statement (echoing a bare expression's value).
        ``entry``: the statement cache's, whose code is filled in (stmtcache.py)."""
        if self.errno_count:
            # (NEURON counts them afresh for each statement it reads, noting a lot)
            if self.errno_count > 5:
                self.stderr.write('errno set %d times on last execution\n' % self.errno_count)
            self.errno_count = 0
        if isinstance(node, ast.Empty):
            return
        try:
            if isinstance(node, ast.Declare) and node.kind == 'create':
                names = [n for n, _ in node.items]
                self.section_names_any.update(names)
                if self.template_def is not None:
                    self.template_def.section_names.update(names)
            in_template = self.template_def is not None and not isinstance(
                    node, (ast.EndTemplate, ast.FuncDef, ast.Public, ast.External,
                           ast.BeginTemplate))
            if in_template:
                # Declarations make per-instance members; every other template-level
                # statement runs once, now, as NEURON runs it when reading the template.
                t = self.template_def
                if isinstance(node, ast.Declare):
                    # array sizes are taken now, from the template-level variables as they
                    # are when the template is read (``nsy = 18  objref syd[nsy]``)
                    scratch = Frame(self.template_scratch)
                    eps = self.epsilon_sym.value
                    compiler = self.template_compiler
                    node = ast.Declare(node.kind, [
                        (name, [ast.Num(float(int(_num(compiler.expr(d)(scratch)) + eps)))
                                for d in dims]) for name, dims in node.items],
                        line=node.line)
                    decl = compiler.stmt(node)
                    t.body.append(decl)
                    if node.kind != 'create':
                        decl(scratch)
                    return
                fr = Frame(self.template_scratch)
            else:
                fr = Frame(ns if ns is not None else self.current_ns())
            self.compile_ns = fr.ns    # what names exist while this statement is compiled
            echo = isinstance(node, ast.ExprStmt) and not isinstance(node.expr, ast.Assign)
            if echo:
                if isinstance(node.expr, ast.Call):
                    code = self._compiler.raw_call(node.expr)
                else:
                    code = self._compiler.expr(node.expr)
            else:
                code = self._compiler.stmt(node)
            if entry is not None and entry.names is not None:
                if self._stmt_cache.checks_hold(entry):
                    entry.code, entry.echo = code, echo
                else:
                    self._stmt_cache.drop(entry)
            saved = self.frame
            self.frame = fr
            if entry is not None:
                entry.busy = True
            try:
                if echo:
                    self.echo(code(fr))
                else:
                    code(fr)
            except HocError:
                if in_template and not echo and self.template_def.section_names:
                    return   # section statements at template level: no instance sections yet
                raise
            finally:
                self.frame = saved
                if entry is not None:
                    entry.busy = False
        except BaseException as e:
            self.statement_failed(e, stream)

    def statement_failed(self, e: BaseException, stream: SourceStream) -> None:
        """What an exception out of a top-level statement becomes: nothing (stop, or a break
        outside a loop), else raised as a HocError located at the stream's current line."""
        if isinstance(e, (StopSignal, BreakSignal, ContinueSignal, IterBreak)):
            return
        if isinstance(e, ReturnSignal):
            raise self._locate(HocError('return used outside definition'), stream) from None
        if isinstance(e, HocError):
            self._locate(e, stream)
            raise e
        if isinstance(e, RecursionError):
            raise self._locate(HocError('call nested too deeply'), stream) from None
        if not isinstance(e, Exception):
            raise e                   # KeyboardInterrupt, SystemExit (quit), ...
        # a Python error inside a built-in: report it as a HOC error
        raise self._locate(HocError(python_error_message(e)), stream) from None

    def section_name(self, name: str, after_dot: bool, ns: Optional[Namespace] = None) -> bool:
        """Does ``name`` denote a section here?  (The parser asks, for ``soma stmt``.)
        ``ns``: where the statements run (execute(s, obj)); default: where statements run now."""
        if after_dot:
            return name in self.section_names_any
        if self.template_def is not None:
            return name in self.template_def.section_names
        if ns is None:
            ns = self.current_ns()
        sym = ns.syms.get(name)
        if sym is not None:
            return sym.kind is Kind.SEC
        if ns.owner is not None:
            return name in ns.owner.template.section_names
        return False

    def object_name(self, name: str, ns: Optional[Namespace] = None) -> str:
        """What ``name`` is here for the parser's object rules (``name.member``, ``ob stmt``):
        'obj' (an objref or ``this``), 'obfunc', 'template' (a template or class:
        ``Vector[0]``), 'undef' (nothing: NEURON's parser takes it for a new variable),
        'own' (in a template: nothing yet, or a name it makes its own), 'str' (a strdef),
        'scalar' (at the top level, a number), 'other' (a double array; in a template, a
        number too), 'func' (a proc, func or
        iterator), 'builtin' (a built-in function), 'var' (at the top level, a variable of
        NEURON's built-in table: t, PI, nseg), 'rangevar' (a range variable; 'toprange' at
        the top level, where NEURON's declarations refuse it), 'mech' (a density mechanism's
        name; 'topmech' at the top level), '' (else,
        left to run time).  Seen as NEURON's parser sees it: in a template being read, its
        own names, its externals and the built-in ones; else those of ``ns`` (default: where
        statements run now)."""
        t = self.template_def
        if t is not None:
            sym = self.template_scratch.syms.get(name) or t.functions.get(name)
            if sym is None:
                if name in t.section_names:
                    return ''
                if name in t.member_names:
                    return 'other'
                if name in t.declared_in_code:
                    return 'str'        # (a strdef in a body: NEURON's parser made it one)
                if name in t.public:
                    return 'own'        # (NEURON's ``public`` makes the name the template's)
                if name in t.external:
                    sym = self.top.syms.get(name)
                else:
                    sym = self.builtin_sym(name)
                    if sym is not None and (sym.kind is Kind.NUM or sym.kind is Kind.RANGE
                                            and name in self.sim.SECTION_PROPS):
                        return 'own'        # (a variable of NEURON's built-in table: the
                        # template's own, were it declared or defined there)
        else:
            sym = self.resolve(Frame(ns if ns is not None else self.current_ns()), name)
            if sym is None and name in self.declared_in_code:
                return 'str'
            if sym is not None and (sym.kind is Kind.NUM and (
                    name in CONSTANTS or self.sim.is_builtin_name(name)) or
                    sym.kind is Kind.RANGE and name in self.sim.SECTION_PROPS):
                return 'var'
            if sym is not None and sym.kind is Kind.NUM:
                return 'scalar'
            if sym is None:
                return 'topmech' if self.sim.is_mechanism_name(name) else 'undef'
            if sym.kind is Kind.RANGE:
                return 'toprange'
        if sym is None:
            return 'mech' if self.sim.is_mechanism_name(name) else 'own'
        return _OBJECT_KINDS.get(sym.kind, '')

    def _locate(self, err: HocError, stream: SourceStream) -> HocError:
        if err.coord is None:
            err.coord = Coord(stream.name, stream.lineno, stream.last_text,
                              len(stream.last_text.rstrip('\n')))
        return err

    def echo(self, value: Any) -> None:
        """Print a top-level expression's value as NEURON does."""
        if value is NOVALUE:
            return
        if isinstance(value, MemberStr):
            self.write('\t%s \n' % value)
        elif isinstance(value, str):
            self.write(value + '\n')
        elif isinstance(value, (float, int, bool)):
            self.write('\t%s \n' % format_number(float(value)))
        else:
            self.write('\t%s \n' % object_name(value))

    def run_file(self, path: str, display_name: Optional[str] = None) -> None:
        try:
            stream = FileSource(path, display_name or path)
        except OSError:
            raise HocError("Can't open %s" % path) from None
        self.run_source(stream)

    def run_text(self, text: str, name: Optional[str] = None,
                 ns: Optional[Namespace] = None) -> None:
        self.run_source(StringSource(text, name), ns)

    def interactive_line(self, text: str) -> bool:
        """Run statements typed at the prompt; print errors and carry on. False on error."""
        try:
            self.run_text(text)
            return True
        except HocError as e:
            self.error_message(e)
            self.reset_after_error()
            return False

    def reset_after_error(self) -> None:
        """Back to the top level after an error: close half-defined templates, pop contexts."""
        self.template_def = None
        self.template_compiler = None
        self.template_stack.clear()
        self.depth = 0
        self.stack_used = 0
        self.frame = None
        if self._sim is not None:
            self._sim.reset_stack()

    # ---- API used by built-ins and the bridge --------------------------------------------------
    def execute(self, code: str, obj: Any = None, braced: bool = True,
                keep_parse: bool = False) -> None:
        """Run HOC text as ``execute()`` does: braced unless it starts with '~'.

        ``braced=False`` runs it as ``execute1()`` does: statement by statement, like a file,
        so that it may define a func or proc.  ``keep_parse``: the text is fixed (a library's),
        so its parse is kept for the next process (parsecache.py)."""
        if not braced:
            text = code
        elif code.startswith('~'):
            text = code[1:]
        else:
            text = '{' + code + '}'
        ns = obj.ns if isinstance(obj, TemplateInstance) else \
            (self.top if obj is None else getattr(obj, '_hoc_ns', None))
        if obj is None:
            ns = self.top if not self.obj_stack else self.current_ns()
        saved = (self.frame, self.depth, self.stack_used)
        source = StringSource(text + '\n', None)
        source.reads_data = False
        source.keep_parse = keep_parse
        try:
            with running(self):
                self.run_source(source, ns)
        except HocError as e:
            c = e.coord
            if c is not None and c.file is None:
                # NEURON names the file being read (hoc_xopen_file_), with the text's line
                c.file = next((s.name for s in reversed(self.sources) if s.name), None)
            raise
        finally:
            self.frame, self.depth, self.stack_used = saved

    def call(self, target: Any, *args: Any) -> Any:
        """Call a HOC function by name (or a Function / Python callable) with Python args."""
        fr = self.frame or Frame(self.top)
        if isinstance(target, str):
            r = self.call_name(fr, target, list(args))
        elif isinstance(target, Function):
            r = self.call_function(target, list(args), self.top, fr)
        else:
            r = target(*args)
        return 0.0 if r is NOVALUE else r

    def eval_string(self, expr: str) -> Any:
        """Evaluate HOC expression text and return its value (at top level its code is
        compiled once while its names stay what they were: stmtcache.expression)."""
        ns = self.current_ns()
        fr = Frame(ns)
        cache = self._stmt_cache
        if ns is self.top and cache is not None:
            entry = cache.expression(expr)
            code = entry.code
            if code is None:
                node = entry.node
                if not isinstance(node, ast.ExprStmt):
                    raise HocError('syntax error: not an expression: %s' % expr)
                self.compile_ns = ns
                code = self._compiler.expr(node.expr)
                if entry.names is not None:
                    entry.code = code
            with running(self):
                return code(fr)
        from .source import StringSource as _S
        node = parse_statement(_S(expr + '\n'))
        if not isinstance(node, ast.ExprStmt):
            raise HocError('syntax error: not an expression: %s' % expr)
        self.compile_ns = fr.ns
        with running(self):
            return self._compiler.expr(node.expr)(fr)

    def ref(self, name: str) -> Ref:
        """A pointer to a variable given by name (``Pointer("x")``)."""
        from .source import StringSource as _S
        node = parse_statement(_S(name + '\n'))
        if not isinstance(node, ast.ExprStmt):
            raise HocError('not a variable: %s' % name)
        fr = Frame(self.current_ns())
        return self._compiler.ref(node.expr)(fr)

    def ref_string(self, expr: str) -> Ref:
        """:meth:`ref` with the code kept while the expression's names stay what they were,
        as :meth:`eval_string` keeps it (a headless Graph's variables, resolved again at
        each stop of the run system's compiled loop)."""
        ns = self.current_ns()
        cache = self._stmt_cache
        if ns is not self.top or cache is None:
            return self.ref(expr)
        entry = cache.expression(expr)
        codes = self.__dict__.setdefault('_ref_codes', {})
        got = codes.get(expr)
        if got is None or got[0] is not entry:
            node = entry.node
            if not isinstance(node, ast.ExprStmt):
                raise HocError('not a variable: %s' % expr)
            got = (entry, self._compiler.ref(node.expr))
            if entry.names is not None:
                if len(codes) >= 1000:
                    codes.clear()
                codes[expr] = got
        return got[1](Frame(ns))

    # ---- name resolution ---------------------------------------------------------------------------
    def resolve(self, fr: Frame, name: str) -> Optional[Sym]:
        ns = fr.ns
        sym = ns.syms.get(name)
        if sym is not None:
            return sym
        tmpl = None
        owner = ns._owner       # (Namespace.owner, read without the property)
        if owner is not None:
            owner = owner()
            if owner is not None:
                tmpl = owner.template
        elif ns is self.template_scratch:   # a template-level statement, run as it is read:
            tmpl = self.template_def        # its template's functions and externals
        if tmpl is not None:
            sym = tmpl.functions.get(name)
            if sym is not None:
                return sym
            if name in tmpl.external:
                sym = self.top.syms.get(name)
                if sym is not None:
                    return sym
            return self.builtin_sym(name)
        sym = self.builtins.get(name)
        if sym is not None:
            return sym
        sim = self._sim
        return (sim if sim is not None else self.sim).resolve(name)

    def builtin_sym(self, name: str) -> Optional[Sym]:
        """A name of NEURON's built-in table (functions, classes, constants, simulator names):
        seen from every scope, templates included."""
        sym = self.top.syms.get(name)
        if sym is not None and (sym.kind is Kind.TEMPLATE or name in CONSTANTS):
            return sym
        sym = self.builtins.get(name)
        if sym is not None:
            return sym
        return self.sim.resolve(name)

    def compiled_name_known(self, name: str) -> bool:
        """Does ``name`` mean something where code is being compiled now (the template being
        read, else the namespace the statement runs in), built-in names included?"""
        t = self.template_def
        if t is not None:
            return (name in self.template_scratch.syms or name in t.functions
                    or name in t.section_names or name in t.external
                    or name in t.member_names or name in t.declared_in_code
                    or self.builtin_sym(name) is not None)
        ns = self.compile_ns if self.compile_ns is not None else self.top
        return self.resolve(Frame(ns), name) is not None or name in self.declared_in_code

    def note_declared(self, name: str) -> None:
        """A ``strdef`` compiled inside a body: NEURON's parser installs the name there and then,
        so the code compiled after it may assign it a string."""
        t = self.template_def
        (t.declared_in_code if t is not None else self.declared_in_code).add(name)

    def create_on_assign(self, name: str) -> None:
        """NEURON's parser makes an unknown name assigned to (``x = ``, ``x += ``, ``for x =``)
        a scalar when it compiles the statement, before it runs: at top level a global that is
        0 until assigned, in a template a member of every instance.  Built-in names (section
        properties, range variables, ``t``, ``celsius``...) are never shadowed."""
        if self.compiled_name_known(name):
            return
        if self.template_def is not None:
            self.template_def.member_names.add(name)
        else:
            ns = self.compile_ns if self.compile_ns is not None else self.top
            ns.declare(name, Kind.NUM, 0.0)
            if ns is self.top and self._reading_stdin():
                self.write('first instance of %s\n' % name)   # (NEURON's notice there)

    def _reading_stdin(self) -> bool:
        """Is the input being read standard input (the prompt, or lines piped in), not a
        file, a -c statement or Python's h('...')?  Text that execute() runs counts as the
        input it came from (NEURON's hoc_fin)."""
        for src in reversed(self.sources):
            if type(src) is not StringSource:
                return type(src) is CallbackSource
        return False

    def undefined_name(self, fr: Frame, name: str) -> Any:
        raise HocError('undefined variable %s' % name)

    def sym_value(self, sym: Sym, fr: Frame) -> Any:
        kind = sym.kind
        if kind is Kind.NUM or kind is Kind.STR:
            return sym.value
        if kind is Kind.OBJ:
            v = sym.value
            return v.data[0] if isinstance(v, Array) else v
        if kind is Kind.ARRAY:
            return sym.value.data[0]
        if kind is Kind.SEC:
            v = sym.value
            # a section array's bare name is its first element, as in NEURON
            return self.sim.section_value(v.data[0] if isinstance(v, Array) else v)
        if kind is Kind.THIS:
            owner = fr.ns.owner
            if owner is None:
                raise HocError('undefined variable this')
            return owner
        if kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC, Kind.ITER, Kind.TEMPLATE, Kind.CLASS,
                    Kind.SIMCLASS):
            # (NEURON's parser: a function's name needs its '(', a template's its '[')
            raise HocError('syntax error')
        if kind is Kind.BUILTIN:
            return self.call_builtin(sym, [])
        return self.sim.sym_value(sym)

    def index_value(self, fr: Frame, sym: Sym, indices: list[float]) -> Any:
        kind = sym.kind
        if kind is Kind.SEC:        # a section: one subscript per dimension, no fewer
            if not isinstance(sym.value, Array):
                raise HocError('%s not an array variable' % sym.name)
            if len(indices) != len(sym.value.dims):
                raise HocError('wrong # of subscripts %s' % sym.name)
        if kind is Kind.ARRAY or (kind is Kind.OBJ and isinstance(sym.value, Array)) or \
                (kind is Kind.SEC and isinstance(sym.value, Array)):
            arr = sym.value
            v = arr.data[arr.flat_index(indices, self.epsilon_sym.value)]
            return self.sim.section_value(v) if kind is Kind.SEC else v
        if kind is Kind.TEMPLATE or kind is Kind.CLASS or kind is Kind.SIMCLASS:
            if kind is Kind.TEMPLATE:
                obj = sym.value.registry.get(int(indices[0]))
            else:
                cls = self.get_class(sym.name) if kind is Kind.CLASS else \
                    self.sim.class_of(sym.name)
                obj = class_registry(cls, self).get(int(indices[0]))
            if obj is None:
                # (NEURON's message ends with a newline: a blank line follows it)
                raise HocError("Object ID doesn't exist '{}' %s[%d]\n"
                               % (sym.name, int(indices[0])))
            return obj
        if kind is Kind.RANGE and indices:
            return self.sim.sym_index_value(sym, indices)
        v = self.sym_value(sym, fr)
        for i in indices:
            v = self.subscript(v, i)
        return v

    def subscript(self, container: Any, i: float, name: Optional[str] = None) -> Any:
        if container is None:
            raise HocError('nil object cannot be subscripted')
        if isinstance(container, (float, str)):
            raise HocError('not an array')
        k = int(i + self.epsilon_sym.value)
        try:
            if k < 0:
                raise IndexError
            v = container[k]
        except IndexError:
            if name is not None:
                raise HocError('subscript 0 index %d of %s out of range %d'
                               % (k, name, len(container))) from None
            raise HocError('index %d out of range' % k) from None
        except TypeError:
            raise HocError('%s is not an array' % object_name(container)) from None
        return _pyvalue(v)

    def set_subscript(self, container: Any, i: float, v: Any, combine: Any,
                      name: Optional[str] = None) -> Any:
        k = int(i + self.epsilon_sym.value) if i >= 0 else int(i)
        try:
            if combine is not None:
                v = combine(float(container[k]), _num(v))
            elif not isinstance(v, (float, int)) and _numeric_field(container[k]):
                raise expecting_double(_unwrap(v))
            container[k] = _unwrap(v)
        except IndexError:
            if name is not None:
                raise HocError('subscript 0 index %d of %s out of range %d'
                               % (k, name, len(container))) from None
            raise HocError('index %d out of range' % k) from None
        except TypeError:
            raise HocError('%s is not an array' % object_name(container)) from None
        return v

    # ---- members -------------------------------------------------------------------------------------
    def _member_sym(self, fr: Frame, obj: TemplateInstance, name: str) -> Sym:
        ns = obj.ns
        template = obj.template
        sym = ns.syms.get(name)             # (obj.lookup, inline)
        if sym is None:
            sym = template.functions.get(name)
        if sym is not None and (fr.ns is ns or name in template.public):
            return sym
        if sym is None and name in template.public:
            raise HocError("%s: can't push that type onto stack" % name)
        raise self.not_public(name, template.name)

    def member_strdef(self, fr: Frame, obj: Any, name: str) -> Optional[Sym]:
        """The strdef ``obj.name`` when it is one (an argument then passes it writable)."""
        if isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            if sym.kind is Kind.STR:
                return sym
        return None

    def member_value(self, fr: Frame, obj: Any, name: str) -> Any:
        if isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            if sym.kind is Kind.NUM:
                return sym.value
            if sym.kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC):
                r = self.call_user(fr, sym.value, [], obj)
                return 0.0 if r is NOVALUE else r
            v = self.sym_value(sym, Frame(obj.ns))
            return MemberStr(v) if sym.kind is Kind.STR else v
        if obj is None:
            raise HocError("'%s' object prefix is nullptr" % name)
        if self.sim.is_section(obj):
            return self.sim.section_attr(obj, name)
        try:
            if name in PYTHON_ONLY:
                raise AttributeError(name)
            v = getattr(obj, name)
        except AttributeError:
            raise self.not_public(name, obj) from None
        if callable(v) and not isinstance(v, HocObject) and not (
                self._sim is not None and self._sim.is_section(v)):   # sr.sec: the section
            return self.call_member(fr, obj, name, [])     # m.getcol: a call, checked as one
        npy = sys.modules.get('numpy')      # (no ndarray can exist before numpy is loaded)
        if isinstance(v, FloatArray):
            if _is_vector_x(v):
                raise _dimension_error(name)
            v = v.array
        if npy is not None and isinstance(v, npy.ndarray) and v.ndim == 1:
            return float(v[0]) if len(v) else 0.0   # nc.weight named alone: its first element
        return _pyvalue(v)

    def member_index_value(self, fr: Frame, obj: Any, name: str, indices: list[float]) -> Any:
        if isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            return self.index_value(Frame(obj.ns), sym, indices)
        if obj is None:
            raise HocError("'%s' object prefix is nullptr" % name)
        if self.sim.is_section(obj):
            return self.sim.section_index_attr(obj, name, indices)
        try:
            v = getattr(obj, name)
        except AttributeError:
            raise self.not_public(name, obj) from None
        if isinstance(v, FloatArray) and len(indices) != 1:
            raise HocError("'%s' not right number of subscripts" % name)
        if len(indices) == 1 and isinstance(v, FloatArray):     # v.x[i]: the common case
            k = int(indices[0] + self.epsilon_sym.value)
            if k >= 0:
                try:
                    r = v[k]
                except (IndexError, TypeError):
                    pass                # (subscript's message)
                else:
                    return r if type(r) is float else _pyvalue(r)
        if callable(v) and not isinstance(v, HocObject) and len(indices) == 1:
            # an object function with an index is called with it (list.object[i], which
            # NEURON's saved sessions use); a number function is not an array
            r = _pyvalue(v(indices[0]))
            if isinstance(r, (float, int, str)):
                raise HocError("'%s' is a function not a 1-dim array" % name)
            return r
        for i in indices:
            v = self.subscript(v, i, name)
        return MemberStr(v) if v.__class__ is str else v

    def get_member(self, obj: TemplateInstance, name: str) -> Any:
        """Python attribute access on a template instance (the bridge)."""
        sym = obj.lookup(name)
        if sym is None or name not in obj.template.public:
            raise AttributeError("'hoc.HocObject' object has no attribute '%s'" % name)
        if sym.kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC, Kind.ITER):
            func = sym.value

            def call(o, *args, **kwargs):
                r = hooks.python_call(
                    lambda *a: self.call_user(Frame(self.top), func, list(a), o),
                    args, kwargs, self)
                return 0.0 if r is NOVALUE else r

            def method(*args, **kwargs):
                if running_now() is None:       # (from Python: reported as NEURON does)
                    return hooks.python_method(call, obj, args, kwargs)
                return call(obj, *args, **kwargs)
            return method
        if sym.kind is Kind.ARRAY or (sym.kind in (Kind.OBJ, Kind.SEC)
                                      and isinstance(sym.value, Array)):
            from .pyaccess import ArrayView
            return ArrayView(self, sym, Frame(obj.ns), '%s.%s' % (obj.hoc_name(), name),
                             wrap=False)
        return self.sym_value(sym, Frame(obj.ns))

    def set_member(self, obj: TemplateInstance, name: str, value: Any) -> None:
        """``obj.name = value`` from Python (NEURON's LookupError and TypeErrors) or from
        pyhoc's own code (HOC's assignment)."""
        sym = obj.lookup(name)
        if sym is None or name not in obj.template.public:
            raise LookupError("'%s' is not a defined hoc variable name." % name)
        if running_now() is None:
            from .pyaccess import python_assign
            if sym.kind not in (Kind.NUM, Kind.STR, Kind.OBJ, Kind.ARRAY, Kind.SEC):
                raise TypeError('not assignable')
            python_assign(self, Frame(obj.ns), sym, value, wrap=False)
            return
        self.assign_sym(Frame(obj.ns), sym, [], value, None)

    # ---- calls -----------------------------------------------------------------------------------------
    def call_name(self, fr: Frame, name: str, args: list) -> Any:
        return self.call_sym(fr, name, self.resolve(fr, name), args)

    def call_sym(self, fr: Frame, name: str, sym: Optional[Sym], args: list) -> Any:
        """Call what ``name`` resolved to (``sym``, None where nothing)."""
        if sym is None:
            raise undefined_function(name, args)
        kind = sym.kind
        if kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC, Kind.ITER):
            owner = fr.ns.owner if sym.value.template is not None else None
            return self.call_user(fr, sym.value, args, owner)
        if kind is Kind.BUILTIN:
            return self.call_builtin(sym, args)
        if kind is Kind.SEC:
            return self.sim.call_section(self.sym_value(sym, fr), [_unwrap(a) for a in args])
        if kind is Kind.OBJ:
            obj = self.sym_value(sym, fr)
            if callable(obj):
                return _pyvalue(obj(*[_unwrap(a) for a in args]))
        if kind is Kind.NUM or kind is Kind.ARRAY:
            raise undefined_function(name, args)    # (x(2): NEURON's hoc_call finds no code)
        return self.sim.call_range(fr, sym, name, [_unwrap(a) for a in args])

    def call_builtin(self, sym: Sym, args: list, plain: bool = False,
                     framed: bool = True) -> Any:
        """Call a built-in function; ``plain``: no argument can be an ObjArg; ``framed``:
        an error shows the call (False where a caller's call_builtin shows it already)."""
        fn = sym.value
        try:
            r = fn(self, *(args if plain else [a.obj if isinstance(a, ObjArg) else a
                                               for a in args]))
        except HocError as e:
            if framed and sym.name not in _NO_FRAME and len(e.stack) < 10:
                fr = self.frame     # (in an object's method, NEURON's frame names the object)
                owner = fr.ns.owner if fr is not None else None
                e.stack.append(call_text(sym.name if owner is None else '%s.%s' % (
                    object_name(owner), sym.name), args))
            raise
        except TypeError as e:
            if e.__traceback__.tb_next is None:     # refused at the call: fn never ran
                if getattr(fn, 'hoc_one_argument', False):
                    raise HocError('must be one argument for %s' % sym.name) from None
                n = _max_args(fn)
                if n is not None and len(args) > n:
                    return self.call_builtin(sym, args[:n], plain, framed)
            if 'positional argument' in str(e) or 'takes' in str(e) or 'missing' in str(e):
                raise HocError('%s: wrong number or type of arguments' % sym.name) from None
            raise
        if type(r) is float:
            return r
        if r is None and getattr(fn, 'hoc_returns_object', False):
            return None          # an object function's "no object": NULLobject, not 0
        return _pyvalue(r)

    def call_member(self, fr: Frame, obj: Any, name: str, args: list) -> Any:
        if isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            kind = sym.kind
            if kind is Kind.PROC or kind is Kind.FUNC or kind is Kind.OBFUNC:
                func = sym.value        # (call_user, inline)
                r = self.call_function(func, args, obj.ns if func.template is not None
                                       else self.top, fr)
                return 0.0 if r is NOVALUE else r
            if kind is Kind.ITER:
                r = self.call_user(fr, sym.value, args, obj)
                return 0.0 if r is NOVALUE else r
            if sym.kind is Kind.SEC:
                return self.sim.call_section(self.sym_value(sym, Frame(obj.ns)),
                                             [_unwrap(a) for a in args])
            if isinstance(sym.value, Array) and len(args) == 1:
                return self.index_value(Frame(obj.ns), sym, [_num(_unwrap(args[0]))])  # o.a(1)
            v = self.sym_value(sym, Frame(obj.ns))
            return self.call_value(fr, v, args)
        if obj is None:
            raise HocError("'%s' object prefix is nullptr" % name)
        if self.sim.is_section(obj):
            return self.sim.section_call(obj, name, [_unwrap(a) for a in args])
        try:
            if name in PYTHON_ONLY:
                raise AttributeError(name)
            method = getattr(obj, name)
        except AttributeError:
            raise self.not_public(name, obj) from None
        if not callable(method):
            if isinstance(method, FloatArray):
                # v.x(2) is taken for v.x[2], nc.weight() for nc.weight[0]; v.x() is v.x
                if len(args) > 1:
                    raise HocError("'%s' not right number of subscripts" % name)
                if not args:
                    if _is_vector_x(method):
                        raise _dimension_error(name)
                    args = [0.0]
                return self.subscript(method, _num(_unwrap(args[0])), name)
            if args and hasattr(method, '__getitem__'):
                # v.x(2) is accepted for v.x[2]
                return self.subscript(method, _num(_unwrap(args[0])))
            raise HocError('%s.%s is not a function' % (object_name(obj), name))
        try:
            r = method(*[a.obj if type(a) is ObjArg else a for a in args]) if args else method()
        except HocError as e:
            if len(e.stack) < 10:       # (NEURON's frame of the method: List[0].o(3))
                e.stack.append(call_text('%s.%s' % (object_name(obj), name), args))
            raise
        except TypeError as e:
            msg = str(e)
            if 'missing' in msg and 'required' in msg:
                raise HocError('%s not enough arguments' % name) from None     # (NEURON's)
            if 'argument' in msg or 'takes' in msg or 'missing' in msg:
                raise HocError('%s.%s: wrong number or type of arguments' %
                               (type(obj).__name__, name)) from None
            raise
        if type(r) is float:
            return r
        if r is None and getattr(method, 'hoc_returns_object', False):
            return None          # an obfunc-like method's "no object": NULLobject, not 0
        if r.__class__ is str:
            return MemberStr(r)  # a method's string prints as a member's does ("L ")
        return _pyvalue(r)

    def call_value(self, fr: Frame, value: Any, args: list) -> Any:
        if self.sim.is_section(value):
            return self.sim.call_section(value, [_unwrap(a) for a in args])
        if callable(value):
            return _pyvalue(value(*[_unwrap(a) for a in args]))
        raise HocError('not a function')

    def call_user(self, fr: Frame, func: Function, args: list, obj: Any) -> Any:
        """Run a HOC proc/func/obfunc in a new frame; returns its value or NOVALUE."""
        if func.kind is Kind.ITER:
            raise HocError('%s is an iterator: use it in a for statement' % func.name)
        ns = obj.ns if (obj is not None and func.template is not None) else self.top
        return self.call_function(func, args, ns, fr)

    def call_function(self, func: Function, args: list, ns: Namespace, caller: Optional[Frame],
                      iter_body: Any = None) -> Any:
        if self.interrupted:        # (Ctrl-C reaches HOC code a Python loop calls: praxis...)
            self.check_interrupt()
        depth = self.depth + 1
        if depth >= self.nframe:
            raise HocError('%s call nested too deeply, increase with -NFRAME framesize option'
                           % func.name)
        nargs = len(args)
        used = self.stack_used + nargs
        if used + _STACK_BASE > self.nstack:
            raise HocError('Stack too deep. Increase with -NSTACK stacksize option')
        self.depth = depth
        self.stack_used = used
        if args and MemberStr in map(type, args):
            args = [str(a) if type(a) is MemberStr else a for a in args]
        new = Frame(ns, func, args, caller)
        if iter_body is not None:
            new.iter_body = iter_body
        if func.local_names or func.localobj_names:
            loc = new.locals
            for n in func.local_names:
                loc[n] = Sym(n, Kind.NUM, 0.0)
            for n in func.localobj_names:
                loc[n] = Sym(n, Kind.OBJ, None)
        saved = self.frame
        self.frame = new
        try:
            result = func.body(new)
            returned = True
            if result is FELL or result is None:    # (a body written in Python: None)
                result = None
                returned = False
            elif result is BARE:
                result = None
            elif result is EMPTY_RETURN:
                result = None
                returned = False
        except ReturnSignal as r:
            result = r.value
            returned = True
            if result is EMPTY_RETURN:
                result = None
                returned = False
        except RecursionError:      # Python's stack (depth.py) ran out before NFRAME did
            raise HocError('%s call nested too deeply, increase with -NFRAME framesize option'
                           % func.name) from None
        except HocError as e:
            if len(e.stack) < 10:
                e.stack.append(self._frame_text(func, ns, args))
            raise
        finally:
            self.frame = saved
            if self.depth > 0:
                self.depth -= 1
                used = self.stack_used - nargs
                self.stack_used = used if used > 0 else 0
        kind = func.kind
        if kind is Kind.PROC or kind is Kind.ITER:
            if result is not None:      # (NEURON finds it at the return, in the call's frame)
                raise HocError('%s (proc or iterator) returns value' % func.name,
                               stack=[self._frame_text(func, ns, args)])
            return NOVALUE
        if kind is Kind.FUNC:
            if not returned:        # (a bare "return" too)
                raise HocError('%s (func) returns no value' % func.name,
                               stack=[self._frame_text(func, ns, args)])
            if type(result) is float:
                return result
            if isinstance(result, ObjArg):
                result = result.obj
            try:
                return _num(result)
            except HocError as e:   # (an object returned: NEURON finds it in the call's frame)
                e.stack.append(self._frame_text(func, ns, args))
                raise
        if isinstance(result, ObjArg):
            result = result.obj
        if not returned:
            raise HocError('%s (obfunc) returns no value' % func.name,
                           stack=[self._frame_text(func, ns, args)])
        if isinstance(result, (float, int)):
            raise HocError('bad stack access: expecting Object**; really double %g'
                           % float(result), stack=[self._frame_text(func, ns, args)])
        if isinstance(result, str):
            raise HocError('%s: obfunc must return an object' % func.name)
        return result

    @staticmethod
    def _frame_text(func: Function, ns: Namespace, args: list) -> str:
        """A call of ``func`` in an error's call stack (a method's with its object's name)."""
        owner = ns.owner if func.template is not None else None
        return call_text(func.name if owner is None else
                         '%s.%s' % (object_name(owner), func.name), args)

    def run_iterator(self, fr: Frame, obj: Any, name: str, args: list, body: Callable) -> None:
        if obj is None:
            sym = self.resolve(fr, name)
            owner = fr.ns.owner
        elif isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            owner = obj
        else:
            raise HocError('%s is not an iterator' % name)
        if sym is None or sym.kind is not Kind.ITER:
            raise HocError('%s is not an iterator' % name)
        func = sym.value
        ns = owner.ns if (owner is not None and func.template is not None) else self.top
        self.call_function(func, args, ns, fr, iter_body=(body, fr))

    def iterator_statement(self, fr: Frame) -> None:
        f = fr
        while f is not None and f.iter_body is None:
            f = f.caller if f.func is None else None
        if f is None or f.iter_body is None:
            raise HocError('iterator_statement used outside an iterator')
        body, caller = f.iter_body
        saved = self.frame
        self.frame = caller
        try:
            body(caller)
        except BreakSignal:
            raise IterBreak() from None
        except ContinueSignal:
            pass
        except ReturnSignal:
            raise HocError('return from within an iterator statement not allowed') from None
        finally:
            self.frame = saved

    # ---- arguments ---------------------------------------------------------------------------------
    def _arg(self, fr: Frame, i: int) -> Any:
        args = fr.args
        if i < 1 or i > len(args):
            name = fr.func.name if fr.func is not None else 'hoc'
            raise HocError('%s not enough arguments' % name if i > len(args)
                           else 'arg %d out of range' % i)
        return args[i - 1]

    def arg_value(self, fr: Frame, i: int, kind: str) -> Any:
        a = self._arg(fr, i)
        if kind == '':
            if type(a) is float:
                return a
            if isinstance(a, ObjArg) or not isinstance(a, (float, int)):
                if isinstance(a, Ref):
                    raise HocError('arg %d should be a number, not a pointer' % i)
                if isinstance(a, str):      # (NEURON's words: its stack holds a char**)
                    raise HocError('bad stack access: expecting double; really char** 0x%x'
                                   % id(a))
                raise expecting_double(_unwrap(a))
            return float(a)
        if kind == 's':
            if not isinstance(a, str):
                raise HocError('Expecting string argument')     # (NEURON's hoc_gargstr)
            return a.get() if isinstance(a, StrRef) else str(a)
        if isinstance(a, ObjArg):
            return a.obj
        if isinstance(a, (float, int, str)) or isinstance(a, Ref):
            raise _expecting_object(a, i)
        return a

    def arg_passthrough(self, fr: Frame, i: int, kind: str) -> Any:
        """``$s1``/``$o1`` passed on to another call keep their reference nature."""
        a = self._arg(fr, i)
        if kind == 's':
            return self._str_arg(fr, i).now()
        if isinstance(a, ObjArg):
            return a
        return self.arg_value(fr, i, 'o')

    def _str_arg(self, fr: Frame, i: int) -> StrRef:
        """``$si`` as a writable string: a literal argument becomes the call's own temporary,
        which callees may write (``sf.right($s1, 2)``, ``$s1 = "x"``), as in NEURON."""
        a = self._arg(fr, i)
        if not isinstance(a, str):
            raise HocError('arg %d should be a string' % i)
        if not isinstance(a, StrRef):
            a = fr.args[i - 1] = StrRef(a, lambda v: None)
        return a

    def arg_ref(self, fr: Frame, i: int) -> Ref:
        a = self._arg(fr, i)
        if not isinstance(a, Ref):        # NEURON's words for a $&i that is not a pointer
            if isinstance(a, (float, int)):
                what = 'double %g' % a
            elif isinstance(a, str):
                what = 'char**'
            else:
                what = 'Object** -> %s' % object_name(_unwrap(a))
            raise HocError('bad stack access: expecting neuron::container::generic_data_handle; '
                           'really %s' % what)
        return a

    def arg_slot_ref(self, fr: Frame, i: int) -> Ref:
        self._arg(fr, i)
        args = fr.args

        def set_arg(v):
            args[i - 1] = float(v)
        return CallbackRef(lambda: args[i - 1], set_arg)

    def assign_arg(self, fr: Frame, i: int, kind: str, v: Any, combine: Any) -> Any:
        a = self._arg(fr, i)
        if kind == '&':
            a = self.arg_ref(fr, i)
            if combine is not None:
                v = combine(_num(a.get()), v)
            a.set(_num(v))
            return v
        if kind == 's':
            a = self._str_arg(fr, i)
            a.set(v if isinstance(v, str) else object_name(v))
            return v
        if kind == 'o':
            if isinstance(a, (float, int, str)) or isinstance(a, Ref):
                raise _expecting_object(a, i)       # (``$o1 = new Vector()`` after p(1))
            obj = v.obj if isinstance(v, ObjArg) else v
            if isinstance(a, ObjArg):
                a.assign(obj)
            fr.args[i - 1] = ObjArg(obj, a.sym, a.index) if isinstance(a, ObjArg) else obj
            return obj
        if combine is not None:
            v = combine(_num(a), v)
        fr.args[i - 1] = _num(v)
        return v

    # ---- assignment ---------------------------------------------------------------------------------
    def assign_new(self, fr: Frame, name: str, v: Any, combine: Any) -> Any:
        if combine is not None:
            raise HocError('undefined variable %s' % name)
        v = _unwrap(v)
        if isinstance(v, (float, int)):
            fr.ns.declare(name, Kind.NUM, float(v))
            return v
        if isinstance(v, str):
            raise HocError('%s: string assignment to an undeclared variable (use strdef)' % name)
        raise HocError('%s: object assignment to an undeclared variable (use objref)' % name)

    def assign_sym(self, fr: Frame, sym: Sym, indices: list[float], v: Any, combine: Any) -> Any:
        kind = sym.kind
        v = _unwrap(v) if combine is None else v
        if kind is Kind.NUM:
            if combine is not None:
                v = combine(sym.value, v)
            if not isinstance(v, (float, int)):
                # NEURON: a strdef or string function there is a syntax error (its grammar
                # has no string expression), an object (or an object's string) a bad stack
                if isinstance(v, str) and not isinstance(v, MemberStr):
                    raise HocError('syntax error')
                raise expecting_double(v)
            sym.value = float(v)
            return v
        if kind is Kind.ARRAY:
            arr = sym.value
            k = arr.flat_index(indices, self.epsilon_sym.value)
            if combine is not None:
                v = combine(arr.data[k], v)
            arr.data[k] = _num(v)
            return v
        if kind is Kind.STR:
            if combine is not None:
                raise HocError('Invalid assignment operator for a string')
            if isinstance(v, (float, int)):
                raise HocError('syntax error')
            if not isinstance(v, str):
                raise HocError('bad stack access: expecting char**; really Object** -> %s'
                               % object_name(v))
            sym.value = str(v)
            return v
        if kind is Kind.OBJ:
            if combine is not None:
                raise HocError('Invalid assignment operator for an object')
            if isinstance(v, (float, int)):
                raise HocError('bad stack access: expecting Object**; really double %g'
                               % float(v))     # (C++'s stream: 6 digits)
            if isinstance(v, str):
                raise HocError('bad stack access: expecting Object**; really char*')
            if isinstance(sym.value, Array):
                arr = sym.value
                k = arr.flat_index(indices, self.epsilon_sym.value)
                old = arr.data[k]
                arr.data[k] = v
            else:
                old = sym.value
                sym.value = v
            if isinstance(old, TemplateInstance):
                self.released(old)
            return v
        if kind is Kind.SEC:
            raise HocError('%s is a section: cannot assign to it' % sym.name)
        if kind in (Kind.PROC, Kind.FUNC, Kind.OBFUNC, Kind.ITER, Kind.BUILTIN, Kind.CLASS,
                    Kind.TEMPLATE):
            raise HocError('syntax error')  # (NEURON's parser: no assignment to a func, class)
        return self.sim.assign_sym(fr, sym, indices, v, combine)

    def member_target(self, fr: Frame, obj: Any, name: str, indices: list[float]) -> None:
        """The errors of an assignment's target ``obj.name[indices]`` that NEURON gives
        before it evaluates the right side (its code looks the member up first): a nil
        prefix, a member the class does not have, a subscript out of range."""
        if obj is None:
            raise HocError("'%s' object prefix is nullptr" % name)
        if isinstance(obj, TemplateInstance):
            self._member_sym(fr, obj, name)
            return
        if getattr(obj, 'hoc_any_member', False) or self.sim.is_section(obj):
            return
        try:
            container = getattr(obj, name)
        except AttributeError:
            raise self.not_public(name, obj) from None
        if len(indices) == 1 and isinstance(container, FloatArray):
            i = indices[0]
            k = int(i + self.epsilon_sym.value) if i >= 0 else int(i)
            if not 0 <= k < len(container):
                raise HocError('subscript 0 index %d of %s out of range %d'
                               % (k, name, len(container)))

    def assign_member(self, fr: Frame, obj: Any, name: str, indices: list[float], v: Any,
                      combine: Any) -> Any:
        if isinstance(obj, TemplateInstance):
            sym = self._member_sym(fr, obj, name)
            return self.assign_sym(Frame(obj.ns), sym, indices, v, combine)
        if obj is None:
            raise HocError("'%s' object prefix is nullptr" % name)
        if self.sim.is_section(obj):
            return self.sim.assign_section_attr(obj, name, indices, v, combine)
        if indices:
            try:
                container = getattr(obj, name)
            except AttributeError:
                raise self.not_public(name, obj) from None
            if len(indices) == 1 and combine is None and type(v) is float and \
                    isinstance(container, FloatArray) and indices[0] >= 0:
                try:                    # v.x[i] = number: the common case
                    container[int(indices[0] + self.epsilon_sym.value)] = v
                    return v
                except (IndexError, TypeError):
                    pass                # (set_subscript's message)
            for i in indices[:-1]:
                container = self.subscript(container, i)
            return self.set_subscript(container, indices[-1], v, combine, name)
        if combine is not None:
            old = getattr(obj, name)
            if isinstance(old, FloatArray):     # nc.weight *= 2: an array member unindexed
                old = old[0]                    # is its element 0, as when it is read
            v = combine(_num(old), v)
        elif not isinstance(v, (float, int)):
            try:
                old = getattr(obj, name)
            except Exception:
                old = None
            if _numeric_field(old):         # a numeric field takes numbers only
                raise expecting_double(_unwrap(v))
        try:
            setattr(obj, name, _unwrap(v))
        except AttributeError:
            if _is_vector_x(getattr(obj, name, None)):
                raise _dimension_error(name) from None
            raise self.not_public(name, obj) from None
        return v

    # ---- references -----------------------------------------------------------------------------------
    def sym_ref(self, fr: Frame, sym: Sym, indices: list[float]) -> Ref:
        kind = sym.kind
        if kind is Kind.NUM:
            if isinstance(sym, ComputedSym):
                return CallbackRef(sym.getter, sym.setter)
            return _SymRef(sym)
        if kind is Kind.ARRAY:
            arr = sym.value
            return ArrayRef(arr, arr.flat_index(indices, self.epsilon_sym.value))
        if kind is Kind.STR:
            return _SymRef(sym)
        return self.sim.sym_ref(fr, sym, indices)

    def member_ref(self, fr: Frame, obj: Any, name: str, indices: list[float]) -> Ref:
        if isinstance(obj, TemplateInstance):
            return self.sym_ref(Frame(obj.ns), self._member_sym(fr, obj, name), indices)
        if self.sim.is_section(obj):
            return self.sim.section_ref(obj, name, indices)
        ref_attr = getattr(obj, '_ref_' + name, None)
        if isinstance(ref_attr, Ref) and not indices:
            return ref_attr
        try:
            container = getattr(obj, name)
        except AttributeError:
            raise self.not_public(name, obj) from None
        if indices:
            for i in indices[:-1]:
                container = container[int(i)]
            k = int(indices[-1])
            n = len(container) if hasattr(container, '__len__') else None
            if n is not None and not 0 <= k < n:     # (NEURON checks as it takes the pointer)
                raise HocError('subscript 0 index %d of %s out of range %d' % (k, name, n))
            return ArrayRef(container, k)
        return CallbackRef(lambda: getattr(obj, name), lambda v: setattr(obj, name, v))

    def range_ref(self, fr: Frame, target: Any, name: str, args: list) -> Ref:
        if target is not None and len(args) == 1 and isinstance(target, HocObject) \
                and not self.sim.is_section(target):
            # vec.x(i) = v, obj.array(i): NEURON takes parentheses as the subscript
            return self.member_ref(fr, target, name, [float(_unwrap(args[0]))])
        return self.sim.range_ref(fr, target, name, [_unwrap(a) for a in args])

    # ---- declarations ---------------------------------------------------------------------------------
    def declare(self, fr: Frame, kind: str, name: str, dims: list[int]) -> None:
        ns = fr.ns
        if name in self.builtins or (ns is self.top and (
                name in CONSTANTS or self.sim.is_builtin_name(name) or
                self.sim.is_mechanism_name(name) or self._is_sim_class(name))):
            # (a name of NEURON's built-in table: a mechanism, a point process, a class)
            raise self.parse_error('%s : Redeclaring at top level' % name)
        old = ns.syms.get(name)
        if kind == 'create':
            if old is not None and old.kind is not Kind.SEC:
                raise self.parse_error('%s  already declared' % name)
            self.sim.create(fr, name, dims)
            return
        if kind == 'double':
            if old is not None and old.kind not in (Kind.NUM, Kind.ARRAY):
                raise self.parse_error('%s  already declared' % name)
            ns.declare(name, Kind.ARRAY, Array(name, dims or [1], 0.0))
        elif kind == 'strdef':
            if old is not None and old.kind is not Kind.STR:
                raise self.parse_error('%s  already declared' % name)
            ns.declare(name, Kind.STR, '')
        elif kind == 'objref':
            if name == 'this':
                ns.declare(name, Kind.THIS)
                return
            if old is not None and old.kind is not Kind.OBJ:
                raise self.parse_error('%s  already declared' % name)
            ns.declare(name, Kind.OBJ, Array(name, dims, None) if dims else None)
            if old is not None:
                for o in (old.value.data if isinstance(old.value, Array) else [old.value]):
                    if isinstance(o, TemplateInstance):
                        self.released(o)

    def _is_sim_class(self, name: str) -> bool:
        """Is ``name`` one of the simulator's classes (IClamp, ExpSyn: NEURON's built-in
        templates)?"""
        sym = self.sim.resolve(name)
        return sym is not None and sym.kind is Kind.SIMCLASS

    def define_function(self, fr: Frame, node: ast.FuncDef) -> None:
        kind = USER_KINDS[node.kind]
        local_names, localobj_names = function_locals(node.body)
        comp = Compiler(self, local_names, localobj_names, in_function=True)
        body = PyCode(comp).function(node.body, function_body=True)
        src = self.sources[-1].name if self.sources else None
        func = Function(node.name, kind, body, local_names, localobj_names, self.template_def, src)
        if self.template_def is not None:
            self.template_def.functions[node.name] = Sym(node.name, kind, func)
            return
        ns = self.top
        old = ns.syms.get(node.name)
        if old is not None and old.kind not in USER_KINDS.values():
            raise HocError('%s already defined' % node.name)
        if node.name in self.builtins:
            raise HocError('%s: syntax error (a built-in function)' % node.name)
        ns.declare(node.name, kind, func)

    def begin_template(self, name: str) -> None:
        """Start reading a template; inside another one it nests (visible only in the outer)."""
        t = self.template_def
        if t is None:
            old = self.top.syms.get(name)
            if old is not None and old.kind is not Kind.TEMPLATE or name in CONSTANTS:
                if name in CONSTANTS:
                    raise self.parse_error('%s : Redeclaring at top level' % name)
                raise self.parse_error('%s already used as something besides template' % name)
            if name in self.builtins or self.sim.resolve(name) is not None:
                raise self.parse_error('%s : Redeclaring at top level' % name)
        else:
            old = t.functions.get(name)
        if old is not None and old.kind is Kind.TEMPLATE and old.value.complete:
            raise self.parse_error('%s : a template cannot be redefined' % name)
        self.template_stack.append((t, self.template_compiler, self.template_scratch))
        self.template_def = Template(name)
        self.template_compiler = Compiler(self)
        self.template_scratch = Namespace()

    def end_template(self, name: str) -> None:
        t = self.template_def
        if t is None:
            raise HocError('templatestack underflow')
        if t.name != name:
            raise self.parse_error('%s - end template mismatched with begin' % name)
        t.complete = True
        self.template_def, self.template_compiler, self.template_scratch = \
            self.template_stack.pop()
        sym = Sym(name, Kind.TEMPLATE, t)
        if self.template_def is not None:
            self.template_def.functions[name] = sym
        else:
            self.top.syms[name] = sym

    def declare_public(self, names: list[str]) -> None:
        if self.template_def is None:
            raise HocError('public: not inside a template')
        self.template_def.public.update(names)

    def declare_external(self, names: list[str]) -> None:
        if self.template_def is None:
            raise HocError('external: not inside a template')
        from .builtins import CLASSES
        for n in names:
            if n == self.template_def.name:
                continue        # the template itself (ModelDB's grvec.hoc: external GRV in GRV)
            if n not in self.top.syms and (n in CLASSES or n not in self.builtins
                                           or self.builtins[n].kind is not Kind.CLASS):
                # (a native class standing for a library file's template, CellBuild ...,
                # can be named: it is the template a NEURON file's external refers to)
                raise self.parse_error('%s not declared at the top level' % n)
        self.template_def.external.update(names)

    def delete_name(self, fr: Frame, name: str) -> None:
        fr.ns.syms.pop(name, None)

    # ---- objects -----------------------------------------------------------------------------------------
    def get_class(self, name: str) -> type:
        cls = self.classes.get(name)
        if cls is None:
            from .builtins import load_class
            cls = load_class(name)
            self.classes[name] = cls
        return cls

    def new_object(self, fr: Frame, name: str, *args: Any) -> Any:
        """``new name(args)``; a built-in class's or point process's error shows the call on
        the stack (NEURON's ``Vector(-1)``; a template's shows its init)."""
        try:
            return self._new_object(fr, name, args)
        except HocError as e:
            if not e.stack or not e.stack[-1].startswith(name + '('):
                sym = self.resolve(fr, name)
                if (sym is None or sym.kind is not Kind.TEMPLATE) and len(e.stack) < 10:
                    e.stack.append(call_text(name, list(args)))
            raise

    def _new_object(self, fr: Frame, name: str, args: tuple) -> Any:
        sym = self.resolve(fr, name)
        if sym is None or sym.kind is Kind.SIMCLASS:
            obj = self.sim.new_object(fr, name, [_unwrap(a) for a in args])
            if obj is None:
                raise self.parse_error('%s is not a template' % name)
            return obj
        if sym.kind is Kind.TEMPLATE:
            return self.instantiate(sym.value, list(args))
        if sym.kind is Kind.CLASS:
            cls = self.get_class(name)
            return cls(*[_unwrap(a) for a in args])
        obj = self.sim.new_object(fr, name, [_unwrap(a) for a in args])
        if obj is None:
            raise self.parse_error('%s is not a template' % name)
        return obj

    def instantiate(self, template: Template, args: list) -> TemplateInstance:
        obj = TemplateInstance(template)
        try:
            fr = Frame(obj.ns)
            saved = self.frame
            self.frame = fr
            try:
                for stmt in template.body:
                    stmt(fr)
            finally:
                self.frame = saved
            syms = obj.ns.syms
            for n in template.member_names:
                if n not in syms and n not in template.functions and n not in template.external \
                        and n not in self.builtins and self.sim.resolve(n) is None:
                    syms[n] = Sym(n, Kind.NUM, 0.0)     # (L, diam, dt...: NEURON's built-ins stay)
            init = template.functions.get('init')
            if init is not None:
                self.call_function(init.value, args, obj.ns, self.frame)
            hook = getattr(template, 'point_hook', None)
            if hook is not None:        # make_pointprocess: the object is located
                hook(obj, args)
        except BaseException:
            self.discard(obj)
            raise
        return obj

    def discard(self, obj: TemplateInstance) -> None:
        """Undo a failed ``new``: the object, its sections and what its members hold go away
        (NEURON destroys it; its instance number stays used)."""
        obj.template.registry.forget(obj)
        if self._sim is not None:
            self._sim.delete_sections_of(obj)
        obj.ns.syms.clear()

    # ---- introspection ---------------------------------------------------------------------------------
    def name_declared(self, name: str, top_only: bool = False) -> int:
        """NEURON's codes: 0 undeclared, 1 other, 2 objref, 3 section, 4 strdef, 5 scalar."""
        if top_only:
            # NEURON's second argument: the current object's own names (top level outside one)
            ns = self.frame.ns if self.frame is not None else self.current_ns()
            sym = ns.syms.get(name)
            if sym is None and ns.owner is not None:
                sym = ns.owner.template.functions.get(name)
        else:
            sym = self.top.syms.get(name)
            if sym is None:
                sym = self.builtins.get(name)
        if sym is None:
            return 0
        kind = sym.kind
        if kind is Kind.OBJ or kind is Kind.THIS:
            return 2
        if kind is Kind.SEC:
            return 3
        if kind is Kind.STR:
            return 4
        if kind is Kind.NUM or kind is Kind.ARRAY:
            return 5
        return 1

    def is_declared(self, name: str) -> bool:
        return self.name_declared(name) != 0

    def registry_of(self, name: str):
        """The ClassRegistry of template, built-in or simulator class ``name`` (None for
        another name)."""
        sym = self.top.syms.get(name)
        if sym is not None and sym.kind is Kind.TEMPLATE:
            return sym.value.registry
        if name in self.builtins and self.builtins[name].kind is Kind.CLASS:
            return class_registry(self.get_class(name), self)
        return self.sim.registry_of(name) if self._sim is not None else None

    def instances_of(self, name: str) -> list:
        """Live instances of a template or built-in class, oldest first."""
        reg = self.registry_of(name)
        return [] if reg is None else reg.instances()

    def all_objects(self, name: Optional[str] = None) -> list:
        if name is not None:
            return self.instances_of(name)
        out = []
        for sym in self.top.syms.values():
            if sym.kind is Kind.TEMPLATE:
                out.extend(sym.value.registry.instances())
        for cname, cls in self.classes.items():
            out.extend(class_registry(cls, self).instances())
        return out

    def hoc_refcount(self, obj: Any) -> int:
        """How many HOC references hold ``obj``: object variables (top level, in objects, in
        running procs' localobj) and List entries -- NEURON's reference count."""
        n = 0

        def count_ns(syms):
            k = 0
            for sym in syms.values():
                if sym.kind is Kind.OBJ:
                    v = sym.value
                    if isinstance(v, Array):
                        k += sum(1 for x in v.data if x is obj)
                    elif v is obj:
                        k += 1
            return k
        n += count_ns(self.top.syms)
        for sym in list(self.top.syms.values()):
            if sym.kind is Kind.TEMPLATE:
                for inst in sym.value.registry.instances():
                    n += count_ns(inst.ns.syms)
        f = self.frame
        while f is not None:
            n += count_ns(f.locals)
            f = f.caller
        lst = self.classes.get('List')
        if lst is not None:
            for l in class_registry(lst, self).instances():
                items = getattr(l, '_items', None) or ()
                n += sum(1 for x in items if x is obj)
        return n

    def find_references(self, obj: Any) -> list:
        """Where ``obj`` is referenced, as StringFunctions.references lists it: top-level
        object variables (``a``, ``b[2]``), those of template instances (``Cell[0].syn``),
        then List entries (``List[0].object(1)``), each in declaration/creation order."""
        out = []

        def scan(syms, prefix, skip=()):
            for name, sym in syms.items():
                if sym.kind is not Kind.OBJ or name in skip:
                    continue
                v = sym.value
                if isinstance(v, Array):
                    many = len(v.data) != 1
                    for i, x in enumerate(v.data):
                        if x is obj:
                            out.append('%s%s[%d]' % (prefix, name, i) if many
                                       else prefix + name)
                elif v is obj:
                    out.append(prefix + name)
        scan(self.top.syms, '')
        for sym in list(self.top.syms.values()):
            if sym.kind is Kind.TEMPLATE:
                t = sym.value
                for inst in t.registry.instances():
                    scan(inst.ns.syms, inst.hoc_name() + '.', t.external)
        lst = self.classes.get('List')
        if lst is not None:
            for l in class_registry(lst, self).instances():
                if getattr(l, '_template', None) is not None:
                    continue        # (a List("Name") holds no references)
                for i, x in enumerate(getattr(l, '_items', None) or ()):
                    if x is obj:
                        out.append('%s.object(%d)' % (l.hoc_name(), i))
        return out

    def released(self, old: Any) -> None:
        """A reference to ``old`` was dropped: call its template's ``unref(count)`` if any."""
        if not isinstance(old, TemplateInstance):
            return
        unref = old.template.functions.get('unref')
        if unref is None or unref.kind is not Kind.PROC:
            return
        self.call_function(unref.value, [float(self.hoc_refcount(old))], old.ns, self.frame)

    def python_namespace(self) -> dict:
        """The globals that nrnpython() code runs in: Python's ``__main__`` (a script's own
        globals, a notebook's), as NEURON's."""
        main = sys.modules.get('__main__')
        if main is None:        # (an embedding Python without one)
            import types
            main = sys.modules['__main__'] = types.ModuleType('__main__')
        return main.__dict__

    # ---- printing ---------------------------------------------------------------------------------------
    def print_piece(self, v: Any) -> str:
        """One item of a ``print`` statement as NEURON writes it."""
        if isinstance(v, MemberStr):
            return v + ' '
        if isinstance(v, str):
            return v
        if isinstance(v, (float, int)):
            return format_number(float(v)) + ' '
        return object_name(v) + ' '

    def print_values(self, values: list) -> None:
        out = []
        for v in values:
            if isinstance(v, MemberStr):
                out.append(v + ' ')
            elif isinstance(v, str):
                out.append(v)
            elif isinstance(v, (float, int)):
                out.append(format_number(float(v)) + ' ')
            else:
                out.append(object_name(v) + ' ')
        self.write(''.join(out) + '\n')

    def check_interrupt(self) -> None:
        if self.interrupted:
            self.interrupted = False
            raise KeyboardInterrupt


class MemberStr(str):
    """A strdef read through an object (``obj.s``): print and echo add a trailing space."""

    __slots__ = ()


class _SymRef(Ref):
    """Pointer to a scalar or strdef symbol."""

    __slots__ = ('sym',)

    def __init__(self, sym: Sym):
        self.sym = sym

    def get(self):
        return self.sym.value

    def set(self, value):
        self.sym.value = value if isinstance(value, str) else float(value)

    def buffer(self):
        if self.sym.kind is not Kind.NUM or isinstance(self.sym, ComputedSym):
            return None
        return box(self.sym), 0


def _numeric_field(old: Any) -> bool:
    """Whether a built-in object's field (or element) holds numbers: a float, or an array
    of them (NetCon.weight, VClamp.dur) -- assigning anything else is NEURON's 'bad stack
    access'."""
    if isinstance(old, float):
        return True
    if isinstance(old, HocObject) or old is None or isinstance(old, str):
        return False
    try:
        return len(old) > 0 and isinstance(old[0], float)
    except Exception:
        return False


def _max_args(fn: Callable) -> Optional[int]:
    """How many HOC arguments built-in ``fn(interp, ...)`` reads at most, or None (any
    number).  NEURON's built-ins read only the arguments they use and ignore the rest
    (``getcwd(1)``, ``topology("x")``), so a call with more drops the surplus."""
    code = getattr(fn, '__code__', None)
    if code is None or code.co_flags & 0x04:        # (CO_VARARGS)
        return None
    return max(code.co_argcount - 1, 0)


_python_error_message = python_error_message      # (its former name, tests use it)


def _expecting_object(a: Any, i: int) -> HocError:
    """``$oi`` of an argument that is no object: NEURON's bad stack access for a number or a
    string (pyhoc's own words for a pointer)."""
    if isinstance(a, (float, int)):
        return HocError('bad stack access: expecting Object**; really double %g' % a)
    if isinstance(a, str):
        return HocError('bad stack access: expecting Object**; really char** 0x%x' % id(a))
    return HocError('arg %d should be an object' % i)


def _unwrap(v: Any) -> Any:
    return v.obj if isinstance(v, ObjArg) else v


def _pyvalue(v: Any) -> Any:
    """A value coming back from Python code, as HOC sees it."""
    t = type(v)
    if t is float:
        return v
    if v is None:
        return 0.0
    if t is bool:
        return 1.0 if v else 0.0
    if isinstance(v, int):
        return float(v)
    if isinstance(v, float):
        return v
    if t is ObjArg:
        return v.obj
    if t.__module__ == 'numpy':
        try:
            return float(v)
        except (TypeError, ValueError):
            return v
    return v


# the built-ins NEURON calls without a frame (its one-argument BLTINs: hoc_bltin); load_file
# shows its own (the xopen and execute1 it runs, then a second error)
_NO_FRAME = frozenset(('sin', 'cos', 'atan', 'tanh', 'log', 'log10', 'exp', 'sqrt', 'int',
                       'abs', 'erf', 'erfc', 'load_file'))


def _is_vector_x(v: Any) -> bool:
    """Is ``v`` a Vector's ``x``, which NEURON declares as an array (``v.x`` needs its
    index; NetCon's ``weight`` does not)?"""
    if not isinstance(v, FloatArray):
        return False
    from .builtins.vector import VectorX
    return isinstance(v, VectorX)


def _dimension_error(name: str) -> HocError:
    """``v.x`` without its index: NEURON compiled no subscript for an array member."""
    return HocError('array dimension of %s now 1 (at compile time it was 0)' % name)


def undefined_function(name: str, args: list) -> HocError:
    """NEURON's error for a call of a name that has no code (nothing, a number, an array):
    its frame was pushed, so the call stack shows the call."""
    return HocError('%s undefined function' % name, stack=[call_text(name, args)])


def call_text(name: str, args: list) -> str:
    """A call as NEURON shows it in an error's call stack: ``inner(0, "abcdefghij...")``
    (a string longer than 15 characters cut to 10), an objref variable by its object's name,
    and ``...`` for anything else (a pointer, an object made or returned in the call's
    expression); HocError.render indents it."""
    parts = []
    for a in args:
        if isinstance(a, str):
            parts.append('"%s"' % (a if len(a) <= 15 else a[:10] + '...'))
        elif isinstance(a, (float, int)):
            parts.append('%g' % a)
        elif isinstance(a, ObjArg):
            parts.append(object_name(a.obj))
        else:
            parts.append('...')
    return '%s(%s)' % (name, ', '.join(parts))


def format_number(x: float) -> str:
    """HOC's %.8g, with NEURON's spelling of infinities and NaN."""
    if x != x:
        return '-nan' if math.copysign(1.0, x) < 0 else 'nan'    # (str() drops the sign)
    if x == float('inf'):
        return 'inf'
    if x == float('-inf'):
        return '-inf'
    return '%.8g' % x


def object_name(obj: Any) -> str:
    if obj is None:
        return 'NULLobject'
    name = getattr(obj, 'hoc_name', None)
    if name is not None and callable(name):
        return name()
    return str(obj)


