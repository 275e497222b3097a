"""Windows' taskbar id and macOS's Finder requests, with the platform simulated (CI runs on Linux)."""

from __future__ import annotations

import ctypes
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from ictool.gui.shell.desktop import (
    APP_USER_MODEL_ID,
    DocumentOpener,
    install_document_opener,
    set_windows_app_id,
)
from tests.gui.conftest import MakeWindow

ROOT = Path(__file__).resolve().parents[2]


class FakeShell32:
    def __init__(self, result: int = 0) -> None:
        self.result = result
        self.ids: list[str] = []

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str) -> int:
        self.ids.append(app_id)
        return self.result


def test_the_taskbar_id_is_set_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    shell32 = FakeShell32()
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(shell32=shell32), raising=False)
    assert set_windows_app_id("win32")
    assert shell32.ids == [APP_USER_MODEL_ID]


def test_the_taskbar_id_is_left_alone_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    shell32 = FakeShell32()
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(shell32=shell32), raising=False)
    assert not set_windows_app_id("darwin") and not set_windows_app_id("linux")
    assert shell32.ids == []


def test_a_failed_taskbar_id_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        ctypes, "windll", SimpleNamespace(shell32=FakeShell32(result=-2147024809)), raising=False
    )
    with caplog.at_level(logging.WARNING, logger="ictool.gui.shell.desktop"):
        assert not set_windows_app_id("win32")
    assert "0x80070057" in caplog.text  # E_INVALIDARG, as Windows would say it
    caplog.clear()
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(), raising=False)  # no shell32 (Wine, odd builds)
    with caplog.at_level(logging.WARNING, logger="ictool.gui.shell.desktop"):
        assert not set_windows_app_id("win32")
    assert APP_USER_MODEL_ID in caplog.text


def test_make_app_sets_the_id_before_the_application_exists() -> None:
    """A fresh interpreter: the one place where make_app creates the QApplication."""
    code = textwrap.dedent(
        """
        import ctypes, sys, types
        from PySide6.QtWidgets import QApplication
        from ictool.gui.app import make_app

        seen = []
        class Shell32:
            def SetCurrentProcessExplicitAppUserModelID(self, app_id):
                seen.append((app_id, QApplication.instance() is None))
                return 0
        ctypes.windll = types.SimpleNamespace(shell32=Shell32())
        sys.platform = "win32"
        make_app()
        print(seen)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"[('{APP_USER_MODEL_ID}', True)]"


@pytest.fixture
def mac_opener(qapp: QApplication) -> Iterator[DocumentOpener]:
    opener = install_document_opener(qapp, platform="darwin")
    yield opener
    qapp.removeEventFilter(opener)
    opener.deleteLater()


def finder_opens(path: Path) -> None:
    """What macOS does when a document of the app is double-clicked in Finder."""
    QApplication.postEvent(QApplication.instance(), QFileOpenEvent(str(path)))
    QApplication.processEvents()


def test_a_file_double_clicked_in_finder_opens_in_the_window(
    mac_opener: DocumentOpener, make_window: MakeWindow, demo_project: Path
) -> None:
    window = make_window()
    mac_opener.deliver_to(window.open_file)
    finder_opens(demo_project)
    assert window.workspace is not None and window.workspace.file.path.samefile(demo_project)
    assert window.recent.paths()[0] == str(demo_project.resolve())  # as File ▸ Open would


def test_a_file_sent_before_the_window_exists_opens_once_it_does(
    mac_opener: DocumentOpener, make_window: MakeWindow, package: Path
) -> None:
    finder_opens(package)
    assert mac_opener.pending == [package]
    window = make_window()
    mac_opener.deliver_to(window.open_file)
    assert mac_opener.pending == []
    assert window.workspace is not None and window.workspace.file.path.samefile(package)


def test_no_application_wide_filter_off_macos(qapp: QApplication, package: Path) -> None:
    """Every event of every widget would pass through Python; only macOS sends these."""
    opener = install_document_opener(qapp, platform="win32")
    try:
        finder_opens(package)
        assert opener.pending == []
    finally:
        opener.deleteLater()
