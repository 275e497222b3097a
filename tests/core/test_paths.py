"""Replacing files and comparing paths as Windows and macOS do, with the platform simulated.

CI runs on Linux, where a rename over an open file succeeds and names are case-sensitive; these tests
make ``os.replace`` fail the way Windows does (PermissionError / winerror 32) and pass the platform in.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest

from ictool.core import paths
from ictool.core.codebook.export import write_codebook_xlsx
from ictool.core.errors import StorageError
from ictool.core.export import export_project
from ictool.core.paths import (
    RETRY_DELAYS,
    FileInUse,
    path_key,
    replace_file,
    safe_file_stem,
    same_file,
    sqlite_uri,
    write_atomically,
)
from ictool.core.project import Project
from ictool.core.store.files import FileRole, create_file
from tests.conftest import make_codebook


class SharingViolation(OSError):
    """What Windows raises when another process holds the file without FILE_SHARE_DELETE."""

    winerror = 32


def failing_replace(
    times: int, error: Callable[[], OSError]
) -> tuple[Callable[[object, object], None], list[int]]:
    """An ``os.replace`` that raises ``error()`` the first ``times`` calls, then renames for real."""
    real = os.replace
    calls: list[int] = []

    def fake(src: object, dst: object) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise error()
        real(src, dst)  # type: ignore[arg-type]

    return fake, calls


@pytest.fixture
def old_and_new(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "export.xlsx"
    target.write_text("old", encoding="utf-8")
    source = tmp_path / ".export.xlsx.tmp"
    source.write_text("new", encoding="utf-8")
    return source, target


def test_on_windows_a_briefly_held_file_is_replaced_after_a_retry(
    monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[Path, Path]
) -> None:
    source, target = old_and_new
    fake, calls = failing_replace(2, lambda: PermissionError(13, "Access is denied"))
    monkeypatch.setattr(os, "replace", fake)
    slept: list[float] = []
    replace_file(source, target, platform="win32", sleep=slept.append)
    assert target.read_text(encoding="utf-8") == "new" and not source.exists()
    assert len(calls) == 3 and slept == list(RETRY_DELAYS[:2])


def test_on_windows_a_file_kept_open_is_reported_and_both_files_are_left_clean(
    monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[Path, Path]
) -> None:
    source, target = old_and_new
    fake, calls = failing_replace(10**6, lambda: SharingViolation(0, "The process cannot access the file"))
    monkeypatch.setattr(os, "replace", fake)
    slept: list[float] = []
    with pytest.raises(FileInUse) as caught:
        replace_file(source, target, platform="win32", sleep=slept.append)
    message = str(caught.value)
    assert str(target) in message and "another program has it open" in message and "close it" in message
    assert isinstance(caught.value, StorageError)  # the CLI and GUI show it as a person's problem
    assert target.read_text(encoding="utf-8") == "old" and not source.exists()
    assert len(calls) == len(RETRY_DELAYS) + 1
    assert sum(slept) <= 2.0


def test_on_windows_other_errors_are_not_retried(
    monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[Path, Path]
) -> None:
    source, target = old_and_new
    fake, calls = failing_replace(1, lambda: OSError(28, "No space left on device"))
    monkeypatch.setattr(os, "replace", fake)
    with pytest.raises(OSError, match="No space") as caught:
        replace_file(source, target, platform="win32", sleep=lambda _: pytest.fail("slept"))
    assert not isinstance(caught.value, FileInUse) and len(calls) == 1


def test_elsewhere_replace_is_plain_os_replace(
    monkeypatch: pytest.MonkeyPatch, old_and_new: tuple[Path, Path]
) -> None:
    source, target = old_and_new
    fake, calls = failing_replace(1, lambda: PermissionError(13, "Permission denied"))
    monkeypatch.setattr(os, "replace", fake)
    for platform in ("linux", "darwin"):
        calls.clear()
        with pytest.raises(PermissionError):
            replace_file(source, target, platform=platform, sleep=lambda _: pytest.fail("slept"))
        assert len(calls) == 1
    replace_file(source, target, platform="linux")
    assert target.read_text(encoding="utf-8") == "new"


def test_write_atomically_leaves_the_old_export_when_it_is_open_in_excel(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "final.csv"
    target.write_text("old", encoding="utf-8")
    fake, _ = failing_replace(10**6, lambda: PermissionError(13, "Access is denied"))
    monkeypatch.setattr(os, "replace", fake)
    monkeypatch.setattr(paths, "RETRY_DELAYS", (0.0,))
    with pytest.raises(FileInUse):
        write_atomically(target, lambda tmp: tmp.write_text("new", encoding="utf-8"), platform="win32")
    assert [p.name for p in tmp_path.iterdir()] == ["final.csv"]
    assert target.read_text(encoding="utf-8") == "old"


def test_an_export_over_a_held_file_says_so_on_windows(
    monkeypatch: pytest.MonkeyPatch, populated_project: Project, tmp_path: Path
) -> None:
    """The whole path, from the use case down: the platform is simulated where it is read."""
    out = tmp_path / "out" / "final.csv"
    out.parent.mkdir()
    out.write_text("the previous export", encoding="utf-8")
    fake, _ = failing_replace(10**6, lambda: SharingViolation(0, "sharing violation"))
    monkeypatch.setattr(os, "replace", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(paths, "RETRY_DELAYS", (0.0, 0.0))
    with pytest.raises(FileInUse, match="another program has it open"):
        export_project(populated_project, out)
    assert [p.name for p in out.parent.iterdir()] == ["final.csv"]
    assert out.read_text(encoding="utf-8") == "the previous export"


def test_a_new_file_whose_temporary_copy_is_scanned_arrives_after_a_retry(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Antivirus opens a file as soon as it is written; the rename then fails for a moment."""
    fake, calls = failing_replace(1, lambda: SharingViolation(0, "sharing violation"))
    monkeypatch.setattr(os, "replace", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(paths, "RETRY_DELAYS", (0.0,) * 3)
    path = tmp_path / "new.ictool"
    create_file(path, FileRole.PROJECT, {"title": "New"})
    assert path.exists() and len(calls) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.ictool"]


# -- same file, and keys of paths ---------------------------------------------------------------


def test_keys_ignore_case_on_windows_and_macos_only(tmp_path: Path) -> None:
    a, b = tmp_path / "Study.ictool", tmp_path / "study.ICTOOL"
    assert path_key(a, platform="win32") == path_key(b, platform="win32")
    assert path_key(a, platform="darwin") == path_key(b, platform="darwin")
    assert path_key(a, platform="linux") != path_key(b, platform="linux")
    assert not same_file(a, b, platform="linux")
    assert same_file(a, b, platform="win32") and same_file(a, b, platform="darwin")


def test_keys_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert path_key("x.ictool", platform="linux") == path_key(tmp_path / "sub" / ".." / "x.ictool")


def test_on_macos_a_name_typed_composed_or_decomposed_is_one_name(tmp_path: Path) -> None:
    composed = tmp_path / unicodedata.normalize("NFC", "Café.ictool")
    decomposed = tmp_path / unicodedata.normalize("NFD", "Café.ictool")
    assert same_file(composed, decomposed, platform="darwin")
    assert not same_file(composed, decomposed, platform="linux")


def test_existing_files_are_asked_of_the_file_system(tmp_path: Path) -> None:
    """A link is the file it points to; two files that both exist are two, whatever their case."""
    real = tmp_path / "Study.ictool"
    real.write_bytes(b"x")
    link = tmp_path / "elsewhere.ictool"
    link.symlink_to(real)
    assert same_file(real, link, platform="linux")
    other = tmp_path / "study.ictool"  # a second file: this is a case-sensitive file system
    other.write_bytes(b"y")
    assert not same_file(real, other, platform="darwin")  # a case-sensitive volume on a Mac


@pytest.mark.parametrize(
    ("typed", "stem"),
    [
        ("Amira", "Amira"),
        ("CON", "CON_"),
        ("nul", "nul_"),
        ("com1", "com1_"),
        ("LPT9.old", "LPT9_.old"),
        ("Connie", "Connie"),
        ("a/b:c?", "a_b_c_"),
        ("Dr. Who. ", "Dr. Who"),
        (" ..", "coder"),
    ],
)
def test_file_stems_from_names_are_valid_on_windows(typed: str, stem: str) -> None:
    assert safe_file_stem(typed, "coder") == stem


def test_a_codebook_sheet_open_in_excel_is_left_as_it_was_on_windows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = tmp_path / "codebook.xlsx"
    out.write_bytes(b"the sheet open in Excel")
    fake, _ = failing_replace(10**6, lambda: PermissionError(13, "Access is denied"))
    monkeypatch.setattr(os, "replace", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(paths, "RETRY_DELAYS", (0.0,))
    with pytest.raises(FileInUse, match=r"codebook\.xlsx"):
        write_codebook_xlsx(make_codebook(), out)
    assert [p.name for p in tmp_path.iterdir()] == ["codebook.xlsx"]
    assert out.read_bytes() == b"the sheet open in Excel"


# -- the URI SQLite opens a file by ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (PureWindowsPath(r"\\server\share\team\x y#1.ictool"), "file:////server/share/team/x%20y%231.ictool"),
        (PureWindowsPath(r"C:\Users\amira\study.ictool"), "file:///C:/Users/amira/study.ictool"),
        (PurePosixPath("/home/amira/is it?.ictool"), "file:///home/amira/is%20it%3F.ictool"),
    ],
)
def test_sqlite_uris_of_windows_shares_keep_the_server_out_of_the_authority(path: PurePath, uri: str) -> None:
    assert sqlite_uri(path) == uri


def test_sqlite_refuses_a_server_as_authority_and_reads_the_four_slash_form(tmp_path: Path) -> None:
    """What happens on a share, shown with a local file: SQLite's parser is the same on every system."""
    path = tmp_path / "x y#1.db"
    sqlite3.connect(path).close()
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect(f"file://server{path.as_posix()}?mode=ro", uri=True)
    four_slashes = "file:////" + sqlite_uri(path).removeprefix("file:///")
    sqlite3.connect(f"{four_slashes}?mode=ro", uri=True).execute("PRAGMA schema_version").fetchone()


def test_a_name_without_its_extension_gets_it_added_never_replaced() -> None:
    from ictool.core.paths import with_suffix

    assert with_suffix(Path("study"), ".ictool") == Path("study.ictool")
    assert with_suffix(Path("Study.ICTOOL"), ".ictool") == Path("Study.ICTOOL")
    assert with_suffix(Path("round v1.2"), ".ictool") == Path("round v1.2.ictool")
    assert with_suffix(Path("methods.docx"), ".md", ".md", ".docx") == Path("methods.docx")
    assert with_suffix(Path("methods.txt"), ".md", ".docx") == Path("methods.txt.md")
