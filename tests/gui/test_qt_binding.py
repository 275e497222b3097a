"""The installed Qt binding must not leak references to None (PySide6 6.12.0 on Python 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox


def test_void_calls_do_not_leak_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItems(["a", "b"])
    before = sys.getrefcount(None)
    for i in range(2000):
        combo.setCurrentIndex(i % 2)
    assert sys.getrefcount(None) >= before - 100
