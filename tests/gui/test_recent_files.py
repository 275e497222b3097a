"""The recent-files list names a file once, however its name was spelled (platforms simulated)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ictool.gui.shell.recent_files import RecentFiles


@pytest.fixture
def recent(tmp_path: Path) -> RecentFiles:
    return RecentFiles(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_two_spellings_of_one_file_are_one_entry_where_case_is_ignored(
    recent: RecentFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    recent.remember(tmp_path / "Study.ictool")
    recent.remember(tmp_path / "other.ictool")
    recent.remember(tmp_path / "STUDY.ictool")
    assert recent.paths() == [str(tmp_path / "STUDY.ictool"), str(tmp_path / "other.ictool")]


def test_on_linux_they_are_two_files(
    recent: RecentFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    recent.remember(tmp_path / "Study.ictool")
    recent.remember(tmp_path / "STUDY.ictool")
    assert recent.paths() == [str(tmp_path / "STUDY.ictool"), str(tmp_path / "Study.ictool")]
