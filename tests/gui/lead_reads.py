"""Waiting for a page of the lead's workspace that reads the project in a worker (``lead.page_read``)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ictool.gui.lead.pages.page import LeadPage


def read(qtbot: QtBot, page: LeadPage) -> None:
    """Wait until ``page`` shows what it read last (its "Reading…" note is gone)."""
    qtbot.waitUntil(lambda: not page.is_reading(), timeout=20_000)
    assert page.reading_note.isHidden()
