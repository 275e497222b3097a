"""The recent-files list and the last folder, kept in the app's QSettings.

A file is listed once however it was reached: ``Study.ictool`` opened from Explorer and
``study.ictool`` typed in a dialog are one file on Windows and macOS (``paths.path_key``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from ictool.core.paths import path_key

MAX_RECENT = 8


class RecentFiles:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[str]:
        """Newest first, as stored (a file may have gone since)."""
        value = self.settings.value("files/recent", [])
        # QSettings returns a str for a one-item list in INI files, a list otherwise.
        items: list[object] = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [str(p) for p in items if p]

    def existing(self) -> list[str]:
        return [p for p in self.paths() if Path(p).exists()]

    def remember(self, path: Path) -> None:
        resolved = str(path.resolve())
        key = path_key(resolved)
        items = [resolved] + [p for p in self.paths() if path_key(p) != key]
        self.settings.setValue("files/recent", items[:MAX_RECENT])
        self.settings.setValue("files/last_folder", str(path.resolve().parent))

    def last_folder(self) -> Path:
        return Path(str(self.settings.value("files/last_folder", str(Path.home()))))
