"""Help ▸ About: the versions a bug report needs, the licence, the notices and the icon."""

from __future__ import annotations

import platform
from pathlib import Path

import pytest
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import ictool
from ictool import about
from ictool.gui.shell.about import AboutDialog, NoticesDialog
from tests.gui.conftest import MakeWindow


def open_about(window_maker: MakeWindow, qtbot: QtBot) -> AboutDialog:
    window = window_maker()
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_about_lists_python_qt_and_pyside_with_their_versions(make_window: MakeWindow, qtbot: QtBot) -> None:
    dialog = open_about(make_window, qtbot)
    heading, versions = dialog.heading.text(), dialog.versions.text()
    assert f"ictool {ictool.__version__}" in heading
    assert "MIT licence" in heading and "The ictool authors" in heading
    assert f"<b>Python</b></td><td>{platform.python_version()} " in versions
    assert f"<b>Qt</b></td><td>{QtCore.qVersion()}<" in versions
    import PySide6

    assert f"<b>PySide6</b></td><td>{PySide6.__version__}<" in versions
    for label, _dist, _module in about.LIBRARIES:
        assert f"<b>{label}</b>" in versions
    dialog.close()


def test_copy_versions_gives_what_the_command_line_prints(make_window: MakeWindow, qtbot: QtBot) -> None:
    dialog = open_about(make_window, qtbot)
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == about.version_report()
    assert copied.splitlines()[0] == f"ictool {ictool.__version__}"
    dialog.close()


def test_the_notices_open_inside_the_app(make_window: MakeWindow, qtbot: QtBot) -> None:
    """In a checkout (and in the bundle) the notices are found and shown, Qt's licence among them."""
    dialog = open_about(make_window, qtbot)
    assert dialog.notices_button.isEnabled()
    dialog.notices_button.click()
    notices = dialog.findChild(NoticesDialog)
    assert isinstance(notices, NoticesDialog) and notices.isVisible()
    shown = notices.browser.toPlainText()
    assert "Third-party notices" in shown and "PySide6, shiboken6 and Qt" in shown
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown
    notices.close()
    dialog.close()


def test_without_notices_the_button_says_where_licences_are(
    make_window: MakeWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An installed wheel has no notices file: the button is off and says why, rather than failing."""
    monkeypatch.setattr(about, "shipped_file", lambda name: None)
    dialog = open_about(make_window, qtbot)
    assert not dialog.notices_button.isEnabled()
    assert "metadata" in dialog.notices_button.toolTip()
    dialog.close()


def test_shipped_files_are_found_in_the_bundle_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / about.NOTICES_FILE).write_text("notices", encoding="utf-8")
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert about.shipped_file(about.NOTICES_FILE) == tmp_path / about.NOTICES_FILE
    assert about.shipped_file(about.LICENSE_FILE) is None
