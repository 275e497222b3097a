"""What the audit keeps of a change to a long text: the edit, not two full copies.

Why: a text variable or memo is saved at every pause in typing. Stored whole, old and new, each pause
of a 50,000-character text added 100,000 characters to the audit (3.8 MB after 20 pauses), in a file
coders e-mail. For texts over :data:`LONG_TEXT` characters the audit keeps what changed instead — the
common prefix and suffix are cut off, leaving where the edit is, what was removed and what was
inserted — with the length and SHA-256 of both texts, so that a replay of the edits can be checked at
every step. Short texts keep their full old and new values, as every other change does.

An edit is a JSON object. A value's audit otherwise holds the stored value's JSON (a string, number or
list), so the two cannot be mistaken for each other; a short memo's audit holds its plain text.
"""

from __future__ import annotations

import hashlib
import json

#: Texts longer than this (in characters) are audited as edits.
LONG_TEXT = 1000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_long(*texts: str | None) -> bool:
    return any(t is not None and len(t) > LONG_TEXT for t in texts)


def audit_pair(old: str | None, new: str | None) -> tuple[str, str]:
    """(old, new) for the audit of a change from ``old`` to ``new`` (None: no text), as JSON objects.

    ``old`` is ``{"length", "sha256"}`` of the text before; ``new`` adds ``"edit": [at, removed,
    inserted]`` (code-point offset into the old text) that turns the old text into the new one.
    """
    before, after = old or "", new or ""
    start = _common_prefix(before, after)
    room = min(len(before), len(after)) - start  # the suffix may not overlap the prefix
    end = _common_prefix(before[::-1][:room], after[::-1][:room])
    removed = before[start : len(before) - end]
    inserted = after[start : len(after) - end]
    old_record = {"length": len(before), "sha256": digest(before)} if old is not None else None
    new_record = {
        "edit": [start, removed, inserted],
        "length": len(after),
        "sha256": digest(after) if new is not None else None,
    }
    return json.dumps(old_record, ensure_ascii=False), json.dumps(new_record, ensure_ascii=False)


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share (compared a block at a time, then one by one)."""
    n, i, block = min(len(a), len(b)), 0, 512
    while i + block <= n and a[i : i + block] == b[i : i + block]:
        i += block
    while i < n and a[i] == b[i]:
        i += 1
    return i


def replay(old: str, new_record: str) -> str:
    """The text after an audited edit, from the text before it; ValueError if the digest disagrees."""
    record = json.loads(new_record)
    at, removed, inserted = int(record["edit"][0]), str(record["edit"][1]), str(record["edit"][2])
    if old[at : at + len(removed)] != removed:
        raise ValueError("the audited edit does not apply to this text")
    text = old[:at] + inserted + old[at + len(removed) :]
    if record["sha256"] is not None and digest(text) != record["sha256"]:
        raise ValueError("the replayed text does not match the audited digest")
    return text
