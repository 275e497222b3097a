"""One writer per file: a small lock record beside a file that is open for work.

Why: SQLite keeps two writers from corrupting the file, but not from undoing each other's work. A
package opened in two windows (or on two processes) shows each window its own stale form, and an
undo in one writes its old value over the other's newer one. The first window to open a file for
work writes ``NAME.lock`` beside it; every later one finds the record, says who holds the file and
since when, and opens the file read-only.

The record is JSON (pid, host, user, time, a random token) and is written atomically: it is built in
a temporary file and hard-linked into place, which fails if a lock is already there (on drives
without hard links, FAT sticks, an exclusive create is used instead). A lock left by a crashed
window is *stale* when it names this computer and a process that no longer runs; it is then
replaced. A lock from another computer cannot be checked from here: the person is told whose it
is and where the file is, and can delete it if that computer is no longer working in the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ictool.core.store.clock import now

#: A lock record that cannot be read is being written by its holder unless it is older than this.
UNREADABLE_GRACE_SECONDS = 10.0

#: Tokens of the locks this process holds: two windows of one process are two writers too.
_HELD: set[str] = set()


@dataclass(frozen=True)
class LockHolder:
    """Who holds a file open for work, as its lock record says."""

    user: str
    host: str
    pid: int
    at: str  # ISO time the lock was taken
    token: str = ""

    def describe(self) -> str:
        """ "Tess on laptop-3 since 14:03 on 2 May 2024" (the person reads this)."""
        try:
            when = datetime.fromisoformat(self.at).astimezone()
            since = f" since {when:%H:%M} on {when.day} {when:%B %Y}"
        except ValueError:
            since = ""
        where = "this computer" if self.host == _host_name() else self.host or "another computer"
        return f"{self.user or 'someone'} on {where}{since}"

    @property
    def here(self) -> bool:
        return self.host == _host_name()


@dataclass
class FileLock:
    """A lock this process holds; ``release`` removes the record if it is still ours."""

    path: Path  # the lock record
    token: str
    released: bool = False

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        _HELD.discard(self.token)
        holder = read_holder(self.path)
        if holder is not None and holder.token == self.token:
            with contextlib.suppress(OSError):
                self.path.unlink()


class LockUnavailable(Exception):
    """The folder cannot take a lock record (read-only, full, gone): the file cannot be written either."""


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


def read_holder(lock: Path) -> LockHolder | None:
    """The holder a lock record names, or None if there is none or it cannot be read (yet)."""
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        return LockHolder(
            user=str(data.get("user", "")),
            host=str(data.get("host", "")),
            pid=int(data.get("pid", 0)),
            at=str(data.get("at", "")),
            token=str(data.get("token", "")),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def holder(path: Path) -> LockHolder | None:
    """Who holds ``path`` open for work now (a stale record counts as nobody)."""
    found = read_holder(lock_path(path))
    return None if found is None or _stale(found) else found


def acquire(path: Path, user: str) -> FileLock | LockHolder:
    """Take the lock on ``path`` for this process, or return who holds it.

    Raises :class:`LockUnavailable` when no record can be written beside the file at all.
    """
    lock = lock_path(path)
    token = uuid.uuid4().hex
    record = json.dumps(
        {
            "app": "ictool",
            "user": user,
            "host": _host_name(),
            "pid": os.getpid(),
            "at": now(),
            "token": token,
        }
    )
    for _ in range(3):
        try:
            _create(lock, record)
        except FileExistsError:
            found = read_holder(lock)
            if found is None:
                if _age(lock) < UNREADABLE_GRACE_SECONDS:
                    return LockHolder("someone", "", 0, "")  # being written this very moment
                _remove_stale(lock, None)
                continue
            if _stale(found):
                _remove_stale(lock, found.token)
                continue
            return found
        except OSError as exc:
            raise LockUnavailable(str(exc.strerror or exc)) from exc
        _HELD.add(token)
        return FileLock(lock, token)
    found = read_holder(lock)
    return found or LockHolder("someone", "", 0, "")


def _create(lock: Path, record: str) -> None:
    """Write ``record`` to a new file ``lock`` atomically; FileExistsError if one is there."""
    tmp = lock.with_name(f".{lock.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "x", encoding="utf-8") as fh:
        fh.write(record)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        try:
            os.link(tmp, lock)
        except FileExistsError:
            raise
        except OSError:  # a drive without hard links (FAT): an exclusive create, written at once
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(record)
                fh.flush()
                os.fsync(fh.fileno())
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _stale(found: LockHolder) -> bool:
    """A record naming this computer and a process that no longer runs (or one of ours we let go)."""
    if not found.here or found.pid <= 0:
        return False
    if found.pid == os.getpid():
        return found.token not in _HELD
    return not _alive(found.pid)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process on Windows
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            # Access denied: it runs, as another user (or elevated); its lock is not stale.
            return bool(ctypes.get_last_error() == 5)  # type: ignore[attr-defined]
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(code.value == 259)  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True


def _age(lock: Path) -> float:
    try:
        return time.time() - lock.stat().st_mtime
    except OSError:
        return 0.0


def _remove_stale(lock: Path, token: str | None) -> None:
    """Remove a stale record, unless another window replaced it meanwhile."""
    found = read_holder(lock)
    if (found.token if found is not None else None) == token:
        with contextlib.suppress(OSError):
            lock.unlink()


def _host_name() -> str:
    import socket  # on use (3 ms to import): a read-only open, such as a report, takes no lock

    return socket.gethostname()
