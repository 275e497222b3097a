"""Handing out every coder's package in one step, and merging an inbox file by file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.team.hand_out import hand_out, package_file_name
from ictool.core.team.merge import merge_each


def data_hash(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def code_first_value(path: Path, variable: str, value: object) -> None:
    with CoderPackage.open(path) as pkg:
        var = pkg.codebook.get(variable)
        assert var is not None
        coding.set_value(pkg, pkg.owner.uuid, pkg.documents()[0].uuid, var.uuid, value)  # type: ignore[arg-type]


def test_file_names_are_safe_everywhere() -> None:
    assert package_file_name("Amira") == "Amira.ictcoder"
    assert package_file_name('a/b:c*"d"') == "a_b_c__d_.ictcoder"
    assert package_file_name(" .. ") == "coder.ictcoder"
    assert package_file_name("Con") == "Con_.ictcoder"  # the console on Windows, not a file


def test_hand_out_writes_one_package_per_coder(populated_project: Project, tmp_path: Path) -> None:
    add_coders(populated_project, ["Late"])  # added after the assignment: nothing to hand out
    out = tmp_path / "out"
    out.mkdir()
    steps: list[tuple[int, int, str]] = []
    result = hand_out(populated_project, out, progress=lambda *a: steps.append(a))
    assert sorted(p.name for p in out.iterdir()) == ["Amira.ictcoder", "Jonas.ictcoder"]
    assert [w.coder for w in result.written] == ["Amira", "Jonas"] and result.without_documents == ["Late"]
    assert steps[-1] == (2, 2, "")
    with CoderPackage.open(out / "Jonas.ictcoder") as pkg:
        assert pkg.owner.name == "Jonas"


def test_hand_out_refuses_to_overwrite_and_writes_nothing(populated_project: Project, tmp_path: Path) -> None:
    (tmp_path / "Jonas.ictcoder").write_bytes(b"keep me")
    with pytest.raises(UserError) as refused:
        hand_out(populated_project, tmp_path)
    assert "Jonas.ictcoder: already exists" in refused.value.problems[0]
    assert not (tmp_path / "Amira.ictcoder").exists()
    assert (tmp_path / "Jonas.ictcoder").read_bytes() == b"keep me"


def test_merge_each_merges_the_good_and_refuses_the_bad_alone(
    populated_project: Project, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hand_out(populated_project, inbox)
    code_first_value(inbox / "Amira.ictcoder", "gender", 1)
    code_first_value(inbox / "Jonas.ictcoder", "gender", 2)
    (inbox / "x.ictcoder").write_bytes(b"\x00not a package at all" * 50)
    outcomes = merge_each(populated_project, sorted(inbox.iterdir()))
    by_name = {o.path.name: o for o in outcomes}
    assert by_name["x.ictcoder"].refused and by_name["x.ictcoder"].problems
    amira = by_name["Amira.ictcoder"].report
    assert amira is not None and amira.added == 1
    gender = populated_project.codebook.get("gender")
    assert gender is not None
    doc = populated_project.documents()[0].uuid
    assert coding.value(populated_project, populated_project.coder("Jonas").uuid, doc, gender.uuid) == 2

    before = data_hash(populated_project.path)
    again = merge_each(populated_project, sorted(inbox.iterdir()))
    assert [o.report.already_merged for o in again if o.report is not None] == [True, True]
    assert data_hash(populated_project.path) == before


def test_two_copies_of_one_package_are_both_refused(populated_project: Project, tmp_path: Path) -> None:
    hand_out(populated_project, tmp_path, coders=["Amira"])
    copy = tmp_path / "copy.ictcoder"
    copy.write_bytes((tmp_path / "Amira.ictcoder").read_bytes())
    code_first_value(copy, "gender", 1)
    before = data_hash(populated_project.path)
    outcomes = merge_each(populated_project, [tmp_path / "Amira.ictcoder", copy])
    assert all(o.refused and "copies of Amira's one package" in o.problems[0] for o in outcomes)
    assert data_hash(populated_project.path) == before


def test_activity_names_the_latest_hand_out_and_merge(populated_project: Project, tmp_path: Path) -> None:
    from ictool.core.team.progress import activity

    assert activity(populated_project) == {}
    hand_out(populated_project, tmp_path)
    code_first_value(tmp_path / "Amira.ictcoder", "gender", 1)
    merge_each(populated_project, [tmp_path / "Amira.ictcoder"])
    seen = activity(populated_project)
    amira, jonas = populated_project.coder("Amira").uuid, populated_project.coder("Jonas").uuid
    assert seen[amira].merged_file == "Amira.ictcoder" and seen[amira].merged_revision == 1
    assert seen[amira].issued_at is not None and seen[amira].merged_at is not None
    assert seen[jonas].issued_at is not None and seen[jonas].merged_at is None


def test_a_merge_stopped_half_way_changes_nothing(populated_project: Project, tmp_path: Path) -> None:
    hand_out(populated_project, tmp_path)
    code_first_value(tmp_path / "Amira.ictcoder", "gender", 1)
    code_first_value(tmp_path / "Jonas.ictcoder", "gender", 2)
    before = data_hash(populated_project.path)

    class Stop(Exception):
        pass

    def progress(done: int, total: int, message: str) -> None:
        if message == "Jonas.ictcoder":  # the second package of the apply phase: Amira's is written
            raise Stop

    with pytest.raises(Stop):
        merge_each(
            populated_project, [tmp_path / "Amira.ictcoder", tmp_path / "Jonas.ictcoder"], progress=progress
        )
    assert data_hash(populated_project.path) == before  # one transaction: Amira's package went too


def test_packages_read_side_by_side_are_read_as_alone(
    populated_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read_packages`` reads on threads: each file's state, or its refusal, as ``read_package`` gives it."""
    from ictool.core.team import returned

    monkeypatch.setattr(returned.os, "cpu_count", lambda: 4)  # threads even on a one-core runner
    hand_out(populated_project, tmp_path)
    code_first_value(tmp_path / "Amira.ictcoder", "gender", 1)
    bad = tmp_path / "x.ictcoder"
    bad.write_bytes(b"\x00not a package at all" * 50)
    paths = [tmp_path / "Jonas.ictcoder", bad, tmp_path / "Amira.ictcoder", tmp_path / "Jonas.ictcoder"]
    read = list(returned.read_packages(populated_project, paths))
    assert isinstance(read[1], UserError)
    with pytest.raises(UserError) as alone:
        returned.read_package(populated_project, bad)
    assert read[1].problems == alone.value.problems
    for path, state in zip(paths, read, strict=True):
        if path != bad:
            assert state == returned.read_package(populated_project, path)
    assert [s.coder_name for s in read if not isinstance(s, UserError)] == ["Jonas", "Amira", "Jonas"]


def test_an_encrypted_package_is_opened_first_then_read_beside_the_plain_ones(
    populated_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its passphrase is asked for on the calling thread; a file whose passphrase is not known is refused
    in its place, as reading it alone refuses it, and the others are read."""
    from ictool.core.store import cipher
    from ictool.core.store.files import encrypt_file
    from ictool.core.team import returned

    monkeypatch.setattr(returned.os, "cpu_count", lambda: 4)
    hand_out(populated_project, tmp_path)
    code_first_value(tmp_path / "Amira.ictcoder", "gender", 1)
    secret, unknown = tmp_path / "secret.ictcoder", tmp_path / "unknown.ictcoder"
    encrypt_file(tmp_path / "Amira.ictcoder", secret, "package passphrase")
    encrypt_file(tmp_path / "Jonas.ictcoder", unknown, "another passphrase")
    cipher.forget(secret)
    cipher.forget(unknown)
    asked: list[str] = []

    def source(path: Path, new: bool) -> str | None:
        asked.append(path.name)
        return "package passphrase" if path == secret else None

    cipher.set_passphrase_source(source)
    try:
        read = list(returned.read_packages(populated_project, [unknown, tmp_path / "Jonas.ictcoder", secret]))
        assert asked == ["unknown.ictcoder", "secret.ictcoder"]  # in the order given, once each
        assert isinstance(read[0], UserError) and "passphrase" in read[0].problems[0]
        plain = returned.read_package(populated_project, tmp_path / "Amira.ictcoder")
        assert not isinstance(read[2], UserError)
        assert read[2].values == plain.values and read[2].codings == plain.codings
        assert read[2].lineage == plain.lineage and read[2].coder_name == "Amira"
        assert read[1] == returned.read_package(populated_project, tmp_path / "Jonas.ictcoder")
    finally:
        cipher.set_passphrase_source(None)
        cipher.forget(secret)


def test_the_audit_of_a_merge_is_the_same_whatever_the_hash_seed(
    populated_project: Project, tmp_path: Path
) -> None:
    """Quotes added and removed are audited in the order they are read, not a set's (which followed
    Python's string-hash seed): the same merge leaves the same trail in every run."""
    import shutil
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    written = hand_out(populated_project, out).written[0]
    populated_project.close()
    with CoderPackage.open(written.path) as pkg:
        doc = pkg.documents()[0]
        variables = [v for v in pkg.codebook if v.scored][:3]
        for i, var in enumerate(variables):
            for start in range(0, 40, 8):
                coding.add_evidence(pkg, pkg.owner.uuid, doc.uuid, var.uuid, start + i, start + i + 5)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ictool.core.project import Project\n"
        "from ictool.core.store import audit_repo\n"
        "from ictool.core.team.merge import merge_packages\n"
        "with Project.open(Path(sys.argv[1]), actor='lead') as p:\n"
        "    merge_packages(p, [Path(sys.argv[2])])\n"
        "    for e in audit_repo.entries(p.db):\n"
        "        print(e.action, e.document_uuid, e.variable_uuid, e.old, e.new)\n"
    )
    trails = []
    for seed in ("1", "2", "3"):
        copy = tmp_path / f"project-{seed}.ictool"
        shutil.copy(populated_project.path, copy)
        run = subprocess.run(
            [sys.executable, "-c", code, str(copy), str(written.path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trails.append(run.stdout)
    assert trails[0].count("merge evidence added") == 15
    assert trails[0] == trails[1] == trails[2]
