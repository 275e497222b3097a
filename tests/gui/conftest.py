"""Windows for GUI tests: demo files, a scripted person answering the app's questions, and a check
that nothing a test started (a window, a worker thread) outlives it.

A test never sees a real message box: the window asks its ``Prompter``, and here that is a
``ScriptedPrompter`` that answers from its script and records what it was told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ictool.core.codebook.model import Variable
from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from ictool.core.records import Coder
from ictool.core.setup.coders import add_coders
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.gui.coder.view import CodingView
from ictool.gui.coder.workspace import CoderWorkspace
from ictool.gui.shell.opening import Factories
from ictool.gui.shell.window import MainWindow

Call = tuple[str, str, str]  # (kind, title, text)


class ScriptedPrompter:
    """A person who answers from a script: yes/no from ``answer``, the coder named ``coder``,
    the file ``file``; every message is recorded in ``calls`` (files shown in ``shown``)."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.coder: str | None = None  # choose_coder: this coder; None cancels
        self.file: Path | None = None  # choose_file: this file; None cancels
        self.files: list[Path] = []  # choose_files: these files; empty cancels
        self.folder: Path | None = None  # choose_folder: this folder; None cancels
        self.new_file: Path | None = None  # choose_new_file: this path; None cancels
        self.passphrases: list[str | None] = []  # ask_passphrase: these in turn; None (or none left) cancels
        self.encryption: str | None = ""  # choose_encryption: this passphrase; "" plain; None cancels
        self.calls: list[Call] = []
        self.shown: list[Path] = []

    def confirm(self, title: str, text: str) -> bool:
        self.calls.append(("confirm", title, text))
        return self.answer

    def inform(self, title: str, text: str) -> None:
        self.calls.append(("inform", title, text))

    def warn(self, title: str, text: str) -> None:
        self.calls.append(("warn", title, text))

    def inform_file(self, title: str, text: str, path: Path) -> None:
        self.calls.append(("inform_file", title, text))
        self.shown.append(path)

    def choose_coder(self, coders: Sequence[Coder]) -> Coder | None:
        self.calls.append(("choose_coder", "Which coder are you?", ", ".join(c.name for c in coders)))
        return next((c for c in coders if c.name == self.coder), None)

    def choose_file(self, title: str, start: Path, filter: str) -> Path | None:
        self.calls.append(("choose_file", title, str(start)))
        return self.file

    def choose_files(self, title: str, start: Path, filter: str) -> list[Path]:
        self.calls.append(("choose_files", title, str(start)))
        return list(self.files)

    def choose_folder(self, title: str, start: Path) -> Path | None:
        self.calls.append(("choose_folder", title, str(start)))
        return self.folder

    def choose_new_file(self, title: str, start: Path, filter: str) -> Path | None:
        self.calls.append(("choose_new_file", title, str(start)))
        return self.new_file

    def ask_passphrase(self, path: Path, retry: bool) -> str | None:
        self.calls.append(("ask_passphrase", "retry" if retry else "first", path.name))
        return self.passphrases.pop(0) if self.passphrases else None

    def choose_encryption(self, title: str, text: str, label: str, note: str) -> str | None:
        self.calls.append(("choose_encryption", title, f"{text} {label} {note}"))
        return self.encryption

    def last(self) -> Call:
        assert self.calls, "the app said nothing"
        return self.calls[-1]


MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def nothing_outlives_the_test(qapp: QApplication) -> Iterator[None]:
    """After each test (and after qtbot closed its widgets): no visible window, no running worker."""
    yield
    pool = QThreadPool.globalInstance()
    threads_done = pool.waitForDone(5000)
    QApplication.processEvents()  # deliver what finished workers queued, then look
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in windows:
        w.close()
    assert threads_done and pool.activeThreadCount() == 0, "a worker thread outlived its test"
    assert not windows, f"windows left open: {[type(w).__name__ + ' ' + w.windowTitle() for w in windows]}"


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project plus a new coder 'Tess' with an empty package (built once per run)."""
    folder = tmp_path_factory.mktemp("demo")
    path = build_demo(folder / "demo.ictool")
    with Project.open(path, actor="lead") as p:
        add_coders(p, ["Tess"])
        assign(p, extend=True)  # the demo's packages are out already: Tess's documents come on top
        build_package(p, "Tess", folder / "tess.ictcoder")
    return folder


@pytest.fixture
def package(demo_source: Path, tmp_path: Path) -> Path:
    """A fresh copy of Tess's package for this test."""
    target = tmp_path / "tess.ictcoder"
    target.write_bytes((demo_source / "tess.ictcoder").read_bytes())
    return target


@pytest.fixture
def demo_project(demo_source: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo project (with Tess) for this test."""
    target = tmp_path / "demo.ictool"
    target.write_bytes((demo_source / "demo.ictool").read_bytes())
    return target


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path, prompter: ScriptedPrompter) -> MakeWindow:
    """Make a shown, active main window with this test's settings file and prompter (closed at teardown)."""

    def make(*, prompter: ScriptedPrompter = prompter, factories: Factories | None = None) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(actor="tester", settings=settings, prompter=prompter, factories=factories)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        window.raise_()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    return make


@pytest.fixture
def window(make_window: MakeWindow, package: Path) -> Iterator[MainWindow]:
    """A window with Tess's package open."""
    w = make_window()
    assert w.open_file(package)
    yield w
    w.close()


def coder_of(window: MainWindow) -> CoderWorkspace:
    """The window's workspace, which must be the coder's."""
    assert isinstance(window.workspace, CoderWorkspace)
    return window.workspace


@pytest.fixture
def coder(window: MainWindow) -> CoderWorkspace:
    """The coder's workspace of ``window``."""
    return coder_of(window)


def on_variable(coder: CoderWorkspace, name: str) -> tuple[CodingView, Variable, str]:
    """Put the keyboard on variable ``name`` of the open document: (the view, the variable, the document)."""
    view = coder.view
    variable = view.session.codebook.get(name)
    assert variable is not None
    document = view.current
    assert document is not None
    view.form.focus_variable(variable.uuid)
    return view, variable, document
