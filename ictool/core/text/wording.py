"""Counts as people read them ("1 document", "3 documents"): one rule for the CLI's and the app's
sentences."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an s unless ``n`` is one (for words whose plural takes an s)."""
    return f"{n} {word}{'' if n == 1 else 's'}"
