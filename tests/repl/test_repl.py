"""The interactive hoc> prompt, driven headlessly through prompt_toolkit's pipe input."""
from __future__ import annotations

import _thread
import io
import threading

import pytest


from prompt_toolkit.document import Document  # noqa: E402
from prompt_toolkit.input import create_pipe_input  # noqa: E402
from prompt_toolkit.output import DummyOutput  # noqa: E402

from pyhoc.errors import HocExit  # noqa: E402
from pyhoc.hoc.interpreter import Interpreter  # noqa: E402
from pyhoc.repl import (HocCompleter, HocHighlighter, LineReader, entry_complete,  # noqa: E402
                        run_repl, scan)


def make():
    return Interpreter(stdout=io.StringIO(), stderr=io.StringIO())


def drive(typed: str, interp=None, close=True, during=None):
    """Type ``typed`` at the prompt; the pipe closing is Ctrl-D.  Returns (interp, out, err)."""
    interp = interp or make()
    with create_pipe_input() as inp:
        inp.send_text(typed)
        if close:
            inp.close()
        if during is not None:
            during()
        run_repl(interp, input=inp, output=DummyOutput(), history_file=None)
    return interp, interp.stdout.getvalue(), interp.stderr.getvalue()


def test_statements_and_multiline_block():
    interp, out, err = drive('x = 3\nprint x*2\n{ y = 1\n z = 2 }\nprint y+z\nx = 4\n')
    # (a name first assigned at the prompt is announced, as by nrniv reading its stdin)
    assert out == ('first instance of x\n6 \nfirst instance of y\nfirst instance of z\n'
                   '3 \n')
    assert err == ''
    assert interp.top.syms['z'].value == 2


def test_proc_typed_over_several_lines():
    _, out, err = drive('proc f() {\n  print $1 + 1\n}\nf(4)\n')
    assert out == '5 \n' and err == ''


def test_multiline_proc_and_comment():
    _, out, err = drive('proc g() {\n print 9 }\ng()\nx = 1 /* open\n*/\nprint x\n')
    assert out == '9 \nfirst instance of x\n1 \n' and err == ''


def test_carriage_return_is_enter_too():
    _, out, _ = drive('x = 2\rprint x\r')
    assert out == 'first instance of x\n2 \n'


def test_fscan_reads_the_next_typed_line():
    _, out, err = drive('val = fscan()\n42\nprint val+1\n')
    assert out == 'first instance of val\n43 \n' and err == ''


def test_getstr_reads_next_line():
    interp = make()
    drive('strdef s\ngetstr(s)\nhello world\nprint s\n', interp=interp)
    assert interp.top.syms['s'].value == 'hello world\n'


def test_error_then_session_goes_on():
    interp, out, err = drive('x = 5\nprint nosuchfunc(1)\nprint x\nfoo(\nprint x+1\n')
    assert out == 'first instance of x\n5 \n6 \n'
    assert err.count('pyhoc:') == 2
    assert 'syntax error' in err


def test_error_inside_block_keeps_definitions():
    _, out, err = drive('func g() { return $1*2 }\n{ print 1/0 }\nprint g(3)\n')
    assert out.endswith('6 \n')
    assert err


def test_ctrl_c_at_prompt_clears_line():
    _, out, err = drive('print 111\x03print 2\n')
    assert out == '2 \n' and err == ''


def test_ctrl_d_ends_the_loop():
    interp, out, _ = drive('x = 1\n\x04', close=False)
    assert interp.top.syms['x'].value == 1


def test_eof_while_fscan_waits_reports_error():
    _, out, err = drive('val = fscan()\n')
    assert 'EOF' in err


def test_quit_propagates():
    with pytest.raises(HocExit):
        drive('print 1\nquit()\nprint 2\n')


def test_ctrl_c_interrupts_running_statement():
    timer = threading.Timer(0.5, _thread.interrupt_main)
    interp, out, err = drive('i = 0\nwhile (1) { i += 1 }\nprint 7\n', during=timer.start)
    assert 'interrupted' in err
    assert out.endswith('7 \n')
    assert interp.top.syms['i'].value > 0


def test_entry_complete():
    assert entry_complete('x = 1')
    assert not entry_complete('{ y = 1')
    assert not entry_complete('proc f() {')
    assert not entry_complete('/* open comment')
    assert entry_complete('/* closed */ x = 1')
    assert not entry_complete('x = 1 + \\')
    assert entry_complete('if (x) {\n} else {\n}')


def test_completer_names_and_members():
    interp = make()
    interp.run_text('myvariable = 1\nobjref vv\nvv = new Vector(3)\n'
                    'begintemplate T\npublic amethod\nproc amethod() {}\nproc hidden() {}\n'
                    'endtemplate T\nobjref tt\ntt = new T()\n')
    comp = HocCompleter(interp)

    def complete(text):
        return [c.text for c in comp.get_completions(Document(text), None)]
    assert complete('print myvar') == ['myvariable']
    assert 'Vector' in complete('x = new Vec')
    assert 'sin' in complete('si')
    assert 'proc' in complete('pro')
    assert 'resize' in complete('vv.res')
    assert complete('tt.') == ['amethod']
    assert complete('') == []


def test_highlighter_styles():
    interp = make()
    frags, open_comment = scan('if (x > 1.5) print "hi", sin(2) // note', interp.builtins)
    styles = {text: style for style, text in frags}
    assert styles['if'] == 'class:hoc.keyword'
    assert styles['print'] == 'class:hoc.keyword'
    assert styles['1.5'] == 'class:hoc.number'
    assert styles['"hi"'] == 'class:hoc.string'
    assert styles['sin'] == 'class:hoc.builtin'
    assert styles['// note'] == 'class:hoc.comment'
    assert styles['x'] == ''
    assert ''.join(t for _, t in frags) == 'if (x > 1.5) print "hi", sin(2) // note'
    assert not open_comment
    lines = HocHighlighter(interp).lex_document(Document('x = 1 /* a\nb */ y = "s'))
    assert ('class:hoc.comment', 'b */') in lines(1)
    assert lines(1)[-1] == ('class:hoc.string', '"s')
    assert scan('/* unfinished\n')[1]
    assert scan('x = 1 @ 2')[0][-3] == ('class:hoc.error', '@')


def test_line_reader_serves_entries_line_by_line():
    interp = make()
    asked = []

    def ask(prompt, data):
        asked.append((prompt, data))
        if len(asked) > 1:
            raise EOFError
        return '{ a = 1\n b = 2 }'
    reader = LineReader(interp, ask)
    assert reader() == '{ a = 1\n'
    assert reader() == ' b = 2 }\n'
    assert reader() is None and reader.eof
    assert asked == [('hoc> ', False), ('hoc> ', False)]


def test_completer_knows_every_name_dir_h_lists():
    """Simulator classes, functions, range variables and globals complete as dir(h) lists
    them; after a dot, a point process's variables and a section's properties."""
    from pyhoc.bridge import HocTop, top_names
    interp = make()
    interp.run_text('create soma, dend[2]\nobjref ic, ns\nsoma ic = new IClamp(.5)\n'
                    'ns = new NetStim()\n')
    comp = HocCompleter(interp)

    def complete(text):
        return [c.text for c in comp.get_completions(Document(text), None)]
    assert complete('IC') == ['IClamp']
    assert complete('fin') == ['finitialize']
    assert complete('ic.am') == ['amp']
    assert complete('soma.L') == ['L']
    assert complete('x = dend[1].gnab') == ['gnabar_hh']
    assert complete('ns.inter') == ['interval']
    assert complete('celsi') == ['celsius']
    listed = top_names(interp)
    assert listed <= set(dir(HocTop(interp)))
    for name in listed:
        assert name in complete(name), name


def test_first_instance_only_for_names_the_prompt_makes():
    # (nrniv 9.0.2 reading its stdin: a name made by an assignment typed there or in a
    # proc body typed there or text execute() runs; not one made in a file loaded, a
    # template, or a declaration)
    _, out, err = drive('proc p() { qq = 1 }\nexecute("w = 2")\nfor i=0,1 { k = i }\n'
                        'begintemplate A\nproc p() { mm = 1 }\nendtemplate A\n'
                        'double arr[2]\narr[1] = 3\nstrdef s\ns = "a"\nnn += 1\n')
    assert out == ('first instance of qq\nfirst instance of w\n\t0 \nfirst instance of i\n'
                   'first instance of k\nfirst instance of nn\n') and err == ''
