"""Batches: folders, order, hidden files, duplicate ids, all-or-nothing and clashes with a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictool.core.documents.collect import check_against_existing, collect_transcripts, without_clashes
from ictool.core.documents.reader import read_transcript
from ictool.core.errors import ValidationError


def write(path: Path, data: bytes | str = "some text") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def make_folder(root: Path) -> Path:
    folder = root / "transcripts"
    write(folder / "INT-10.txt")
    write(folder / "INT-2.md", "# Second\nbody")
    write(folder / "wave b" / "INT-3.txt")
    write(folder / "Wave A" / "INT-1.txt")
    write(folder / ".hidden.txt")
    write(folder / ".git" / "INT-99.txt")
    write(folder / "~$INT-10.docx", b"lock file bytes")
    write(folder / "notes.pdf", b"%PDF-1.4")
    write(folder / "codebook.xlsx", b"PK\x03\x04")
    return folder


def test_folder_recursion_natural_order_and_silent_skips(tmp_path: Path) -> None:
    batch = collect_transcripts([make_folder(tmp_path)])
    assert batch.problems == []
    assert [d.metadata["relative_path"] for d in batch.documents] == [
        "INT-2.md",
        "INT-10.txt",
        "Wave A/INT-1.txt",
        "wave b/INT-3.txt",
    ]
    assert [d.doc_id for d in batch.documents] == ["INT-2", "INT-10", "INT-1", "INT-3"]
    assert batch.documents[0].title == "Second"


def test_files_keep_the_order_given_and_a_repeat_is_read_once(tmp_path: Path) -> None:
    b, a = write(tmp_path / "b.txt"), write(tmp_path / "a.txt")
    batch = collect_transcripts([b, a, tmp_path / "." / "b.txt"])
    assert [d.doc_id for d in batch.documents] == ["b", "a"]


def test_explicit_bad_extension_is_a_problem(tmp_path: Path) -> None:
    pdf = write(tmp_path / "notes.pdf", b"%PDF-1.4")
    with pytest.raises(ValidationError) as info:
        collect_transcripts([write(tmp_path / "a.txt"), pdf])
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(f"{pdf}: unsupported file type '.pdf'")


def test_missing_path_and_folder_without_transcripts(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    write(empty / "readme.pdf", b"%PDF")
    missing = tmp_path / "nope"
    with pytest.raises(ValidationError) as info:
        collect_transcripts([missing, empty])
    assert info.value.problems == [
        f"{missing}: no such file or folder",
        f"{empty}: the folder holds no .txt, .md or .docx files",
        f"{empty / 'readme.pdf'}: not imported: unsupported file type '.pdf'; ictool imports .txt, .md "
        "and .docx files, so export the transcript as .docx or plain text (a PDF cannot be read)",
    ]


def test_no_paths_at_all_is_a_problem() -> None:
    with pytest.raises(ValidationError, match="no files or folders"):
        collect_transcripts([])


def test_duplicate_ids_name_both_files_and_are_never_renamed(tmp_path: Path) -> None:
    one = write(tmp_path / "wave1" / "INT-007.txt")
    two = write(tmp_path / "wave2" / "INT-007.txt")
    md = write(tmp_path / "a.md")
    txt = write(tmp_path / "A.txt")
    with pytest.raises(ValidationError) as info:
        collect_transcripts([tmp_path])
    assert sorted(info.value.problems) == sorted(
        [
            f"{one} and {two}: these files would all get the id 'INT-007'; "
            "ids must be unique, so rename or leave out all but one",
            f"{md} and {txt}: these files would all get the id 'a'; "
            "ids must be unique, so rename or leave out all but one",
        ]
    )
    batch = collect_transcripts([tmp_path], skip_bad=True)
    assert batch.documents == [] and len(batch.problems) == 2


def test_all_or_nothing_lists_every_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = write(folder / "good.txt", "fine")
    empty = write(folder / "empty.txt", b"")
    blank = write(folder / "blank.md", "  \n ")
    binary = write(folder / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    broken = write(folder / "broken.docx", b"PK\x03\x04 truncated")
    with pytest.raises(ValidationError) as info:
        collect_transcripts([folder])
    named = [problem.split(": ", 1)[0] for problem in info.value.problems]
    assert sorted(named) == sorted(str(p) for p in (empty, blank, binary, broken))
    assert str(good) not in "\n".join(info.value.problems)


def test_skip_bad_returns_the_good_documents_and_the_problems(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "good.txt", "fine")
    write(folder / "empty.txt", b"")
    missing = tmp_path / "missing.docx"
    batch = collect_transcripts([folder, missing], skip_bad=True)
    assert [d.doc_id for d in batch.documents] == ["good"]
    assert batch.problems == [
        f"{missing}: no such file or folder",
        f"{folder / 'empty.txt'}: the file is empty (0 bytes)",
    ]


def test_progress_is_reported_per_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("a.txt", "b.txt", "c.txt"):
        write(folder / name)
    seen: list[tuple[int, int]] = []
    collect_transcripts([folder], on_progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_clashes_with_the_project_are_reported_not_renamed(tmp_path: Path) -> None:
    docs = [
        read_transcript(write(tmp_path / "INT-007.txt")),
        read_transcript(write(tmp_path / "int-008.txt")),
        read_transcript(write(tmp_path / "INT-009.txt")),
    ]
    assert check_against_existing(docs, {"INT-007", "INT-008", "OTHER"}) == [
        "INT-007.txt: a document with id 'INT-007' is already in the project",
        "int-008.txt: its id 'int-008' differs only in letter case from the document 'INT-008' "
        "already in the project",
    ]
    assert check_against_existing(docs, []) == []
    assert without_clashes(docs, {"INT-007", "INT-008", "OTHER"}) == [docs[2]]


def test_clash_names_the_path_within_the_imported_folder(tmp_path: Path) -> None:
    write(tmp_path / "in" / "sub" / "INT-001.txt")
    batch = collect_transcripts([tmp_path / "in"])
    assert check_against_existing(batch.documents, ["INT-001"]) == [
        "sub/INT-001.txt: a document with id 'INT-001' is already in the project"
    ]


def test_files_of_other_types_in_a_folder_are_listed_as_skipped_with_what_to_do(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    write(folder / "OLD.doc", b"\xd0\xcf\x11\xe0")
    batch = collect_transcripts([folder])
    assert len(batch.documents) == 4
    assert batch.problems == []
    assert batch.skipped == [  # hidden and lock files stay unmentioned: nobody saved a transcript so
        f"{folder / 'codebook.xlsx'}: not imported: unsupported file type '.xlsx'; ictool imports .txt, "
        ".md and .docx files",
        f"{folder / 'notes.pdf'}: not imported: unsupported file type '.pdf'; ictool imports .txt, .md "
        "and .docx files, so export the transcript as .docx or plain text (a PDF cannot be read)",
        f"{folder / 'OLD.doc'}: not imported: unsupported file type '.doc'; ictool imports .txt, .md "
        "and .docx files, so save it from Word as .docx (the old .doc format cannot be read)",
    ]


def test_a_refused_batch_also_lists_the_files_passed_over(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write(folder / "EMPTY.txt", b"")
    write(folder / "OLD.doc", b"\xd0\xcf\x11\xe0")
    with pytest.raises(ValidationError) as info:
        collect_transcripts([folder])
    assert [p.split(":")[0] for p in info.value.problems] == [
        str(folder / "EMPTY.txt"),
        str(folder / "OLD.doc"),
    ]
