"""Whether a lock's process still runs, asked the Windows way (simulated: CI runs on Linux).

``os.kill(pid, 0)`` ends the process on Windows, so there the lock asks ``OpenProcess`` and
``GetExitCodeProcess``; a wrong answer either steals a live window's file or keeps a crashed
window's lock for ever.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from ictool.core.store import locks

STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5


class FakeKernel32:
    """Processes by pid: an exit code, or None for "no such process"; ``denied`` ones are another user's."""

    def __init__(self, processes: dict[int, int | None], denied: frozenset[int] = frozenset()) -> None:
        self.processes = processes
        self.denied = denied
        self.last_error = 0
        self.open: set[int] = set()

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        assert access == 0x1000  # the least it needs: PROCESS_QUERY_LIMITED_INFORMATION
        if pid in self.denied:
            self.last_error = ERROR_ACCESS_DENIED
            return 0
        if self.processes.get(pid) is None:
            self.last_error = 87  # ERROR_INVALID_PARAMETER: no such process
            return 0
        self.open.add(pid)
        return pid

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:
        code._obj.value = self.processes[handle]
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.open.discard(handle)
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    kernel32 = FakeKernel32({100: STILL_ACTIVE, 200: 0}, denied=frozenset({300}))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: kernel32, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: kernel32.last_error, raising=False)
    monkeypatch.setattr(os, "kill", lambda pid, sig: pytest.fail("os.kill ends a process on Windows"))
    return kernel32


@pytest.mark.parametrize(
    ("pid", "alive"),
    [(100, True), (200, False), (400, False), (300, True)],
    ids=["running", "exited", "gone", "another user's"],
)
def test_a_process_is_asked_without_being_ended(windows: FakeKernel32, pid: int, alive: bool) -> None:
    assert locks._alive(pid) is alive
    assert windows.open == set()  # every handle it opened is closed


def write_lock(path: Path, pid: int) -> None:
    record = {"user": "tess", "host": socket.gethostname(), "pid": pid, "at": "2024-05-02T14:03:00+00:00"}
    locks.lock_path(path).write_text(json.dumps({**record, "token": "theirs"}), encoding="utf-8")


def test_a_crashed_windows_lock_is_taken_over_and_a_running_one_is_not(
    windows: FakeKernel32, tmp_path: Path
) -> None:
    study = tmp_path / "study.ictool"
    write_lock(study, 200)  # its window crashed
    taken = locks.acquire(study, "amira")
    assert isinstance(taken, locks.FileLock)
    taken.release()
    write_lock(study, 100)  # its window is still open
    holder = locks.acquire(study, "amira")
    assert isinstance(holder, locks.LockHolder) and holder.user == "tess"
