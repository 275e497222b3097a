"""Files and paths as Windows and macOS treat them, in one place.

Why: CI runs on Linux, where a rename over an open file succeeds and ``A.ictool`` and ``a.ictool``
are two files. On Windows a rename fails while another program holds either file (Excel on an
exported workbook, antivirus scanning a file just written, a sync or backup client), and on Windows
and macOS two spellings that differ in case name one file. Every finished file is moved into place
by :func:`replace_file` and every "is this the same file?" goes through :func:`same_file` /
:func:`path_key`, so each rule is written, and tested with the platform simulated, once.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TypeVar

from ictool.core.errors import StorageError

T = TypeVar("T")

#: Windows errors that mean "another program has the file open", not "you may not": access denied
#: (what a rename over a file held open without FILE_SHARE_DELETE reports), sharing and lock violation.
_BUSY_WINERRORS = frozenset({5, 32, 33})

#: Pauses between attempts on Windows (1.95 s in all): an antivirus scan of a new file or a sync
#: client's read usually lets go within a second; a workbook open in Excel never does, and the person
#: should hear so promptly rather than watch a frozen window.
RETRY_DELAYS: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8)


class FileInUse(StorageError):
    """A finished file could not be moved into place because another program holds the target open."""


def _platform(platform: str | None) -> str:
    return sys.platform if platform is None else platform


def _busy(exc: OSError) -> bool:
    return isinstance(exc, PermissionError) or getattr(exc, "winerror", None) in _BUSY_WINERRORS


def replace_file(
    source: Path,
    target: Path,
    *,
    platform: str | None = None,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """Move the finished ``source`` over ``target`` (atomically: ``target`` is the old or the new file).

    On Windows a sharing violation is retried for up to two seconds, then reported as
    :class:`FileInUse` with ``source`` removed and ``target`` as it was; any other error, and every
    error elsewhere, is the caller's (``os.replace`` semantics). ``platform`` and ``sleep`` are for tests.
    """
    if _platform(platform) != "win32":
        os.replace(source, target)
        return
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except OSError as exc:
            if not _busy(exc):
                raise
            if delay is None:
                Path(source).unlink(missing_ok=True)
                raise FileInUse(
                    f"{target}: cannot be replaced because another program has it open (Excel, a sync "
                    "or backup program, antivirus), or it is read-only; close it there and try again. "
                    "The file was left as it was."
                ) from exc
            (sleep or time.sleep)(delay)


def write_atomically(path: Path, write: Callable[[Path], T], *, platform: str | None = None) -> T:
    """Run ``write`` on a temporary file beside ``path``, then move it over ``path``.

    Why: an export that fails half-way (disk full, a bug, Ctrl+C) must not leave a truncated file
    that looks complete, nor destroy the previous good one. The temporary file is in the target's
    folder (one file system, so the rename is atomic) and is removed on any failure.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        result = write(temporary)
        replace_file(temporary, path, platform=platform)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        hint = " (is it open in another program?)" if isinstance(exc, PermissionError) else ""
        raise StorageError(f"{path} cannot be written: {exc.strerror or exc}{hint}") from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


def _case_insensitive(platform: str) -> bool:
    """Windows always; macOS by default (APFS and HFS+ as formatted out of the box)."""
    return platform == "win32" or platform == "darwin"


def path_key(path: str | os.PathLike[str], *, platform: str | None = None) -> str:
    """A string equal for two spellings of one path, for sets, dict keys and lists of files.

    Absolute, and case-folded where the file system ignores case (``os.path.normcase`` alone does
    nothing on macOS). macOS also stores names in decomposed Unicode, so "é" typed two ways is one
    name there: the key is in NFC. Use :func:`same_file` when both files may exist, which follows links.
    """
    text = os.path.abspath(os.fspath(path))
    platform = _platform(platform)
    if platform == "darwin":
        text = unicodedata.normalize("NFC", text)
    if _case_insensitive(platform):
        text = os.path.normcase(text).casefold()
    return text


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str], *, platform: str | None = None) -> bool:
    """Whether ``a`` and ``b`` are one file: asked of the file system when both exist, else by key.

    Why both: only the file system knows about links, network drives and a case-sensitive volume on a
    Mac; a file not written yet has nothing to ask, and its key errs towards "the same", which is the
    safe answer for "would this output overwrite that input?".
    """
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return path_key(a, platform=platform) == path_key(b, platform=platform)


def sqlite_uri(path: PurePath) -> str:
    """The ``file:`` URI SQLite opens for the absolute ``path`` (a ``?mode=ro`` goes after it).

    A file on a Windows share (``\\\\server\\share\\study.ictool``, common on university drives) must
    be ``file:////server/share/...``: ``as_uri()`` writes ``file://server/share/...``, with the server as
    the URI's authority, which SQLite as built for Python refuses ("invalid uri authority").
    """
    uri = path.as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri.removeprefix("file://")
    return uri


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_WINDOWS_DEVICE_NAMES = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])", re.IGNORECASE)


def safe_file_stem(text: str, fallback: str) -> str:
    """``text`` made into a file name stem that every system accepts: for names made from names people
    typed (a coder, a study title), so a file made on Linux can be handed to a Windows colleague.

    What Windows refuses is replaced by ``_``: reserved characters, names ending in a dot or a space
    (Windows drops them, so the file would not be found under the name written), and device names
    such as ``CON`` or ``nul`` (``CON.ictcoder`` is the console on Windows, not a file).
    """
    stem = _UNSAFE_IN_FILE_NAMES.sub("_", text).strip(" .")
    if windows_device_name(stem):
        head, dot, rest = stem.partition(".")
        stem = f"{head}_{dot}{rest}"
    return stem or fallback


def windows_device_name(name: str) -> bool:
    """Whether Windows reads ``name`` as a device (``CON``, ``nul.xlsx``, ``COM1.tar.gz``), not a file."""
    return _WINDOWS_DEVICE_NAMES.fullmatch(name.partition(".")[0].rstrip(" ")) is not None


def with_suffix(path: Path, suffix: str, *others: str) -> Path:
    """``path`` when its name ends in ``suffix`` or one of ``others`` (any case), else with ``suffix``
    added: a name typed in a save dialog without its extension (``study`` → ``study.ictool``), never
    one replaced (``v1.2`` → ``v1.2.ictool``, not ``v1.ictool``)."""
    if path.suffix.lower() in (suffix, *others):
        return path
    return path.with_name(path.name + suffix)
