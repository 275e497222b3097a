"""One writer per file, and changes that never write over a newer value (issue 17, items 5 and 14).

``open_for_work`` is how the desktop app opens a file: writable only when no other window or process
holds it, the file and folder can be written, and a backup copy was taken; else read-only, saying why.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import StorageError
from ictool.core.project import Project, open_for_work
from ictool.core.records import Status
from ictool.core.store import locks


@pytest.fixture
def study(populated_project: Project) -> Path:
    path = populated_project.path
    populated_project.close()
    return path


def test_the_first_window_holds_the_file_and_the_second_opens_read_only(study: Path) -> None:
    first = open_for_work(study, actor="amira")
    assert not first.readonly and first.readonly_reason is None
    record = json.loads(locks.lock_path(study).read_text(encoding="utf-8"))
    assert record["user"] == "amira" and record["pid"] == os.getpid()
    assert record["host"] == socket.gethostname() and record["at"]
    second = open_for_work(study, actor="amira")
    assert second.readonly
    assert second.readonly_reason is not None
    assert "open for work by amira on this computer since" in second.readonly_reason
    second.close()
    assert locks.lock_path(study).exists()  # the read-only one never held it
    first.close()
    assert not locks.lock_path(study).exists()
    with open_for_work(study, actor="jonas") as third:
        assert not third.readonly


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    return int(done.stdout)


def write_record(study: Path, **fields: object) -> None:
    record = {
        "user": "jonas",
        "host": socket.gethostname(),
        "pid": dead_pid(),
        "at": "2024-05-02T12:03:00+00:00",
    }
    record.update(fields)
    locks.lock_path(study).write_text(json.dumps(record), encoding="utf-8")


def test_a_lock_left_by_a_crashed_window_on_this_computer_is_replaced(study: Path) -> None:
    write_record(study)
    with open_for_work(study, actor="amira") as file:
        assert not file.readonly
        assert json.loads(locks.lock_path(study).read_text(encoding="utf-8"))["user"] == "amira"


def test_a_lock_from_another_computer_is_respected_and_explained(study: Path) -> None:
    write_record(study, host="field-laptop-3")
    with open_for_work(study, actor="amira") as file:
        assert file.readonly
        reason = file.readonly_reason or ""
        assert "jonas on field-laptop-3 since" in reason and f"delete {study.name}.lock" in reason


def test_a_second_process_is_a_second_writer_until_it_dies(study: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from ictool.core.project import open_for_work
                f = open_for_work({str(study)!r}, actor="jonas")
                print("writable" if not f.readonly else "read-only", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "writable"
        with open_for_work(study, actor="amira") as file:
            assert file.readonly and "jonas on this computer" in (file.readonly_reason or "")
    finally:
        holder.kill()  # a crash: the lock record stays behind
        holder.wait()
    assert locks.lock_path(study).exists()
    with open_for_work(study, actor="amira") as file:
        assert not file.readonly


def test_an_undo_never_writes_over_a_newer_value(populated_project: Project) -> None:
    p = populated_project
    amira = p.coder("Amira")
    doc = p.documents()[0]
    gender = p.codebook.get("gender")
    assert gender is not None
    coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, 1)
    coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, 2)  # "elsewhere", after the window's 1
    with pytest.raises(coding.ChangedElsewhere, match="changed elsewhere since \\(it is now ‘Man’\\)"):
        coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, None, expected=1)  # the window's undo
    assert coding.value(p, amira.uuid, doc.uuid, gender.uuid) == 2
    assert coding.set_value(p, amira.uuid, doc.uuid, gender.uuid, None, expected=2)
    coding.set_memo(p, amira.uuid, doc.uuid, "newer")
    with pytest.raises(coding.ChangedElsewhere, match="The memo"):
        coding.set_memo(p, amira.uuid, doc.uuid, "", expected="older")
    assert coding.memo(p, amira.uuid, doc.uuid) == "newer"
    coding.set_status(p, amira.uuid, doc.uuid, Status.DONE)
    with pytest.raises(coding.ChangedElsewhere, match="status"):
        coding.set_status(p, amira.uuid, doc.uuid, Status.NOT_STARTED, expected=Status.IN_PROGRESS)
    assert coding.status(p, amira.uuid, doc.uuid) is Status.DONE


# -- 14. read-only when it must be -----------------------------------------------------------------


def test_a_file_marked_read_only_opens_read_only(study: Path) -> None:
    study.chmod(0o444)
    try:
        with open_for_work(study, actor="amira") as file:
            assert file.readonly and file.readonly_reason == "the file is marked read-only"
        assert not locks.lock_path(study).exists()
    finally:
        study.chmod(0o644)


def test_a_folder_that_cannot_be_written_opens_read_only(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == study.parent else real(p, mode))
    with open_for_work(study, actor="amira") as file:
        assert file.readonly and "folder cannot be written" in (file.readonly_reason or "")


def test_a_folder_refusing_the_lock_record_opens_read_only(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(locks, "_create", refuse)
    with open_for_work(study, actor="amira") as file:
        assert file.readonly and "Read-only file system" in (file.readonly_reason or "")


def test_a_disk_too_full_for_a_backup_opens_read_only_and_lets_go(
    study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> Path:
        raise StorageError(f"{study}.backups/x.bak: could not write a backup copy (database or disk is full)")

    monkeypatch.setattr("ictool.core.project.make_backup", full)
    with open_for_work(study, actor="amira") as file:
        assert file.readonly
        assert "no backup copy could be written" in (file.readonly_reason or "")
        assert "disk is full" in (file.readonly_reason or "")
        assert not locks.lock_path(study).exists()


def test_a_file_deleted_while_open_takes_no_more_writes_and_can_be_written_back(study: Path) -> None:
    with open_for_work(study, actor="amira") as file:
        amira = file.coder("Amira")
        doc = file.documents()[0]
        gender = file.codebook.get("gender")
        assert gender is not None
        coding.set_value(file, amira.uuid, doc.uuid, gender.uuid, 1)
        study.unlink()
        assert "no longer there" in (file.vanished() or "")
        with pytest.raises(StorageError, match="no longer there"):
            coding.set_value(file, amira.uuid, doc.uuid, gender.uuid, 2)
        assert file.write_back() == study and file.reconnect() and file.vanished() is None
        coding.set_value(file, amira.uuid, doc.uuid, gender.uuid, 2)
    with Project.open(study) as again:
        assert coding.value(again, again.coder("Amira").uuid, doc.uuid, gender.uuid) == 2


def test_reconnect_refuses_another_file_at_the_same_path(study: Path, tmp_path: Path, codebook) -> None:  # type: ignore[no-untyped-def]
    with open_for_work(study, actor="amira") as file:
        study.unlink()
        Project.create(study, codebook, title="Another study").close()
        assert "replaced" in (file.vanished() or "")
        assert not file.reconnect()


def test_the_same_quote_cannot_be_attached_twice_to_a_variable(populated_project: Project) -> None:
    from ictool.core.errors import ValidationError

    p = populated_project
    amira = p.coder("Amira")
    doc = p.documents()[0]
    gender, age = p.codebook.get("gender"), p.codebook.get("age_join")
    assert gender is not None and age is not None
    coding.add_evidence(p, amira.uuid, doc.uuid, gender.uuid, 3, 12)
    with pytest.raises(ValidationError, match="already attached as evidence for ‘Gender’"):
        coding.add_evidence(p, amira.uuid, doc.uuid, gender.uuid, 3, 12)
    coding.add_evidence(p, amira.uuid, doc.uuid, age.uuid, 3, 12)  # for another variable: fine
    coding.add_evidence(p, amira.uuid, doc.uuid, gender.uuid, 3, 13)  # another span: fine
    assert len(coding.evidence(p, amira.uuid, doc.uuid)) == 3
