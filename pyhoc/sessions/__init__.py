"""pyhoc.sessions: NEURON's GUI library, headless, so that ``.ses`` files and GUI-using models run.

Importing the package registers, in ``pyhoc.hoc.library``, the GUI's built-in names (``xpanel``,
``Graph``, ``Shape``, ``MechanismType`` ...) and library files (``stdgui.hoc``, ``nrngui.hoc``,
the GUI half of ``stdrun.hoc``, the tools' files, ``import3d.hoc``, ``celbild.hoc``); the modules
themselves are imported when a name or file is first used.
"""
from __future__ import annotations

from ..hoc import library

library.register_names(
    # panel builtins and NEURON's old plot builtins
    functions={**{name: 'pyhoc.sessions.panels:' + name for name in (
        'xpanel', 'xbutton', 'xvalue', 'xpvalue', 'xfixedvalue', 'xlabel', 'xvarlabel', 'xmenu',
        'xstatebutton', 'xcheckbox', 'xradiobutton', 'xslider', 'doNotify', 'doEvents',
        'pwman_place', 'ivoc_style', 'boolean_dialog', 'string_dialog', 'continue_dialog',
        'graph', 'graphmode', 'plot', 'plotx', 'ploty', 'plt', 'axis', 'regraph', 'setcolor',
        'lw', 'nrnpointmenu', 'nrnsecmenu', 'nrnglobalmechmenu', 'nrnallsectionmenu',
        'nrnallpointmenu', 'nrnmechmenu')},
        # the session as a .ses file, the windows as PostScript (pyhoc.sessions.session)
        'save_session': 'pyhoc.sessions.session:save_session',
        'print_session': 'pyhoc.sessions.session:print_session'},
    classes={
        'Shape': 'pyhoc.sessions.shape:Shape',
        'PlotShape': 'pyhoc.sessions.shape:PlotShape',
        'RangeVarPlot': 'pyhoc.sessions.shape:RangeVarPlot',
        'PPShape': 'pyhoc.sessions.shape:PPShape',
        'Graph': 'pyhoc.sessions.graph:Graph',
        # NEURON's built-in MechanismStandard/MechanismType (exist before any file is loaded)
        'MechanismStandard': 'pyhoc.sessions.mechstd:MechanismStandard',
        'MechanismType': 'pyhoc.sessions.mechstd:MechanismType',
        **{name: 'pyhoc.sessions.boxes:' + name for name in (
            'VBox', 'HBox', 'Deck', 'PWManager', 'TextEditor', 'SymChooser', 'ValueFieldEditor',
            'GUIMath', 'SectionBrowser', 'Glyph')}})

library.register_files('pyhoc.sessions.library:FILES')
library.register_files('pyhoc.sessions.tools:LIBRARY_FILES', (
    'pointman.hoc', 'inserter.hoc', 'electrod.hoc', 'single.hoc', 'single1.hoc', 'pointgrp.hoc',
    'vplay.hoc', 'grapher.hoc', 'mkcurve.hoc', 'vecwrap.hoc', 'netbild.hoc', 'lincir.hoc',
    'mulfit.hoc'))
library.register_files('pyhoc.sessions.chanbuild:FILES', ('chanbild.hoc',))
library.extend_file('stdrun.hoc', 'pyhoc.sessions.library:install_stdrun_gui')
