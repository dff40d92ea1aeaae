"""Input/output built-ins: printf and friends, fscan/getstr, files, xopen/load_file, execute."""
from __future__ import annotations

import os
import re

from ...errors import HocError
from ..files import expand_path, native_library_file
from ...base.refs import Ref, set_string
from ..safety import check_chdir, refuse
from . import builtin, string_arg

_NUMBER = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?')
_NUMBER_MATCH = _NUMBER.match
_WORD_AT = re.compile(r'\s*(\S+)').match       # as SourceStream.read_word
_NONSPACE_AT = re.compile(r'\S').search
# a line of only these characters whose words float() all takes is a line of plain numbers,
# each word a whole _NUMBER (float's grammar over them is _NUMBER's with a sign)
_NUMBER_CHARS = re.compile(r'[-+.0-9eE \t\n]*\Z').match


def _format(fmt, args):
    from .fmt import format_hoc
    return format_hoc(str(fmt), list(args))


@builtin('printf')
def hoc_printf(interp, fmt, *args):
    text = _format(fmt, args)
    interp.write(text)
    return float(len(text))


@builtin('sprint')
def sprint(interp, target, fmt, *args):
    set_string(target, _format(fmt, args))
    return 1.0


@builtin('fprint')
def fprint(interp, fmt, *args):
    text = _format(fmt, args)
    if interp.wopen_file is not None:
        interp.wopen_file.write(text)
    else:
        interp.write(text)
    return float(len(text))


@builtin('strcmp')
def strcmp(interp, a, b):
    if not isinstance(a, str) or not isinstance(b, str):
        raise HocError('Expecting string argument')
    a, b = str(a).encode(), str(b).encode()
    for x, y in zip(a, b):
        if x != y:
            return float(x - y)
    if len(a) == len(b):
        return 0.0
    return float(a[len(b)]) if len(a) > len(b) else float(-b[len(a)])


@builtin('sscanf')
def sscanf(interp, text, fmt, *targets):
    from .fmt import scan_hoc
    values = scan_hoc(string_arg(text), string_arg(fmt))
    n = 0
    for value, target in zip(values, targets):
        if isinstance(target, Ref) and not isinstance(value, str):
            target.set(float(value))
        else:
            set_string(target, str(value))
        n += 1
    return float(n)


def _data_source(interp):
    for src in reversed(interp.sources):
        if getattr(src, 'reads_data', True):
            return src
    raise HocError('fscan: no input')


class _FileData:
    """ropen() data file read with the same word reader as the input stream."""

    def __init__(self, path):
        from ..source import FileSource
        self.source = FileSource(path)


@builtin('fscan')
def fscan(interp):
    if interp.ropen_file is not None:
        src = interp.ropen_file.source
    else:
        sources = interp.sources
        src = sources[-1] if sources else None
        if src is None or not getattr(src, 'reads_data', True):
            src = _data_source(interp)
    read_word = src.read_word
    while True:
        word = read_word()
        if word is None:
            raise HocError('EOF in fscan')
        if word[0] in 'inIN':
            continue
        m = _NUMBER_MATCH(word)
        if m is None:
            continue
        rest = src.rest
        if rest is not None and isinstance(rest, str) and rest[:1] in (' ', '\t'):
            src.rest = rest[1:]   # like fscanf + getc: the character after the number is used
        return float(word if m.end() == len(word) else m.group(0))


def read_number(interp, name: str):
    """The next number of the input being run, for ``read(name)``; None at its end."""
    src = _data_source(interp)
    word = src.read_word()
    if word is None:
        return None
    m = _NUMBER_MATCH(word)
    if m is None:
        raise HocError('non-number read into %s' % name)
    src.unread(word[m.end():])
    return float(m.group(0))


def fscan_many(interp, count: int) -> list:
    """``count`` numbers read as ``count`` calls of fscan() would read them (the same words
    skipped, the same rest of the line left for the next read), without a call per number."""
    if interp.ropen_file is not None:
        src = interp.ropen_file.source
    else:
        src = _data_source(interp)
    out: list = []
    append = out.append
    word_at = _WORD_AT
    if count <= 0:
        return out
    while True:
        text = src.readline()
        if text is None:
            raise HocError('EOF in fscan')
        if _NUMBER_CHARS(text) is not None:
            words = text.split()
            have = len(out)
            if have + len(words) <= count:
                try:                       # a line of plain numbers: all of them words
                    out.extend(map(float, words))
                except ValueError:         # (``1e``, ``1-2``, ``.``: read word by word)
                    del out[have:]
                else:
                    if len(out) == count:
                        return out
                    continue
        pos = 0
        while True:
            m = word_at(text, pos)
            if m is None:
                break
            pos = m.end()
            word = m.group(1)
            if word[0] in 'inIN':
                continue
            nm = _NUMBER_MATCH(word)
            if nm is None:
                continue
            append(float(word if nm.end() == len(word) else nm.group(0)))
            if len(out) == count:
                if _NONSPACE_AT(text, pos) is not None:
                    rest = text[pos:]
                    if rest[:1] in (' ', '\t'):
                        rest = rest[1:]   # as fscan: the character after the number is used
                    src.rest = rest
                return out


@builtin('getstr')
def getstr(interp, target, one_word=0.0):
    if not isinstance(target, (str, Ref)):
        string_arg(target)          # (NEURON reads its argument before the input)
    src = interp.ropen_file.source if interp.ropen_file is not None else _data_source(interp)
    if one_word:
        text = src.read_word()
    else:
        text = src.read_line_rest()
    if text is None:
        raise HocError('EOF in getstr')
    set_string(target, text)
    return float(len(text))


@builtin('ropen')
def ropen(interp, name=None):
    interp.ropen_file = None
    if name is None or name == '':
        return 1.0
    try:
        interp.ropen_file = _FileData(expand_path(str(name)))
    except OSError:
        return 0.0
    return 1.0


@builtin('wopen')
def wopen(interp, name=None):
    if name is not None and name != '':
        refuse(interp, 'wopen')
    if interp.wopen_file is not None:
        interp.wopen_file.close()
        interp.wopen_file = None
    if name is None or name == '':
        return 1.0
    try:
        interp.wopen_file = open(expand_path(str(name)), 'w')
    except OSError:
        return 0.0
    return 1.0


@builtin('hoc_stdout')
def hoc_stdout(interp, name=None):
    if interp.redirect is not None:
        interp.redirect.close()
        interp.redirect = None
    if name is not None and name != '':
        refuse(interp, 'hoc_stdout')
        try:
            interp.redirect = open(str(name), 'w')
        except OSError:
            raise HocError("Can't open %s" % name) from None
    return 1.0


@builtin('getcwd')
def getcwd(interp):
    return os.getcwd().rstrip('/') + '/'


@builtin('chdir')
def chdir(interp, path):
    check_chdir(interp, str(path))
    try:
        os.chdir(os.path.expanduser(str(path)))
        return 0.0
    except OSError:
        return -1.0


@builtin('system')
def system(interp, cmd, target=None):
    refuse(interp, 'system')
    import subprocess           # (here: most programs never call system)
    try:
        interp.stdout.flush()
    except Exception:
        pass
    if target is not None:
        p = subprocess.run(['/bin/sh', '-c', str(cmd)], stdout=subprocess.PIPE)
        set_string(target, p.stdout.decode('utf-8', 'replace'))
        return _wait_status(p.returncode)
    p = subprocess.run(['/bin/sh', '-c', str(cmd)], stdout=subprocess.PIPE)
    interp.write(p.stdout.decode('utf-8', 'replace'))
    return _wait_status(p.returncode)


def _wait_status(rc: int) -> float:
    """C system()'s raw wait status: exit code << 8, or the signal number."""
    return float(rc << 8) if rc >= 0 else float(-rc)


# ---- running other code ----------------------------------------------------------------------
@builtin('xopen')
def xopen(interp, name, *rest):
    path = expand_path(str(name))
    if not os.path.isfile(path):
        installer = native_library_file(path)
        if installer is None:
            raise HocError("Can't open  %s" % name)
        installer(interp)
        return 1.0
    interp.run_file(path, str(name))
    return 1.0


@builtin('load_file')
def load_file(interp, *args):
    from ..files import load_file as run_load_file
    return run_load_file(interp, *args)


@builtin('load_proc')
def load_proc(interp, *names):
    from ..files import load_definition
    return load_definition(interp, 'proc', names)


@builtin('load_func')
def load_func(interp, *names):
    from ..files import load_definition
    return load_definition(interp, 'func', names)


@builtin('load_template')
def load_template(interp, *names):
    from ..files import load_definition
    return load_definition(interp, 'begintemplate', names)


def _run(interp, code, obj, braced: bool = True) -> None:
    """execute/execute1: in ``obj``, or without one at the top level even while an object is
    object_push()ed (NEURON's hoc_obj_run), as PointProcessGroupManager sessions need."""
    stack = interp.obj_stack
    if obj is not None or not stack:
        interp.execute(code, obj, braced)
        return
    saved = stack[:]
    del stack[:]
    try:
        interp.execute(code, None, braced)
    finally:
        stack[:] = saved


@builtin('execute')
def execute(interp, code, obj=None):
    _run(interp, str(code), obj)
    return 0.0


@builtin('execute1')
def execute1(interp, code, *rest):
    obj = None
    show = True
    for a in rest:
        if isinstance(a, (float, int)):
            show = bool(a)
        else:
            obj = a
    try:
        _run(interp, str(code), obj, braced=False)
    except HocError as e:
        if show:
            from ..interpreter import call_text
            # NEURON reports it here, with the calls still under way: this one, its callers
            if len(e.stack) < 10:
                e.stack.append(call_text('execute1', [code, *rest]))
                e.stack.extend(interp.calls_under_way())
            interp.error_message(e)
        return 0.0
    return 1.0
