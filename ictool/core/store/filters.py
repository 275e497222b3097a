"""Optional equality filters as SQL: the one place that turns ``column=value or None`` into WHERE."""

from __future__ import annotations

from typing import Any


def where(**columns: str | None) -> tuple[str, list[Any]]:
    """`` WHERE a = ? AND b = ?`` for the columns given a value (``""`` if none), and its parameters.

    Column names come from our own code, never from users, so they are safe to format in.
    """
    given = {name: value for name, value in columns.items() if value is not None}
    if not given:
        return "", []
    return " WHERE " + " AND ".join(f"{name} = ?" for name in given), list(given.values())
