"""Issue 17, item 17: the audit of a long text keeps each edit, not two full copies per save."""

from __future__ import annotations

import json
import random
from itertools import pairwise
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.coding.long_text import LONG_TEXT, audit_pair, replay
from ictool.core.project import CoderPackage, Project
from ictool.core.store import audit_repo
from ictool.core.team.hand_out import build_package
from ictool.core.team.merge import merge_packages

WORDS = ["the", "respondent", "speaks", "about", "family", "town", "school", "work", "faith", "money"]


def prose(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)[:n]


def typing_session(start: str, pauses: int, seed: int = 2) -> list[str]:
    """What is saved at each pause: a few words typed, sometimes a deletion, somewhere in the text."""
    rng = random.Random(seed)
    texts, text = [], start
    for _ in range(pauses):
        at = rng.randrange(len(text) + 1)
        if rng.random() < 0.25 and len(text) > 40:
            text = text[:at] + text[at + rng.randrange(1, 30) :]
        else:
            text = text[:at] + " " + " ".join(rng.choice(WORDS) for _ in range(3)) + text[at:]
        texts.append(text)
    return texts


def audit_size(file: Project | CoderPackage) -> int:
    return sum(len(e.old or "") + len(e.new or "") for e in audit_repo.entries(file.db))


def test_twenty_pauses_of_a_50000_character_text_audit_the_edits_and_replay_exactly(
    populated_project: Project,
) -> None:
    p = populated_project
    amira, doc = p.coder("Amira"), p.documents()[0]
    memo_var = p.codebook.get("memo")
    assert memo_var is not None
    first = prose(50_000)
    saves = [first, *typing_session(first, 20)]
    before = audit_size(p)
    for text in saves:
        coding.set_value(p, amira.uuid, doc.uuid, memo_var.uuid, text)
    grown = audit_size(p) - before
    # The first save is the whole text (it was all typed, or pasted, at once); each pause adds its edit.
    assert grown < 50_000 + 20 * 1_000, grown
    full_copies = sum(len(json.dumps(a)) + len(json.dumps(b)) for a, b in pairwise(saves))
    assert grown * 20 < full_copies  # old and new in full at every pause: over 2,000,000 characters
    entries = audit_repo.entries(p.db, variable=memo_var.uuid)
    assert len(entries) == len(saves)
    text = ""
    for entry in entries:
        record = json.loads(entry.new or "null")
        assert set(record) == {"edit", "length", "sha256"}
        text = replay(text, entry.new or "")  # each step checked against its digest
    assert text == coding.value(p, amira.uuid, doc.uuid, memo_var.uuid) == saves[-1]


def test_short_texts_keep_their_full_values(populated_project: Project) -> None:
    p = populated_project
    amira, doc = p.coder("Amira"), p.documents()[0]
    memo_var = p.codebook.get("memo")
    assert memo_var is not None
    coding.set_value(p, amira.uuid, doc.uuid, memo_var.uuid, "a short quote")
    coding.set_value(p, amira.uuid, doc.uuid, memo_var.uuid, "a short quote, longer")
    last = audit_repo.entries(p.db, variable=memo_var.uuid)[-1]
    assert (last.old, last.new) == ('"a short quote"', '"a short quote, longer"')


def test_crossing_the_threshold_and_clearing_are_edits_too() -> None:
    long = "x" * (LONG_TEXT + 1)
    old, new = audit_pair("short", long)
    assert json.loads(old) == {"length": 5, "sha256": json.loads(old)["sha256"]}
    assert replay("short", new) == long
    old, new = audit_pair(long, None)  # cleared: the removal, and no text after it
    assert json.loads(new) == {"edit": [0, long, ""], "length": 0, "sha256": None}
    with pytest.raises(ValueError, match="does not apply"):
        replay("y" * len(long), new)


def test_a_long_memo_is_audited_as_edits(populated_project: Project) -> None:
    p = populated_project
    amira, doc = p.coder("Amira"), p.documents()[0]
    first = prose(20_000, seed=5)
    saves = [first, *typing_session(first, 10, seed=6)]
    for text in saves:
        coding.set_memo(p, amira.uuid, doc.uuid, text)
    memo_entries = [e for e in audit_repo.entries(p.db, document=doc.uuid) if e.action == "set memo"]
    assert sum(len(e.new or "") + len(e.old or "") for e in memo_entries) < 20_000 + 10 * 1_000
    text = ""
    for entry in memo_entries:
        text = replay(text, entry.new or "")
    assert text == coding.memo(p, amira.uuid, doc.uuid)


def test_a_package_audited_with_edits_still_merges(populated_project: Project, tmp_path: Path) -> None:
    """The lineage chain hashes the audit rows whatever they hold; the lead's merge checks it."""
    p = populated_project
    amira = p.coder("Amira")
    doc = p.documents()[0]
    path = tmp_path / "amira.ictcoder"
    build_package(p, "Amira", path)
    saves = [prose(30_000, seed=7), *typing_session(prose(30_000, seed=7), 5, seed=8)]
    with CoderPackage.open(path) as package:
        memo_var = package.codebook.get("memo")
        assert memo_var is not None
        for text in saves:
            coding.set_value(package, amira.uuid, doc.uuid, memo_var.uuid, text)
    (report,) = merge_packages(p, [path])
    assert report.added == 1
    assert coding.value(p, amira.uuid, doc.uuid, memo_var.uuid) == saves[-1]
