"""JSON that a person can scan and a program reads fast: the outer two levels laid out, the rest on one line.

Why not ``json.dumps(indent=2)``: with an indent, Python's encoder runs in Python, not C — for the
reliability report of a study (300 lines, each with its coincidence matrix) that was a fifth of the
whole command. Here each item of the outer two levels (a report line, a coder's figures) is encoded
by the C encoder on a line of its own, so the document reads line by line and diffs by item, and it
is the same JSON value as the indented one.
"""

from __future__ import annotations

import json
from typing import Any

_ITEM = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def readable_json(value: Any) -> str:
    """``value`` as JSON (without a final newline): see the module docstring for the layout."""
    return _laid_out(value, 0)


def _laid_out(value: Any, depth: int) -> str:
    if depth > 1 or not isinstance(value, dict | list) or not value:
        return _ITEM.encode(value)
    inner = "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{_key(k)}: {_laid_out(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    items = [f"{inner}{_laid_out(v, depth + 1)}" for v in value]
    return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"


def _key(key: Any) -> str:
    """A dict key encoded as ``json`` writes it (it takes numbers, truth values and None as keys too):
    the one key of ``{key: 0}``, between its ``{`` and its ``: 0}``."""
    return _ITEM.encode({key: 0})[1:-4]
