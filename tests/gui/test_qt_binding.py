"""The installed Qt binding must not leak references to None.

PySide6 6.12.0's abi3 wheels on Python 3.11 dropped one reference to ``None`` on every Qt call
returning nothing; after some thousands of calls Python aborted (``Fatal Python error:
none_dealloc``). ``pyproject.toml`` excludes that release and the app carries no workaround, so
this test is the alarm: it fails, with the version named, if the binding in use leaks. (From
Python 3.12 on ``None`` is immortal and its count never moves, so the test passes trivially.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import PySide6
import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

CALLS = 3000
#: Unrelated interpreter activity moves None's count by a few; the leak moved it by one per call.
TOLERANCE = 50


@pytest.mark.parametrize("kind", ["QWidget.setToolTip", "QObject.setObjectName", "QComboBox.setCurrentIndex"])
def test_void_calls_do_not_leak_references_to_none(qtbot: QtBot, kind: str) -> None:
    widget = QWidget()
    combo = QComboBox()
    for w in (widget, combo):
        qtbot.addWidget(w)
    combo.addItems(["a", "b"])
    probe = QObject()
    calls: dict[str, Callable[[int], None]] = {
        "QWidget.setToolTip": lambda i: widget.setToolTip("x"),
        "QObject.setObjectName": lambda i: probe.setObjectName("probe"),
        "QComboBox.setCurrentIndex": lambda i: combo.setCurrentIndex(i % 2),
    }
    call = calls[kind]
    call(1)  # warm up: caches and lazily made wrappers hold references of their own
    before = sys.getrefcount(None)
    for i in range(CALLS):
        call(i)
    drift = sys.getrefcount(None) - before
    assert abs(drift) <= TOLERANCE, (
        f"PySide6 {PySide6.__version__} changed the reference count of None by {drift} over {CALLS} "
        f"calls of {kind}: this binding leaks and will abort Python; install another version "
        "(pyproject.toml pins the known-good range)"
    )
