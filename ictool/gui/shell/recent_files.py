"""The recent-files list and the last folder, kept in the app's QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

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
        items = [resolved] + [p for p in self.paths() if p != resolved]
        self.settings.setValue("files/recent", items[:MAX_RECENT])
        self.settings.setValue("files/last_folder", str(path.resolve().parent))

    def last_folder(self) -> Path:
        return Path(str(self.settings.value("files/last_folder", str(Path.home()))))
