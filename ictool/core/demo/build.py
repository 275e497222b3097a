"""The fictional demo project, built from ``data/`` beside this module through the ordinary core API.

Why through the public API and not by writing rows: the demo then exercises the same
validation, transactions and audit trail as real work, and a codebook or coding in the
resources that the validators would refuse breaks the build loudly (and its test).
"""

from __future__ import annotations

import contextlib
import csv
import uuid
from collections.abc import Iterator
from pathlib import Path

from ictool.core import coding
from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.values import parse_value
from ictool.core.coding import ValueChange
from ictool.core.errors import UserError
from ictool.core.locations import user_data_dir
from ictool.core.paths import replace_file
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign

DEMO_TITLE = "Demo — Leaving the Northern Vanguard Front (fictional)"
DEMO_FILE_NAME = "demo-project.ictool"


def demo_dir() -> Path:
    """The demo's source files ship inside the package, so any install (wheel, bundle) can build it."""
    return Path(__file__).resolve().parent / "data"


def default_demo_path() -> Path:
    return user_data_dir() / DEMO_FILE_NAME


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def build_demo(path: Path, *, actor: str = "demo") -> Path:
    """Build the demo project at ``path`` (atomically: a half-built demo never appears there)."""
    src = demo_dir()
    path = Path(path)
    if path.exists():
        raise UserError(f"{path}: already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        codebook = read_codebook(src / "codebook.csv")
        with Project.create(tmp, codebook, title=DEMO_TITLE, actor=actor) as project:
            import_documents(project, [src / "transcripts"])
            coder_names = [row["name"] for row in _rows(src / "coders.csv")]
            add_coders(project, coder_names)
            assign(project)
            _load_codings(project, src)
        replace_file(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


def _load_codings(project: Project, src: Path) -> None:
    coders = {c.name: c.uuid for c in project.coders()}
    docs = {d.doc_id: d.uuid for d in project.documents()}
    codebook = project.codebook
    changes = []
    problems = []
    for line, row in enumerate(_rows(src / "codings.csv"), start=2):
        var = codebook.get(row["variable"])
        if var is None or row["document"] not in docs or row["coder"] not in coders:
            problems.append(f"codings.csv row {line}: unknown document, variable or coder")
            continue
        try:
            value = parse_value(var, row["value"])
        except UserError as exc:
            problems.extend(f"codings.csv row {line}: {p}" for p in exc.problems)
            continue
        changes.append(ValueChange(coders[row["coder"]], docs[row["document"]], var.uuid, value))
    if problems:
        raise UserError(problems)
    with project.transaction():
        coding.apply(project, changes, origin="imported")
        for row in _rows(src / "evidence.csv"):
            doc_uuid, var = docs[row["document"]], codebook.get(row["variable"])
            assert var is not None
            start = project.text(doc_uuid).find(row["quote"])
            if start < 0:
                raise UserError(f"evidence.csv: quote not found in {row['document']}: {row['quote'][:40]}")
            coding.add_evidence(
                project,
                coders[row["coder"]],
                doc_uuid,
                var.uuid,
                start,
                start + len(row["quote"]),
                origin="imported",
            )
        for row in _rows(src / "memos.csv"):
            coding.set_memo(
                project, coders[row["coder"]], docs[row["document"]], row["memo"], origin="imported"
            )
        for row in _rows(src / "status.csv"):
            coding.set_status(
                project, coders[row["coder"]], docs[row["document"]], row["status"], origin="imported"
            )
