"""Gather the transcripts of one import from files and folders, all or nothing.

An import is one user action: either every named transcript comes in, or none
does and the user sees every problem at once (fix them all, run it again) - not
one problem per attempt. ``skip_bad`` is the explicit opt-out for "import what
you can". Ids are never invented or renamed: a silent ``INT-007-2`` would not
match the id on the interview's paper trail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ictool.core.documents.model import SUPPORTED_EXTENSIONS, ImportBatch, SourceDocument, id_key
from ictool.core.documents.reader import document_id, read_transcript, unsupported_reason
from ictool.core.errors import ValidationError
from ictool.core.paths import path_key

#: Called after each file with (files done, files in total). It may raise to cancel
#: the import (the exception propagates; nothing has been stored at that point).
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class _Candidate:
    path: Path  # as the user gave it, or joined onto a folder they gave
    relative_path: str


def collect_transcripts(
    paths: Sequence[Path], skip_bad: bool = False, *, on_progress: ProgressCallback | None = None
) -> ImportBatch:
    """Read every transcript named in ``paths`` (files, or folders searched recursively).

    Inside folders, hidden files and folders (names starting with ``.``) and Word
    lock files (``~$...``) are passed over silently, and files of other types are
    passed over and listed in the batch's ``skipped`` with what to do (``OLD.doc``
    may be a transcript saved in an old format); a file named explicitly must be a
    transcript. Files are read in the order given,
    each folder's files in natural order of their path (``INT-2`` before ``INT-10``);
    the same file reached twice is read once.

    Raises ``ValidationError`` listing every problem, unless ``skip_bad``, in which
    case the readable documents are returned together with the problems. Files that
    share an id are all refused: which one was meant is the user's call.
    """
    problems: list[str] = []
    skipped: list[str] = []
    candidates = _gather(paths, problems, skipped)
    duplicates = _duplicate_ids(candidates, problems)
    documents: list[SourceDocument] = []
    for done, candidate in enumerate(candidates, start=1):
        try:
            document = read_transcript(candidate.path, relative_path=candidate.relative_path)
        except ValidationError as error:
            problems.extend(error.problems)
        else:
            if id_key(document.doc_id) not in duplicates:
                documents.append(document)
        if on_progress is not None:
            on_progress(done, len(candidates))
    if problems and not skip_bad:
        # the files passed over are listed too: fixing the problems must not be the first time
        # the user hears that OLD.doc was never going to come in
        raise ValidationError(problems + skipped)
    return ImportBatch(documents, problems, skipped)


def check_against_existing(batch_docs: Iterable[SourceDocument], existing_ids: Collection[str]) -> list[str]:
    """Problems for documents whose id is already taken in the project, one sentence each.

    Pure, so the project facade decides whether a clash refuses the import or skips
    the document. Ids that differ only in case count as taken (see ``id_key``).
    """
    taken = {id_key(existing): existing for existing in existing_ids}
    problems: list[str] = []
    for doc in batch_docs:
        existing = taken.get(id_key(doc.doc_id))
        if existing is None:
            continue
        name = doc.metadata.get("relative_path", doc.source_name)
        if existing == doc.doc_id:
            problems.append(f"{name}: a document with id '{doc.doc_id}' is already in the project")
        else:
            problems.append(
                f"{name}: its id '{doc.doc_id}' differs only in letter case from the document "
                f"'{existing}' already in the project"
            )
    return problems


def without_clashes(
    batch_docs: Iterable[SourceDocument], existing_ids: Collection[str]
) -> list[SourceDocument]:
    """The documents ``check_against_existing`` has no problem with (for ``skip_bad`` imports).

    Use this rather than an exact ``in`` test so that skipping applies the same
    case-insensitive rule as the report.
    """
    taken = {id_key(existing) for existing in existing_ids}
    return [doc for doc in batch_docs if id_key(doc.doc_id) not in taken]


def _gather(paths: Sequence[Path], problems: list[str], skipped: list[str]) -> list[_Candidate]:
    if not paths:
        problems.append("no files or folders were given to import")
    candidates: list[_Candidate] = []
    seen: set[str] = set()  # a file named twice, as "a.txt" and "A.TXT" on a Mac, comes in once

    def add(path: Path, relative_path: str) -> None:
        key = path_key(path.resolve())
        if key not in seen:
            seen.add(key)
            candidates.append(_Candidate(path, relative_path))

    for given in paths:
        if given.is_dir():
            known, passed_over = len(problems), len(skipped)
            found = _transcripts_in(given, problems, skipped)
            if not found and len(problems) == known:
                # the files of other types are why nothing was found: they belong in the refusal
                problems.append(f"{given}: the folder holds no .txt, .md or .docx files")
                problems.extend(skipped[passed_over:])
                del skipped[passed_over:]
            for relative in found:
                add(given / relative, relative.as_posix())
        elif given.is_file():
            add(given, given.name)
        elif given.exists() or given.is_symlink():
            problems.append(f"{given}: not a regular file or folder (or a broken link)")
        else:
            problems.append(f"{given}: no such file or folder")
    return candidates


def _transcripts_in(folder: Path, problems: list[str], skipped: list[str]) -> list[Path]:
    """Transcript files below ``folder``, relative to it, in natural order; other files to ``skipped``."""

    def unreadable(error: OSError) -> None:
        problems.append(f"{error.filename}: the folder cannot be read ({error.strerror or error})")

    found: list[Path] = []
    others: list[Path] = []
    for root, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        base = Path(root).relative_to(folder)
        for name in filenames:
            if name.startswith((".", "~$")):
                continue
            (found if Path(name).suffix.lower() in SUPPORTED_EXTENSIONS else others).append(base / name)
    skipped.extend(
        f"{folder / relative}: not imported: {unsupported_reason(relative)}"
        for relative in sorted(others, key=_natural_key)
    )
    return sorted(found, key=_natural_key)


def _natural_key(relative: Path) -> tuple[tuple[tuple[int | str, ...], str], ...]:
    return tuple((_natural_part(part), part) for part in relative.parts)


def _natural_part(part: str) -> tuple[int | str, ...]:
    # re.split with a group alternates text and digits, so equal positions compare equal types.
    pieces = re.split(r"(\d+)", part.casefold())
    return tuple(int(piece) if index % 2 else piece for index, piece in enumerate(pieces))


def _duplicate_ids(candidates: Sequence[_Candidate], problems: list[str]) -> set[str]:
    """Report files that would share an id; return the id keys concerned."""
    groups: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        if candidate.path.suffix.lower() in SUPPORTED_EXTENSIONS and document_id(candidate.path):
            groups.setdefault(id_key(document_id(candidate.path)), []).append(candidate)
    clashing = {key: group for key, group in groups.items() if len(group) > 1}
    for group in clashing.values():
        names = " and ".join(str(candidate.path) for candidate in group)
        problems.append(
            f"{names}: these files would all get the id '{document_id(group[0].path)}'; "
            "ids must be unique, so rename or leave out all but one"
        )
    return set(clashing)
