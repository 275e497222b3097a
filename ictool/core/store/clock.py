"""Timestamps as stored: UTC ISO-8601 with microseconds, so they sort as text."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
