"""A team of three from codebook to merged project, entirely through the ``ictool`` command."""

from __future__ import annotations

import csv
import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.project import CoderPackage, Project
from tests.e2e.conftest import Cli

CODEBOOK = """name,label,level,choices,group,description,missing,multiple,min,max
gender,Gender,nominal,"1, Woman | 2, Man | 9, Not mentioned",Demographics,,9,,,
age_join,Age at joining,ratio,,Demographics,,999,,10,80
role,Role,nominal,"1, Fighter | 2, Logistics | 3, Recruiter | 4, Media",Roles,,,,,
motives,Motivations,nominal,"1, Ideology | 2, Belonging | 3, Money",Motivations,,,yes,,
disillusion,Disillusionment,ordinal,"1, None | 2, Slight | 3, Strong",Exit,,,,,
quote,Notable quote,text,,Exit,,,,,
"""
CODERS = ["Amira", "Jonas", "Lena"]


def data_hash(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def random_row(rng: random.Random, doc: str) -> dict[str, str]:
    motives = rng.sample(["1", "2", "3", "Money", "Ideology"], rng.randint(0, 2))
    return {
        "document": doc,
        "gender": rng.choice(["1", "2", "9", "Woman", "2.0"]),
        "age_join": rng.choice([str(rng.randint(14, 40)), "999", ""]),
        "role": rng.choice(["1", "2", "3", "Media", "01"]),
        "motives": "|".join(motives) if motives else "[]",
        "disillusion": rng.choice(["1", "2", "3", "Strong", ""]),
        "quote": rng.choice(["", '=HYPERLINK("x")', "I left because of the lies — كذب"]),
    }


EXPECTED_CODE = {"Woman": 1, "2.0": 2, "Media": 4, "01": 1, "Strong": 3, "Money": 3, "Ideology": 1}


def expected_value(name: str, raw: str) -> object:
    if raw == "":
        return None
    if name == "motives":
        if raw == "[]":
            return ()
        codes = {EXPECTED_CODE.get(t) or int(t) for t in raw.split("|")}
        return tuple(sorted(codes))
    if name == "quote":
        return raw
    if raw in EXPECTED_CODE:
        return EXPECTED_CODE[raw]
    return int(float(raw))


@pytest.fixture
def team(cli: Cli, tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    docs = tmp_path / "transcripts"
    docs.mkdir()
    for i in range(1, 11):
        (docs / f"INT-{i:03d}.txt").write_text(f"I: Question {i}?\nR: Answer {i}.\n", encoding="utf-8")
    project = tmp_path / "study.ictool"
    steps = [
        ("--as", "Lead", "new", project, "--codebook", tmp_path / "codebook.csv", "--title", "Team study"),
        ("--as", "Lead", "import-docs", project, docs),
        ("--as", "Lead", "coders", "add", project, *CODERS),
        ("--as", "Lead", "assign", project, "--overlap", "0.5", "--seed", "11"),
    ]
    for step in steps:
        result = cli(*step)
        assert result.returncode == 0, (step, result.stderr)
    packages = {}
    for name in CODERS:
        out = tmp_path / f"{name.lower()}.ictcoder"
        result = cli("--as", "Lead", "package", project, "--coder", name, "-o", out)
        assert result.returncode == 0, result.stderr
        packages[name] = out
    return {"project": project, **packages}


def test_team_flow_values_arrive_one_by_one(cli: Cli, tmp_path: Path, team: dict[str, Path]) -> None:
    rng = random.Random(5)
    project = team["project"]
    expected: dict[tuple[str, str, str], object] = {}
    for name in CODERS:
        with CoderPackage.open(team[name], readonly=True) as pkg:
            doc_ids = [d.doc_id for d in pkg.documents()]
        rows = [random_row(rng, doc) for doc in doc_ids]
        sheet = tmp_path / f"{name}.csv"
        with sheet.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        result = cli("import-codes", team[name], sheet)
        assert result.returncode == 0, result.stderr
        for row in rows:
            for var, raw in row.items():
                if var != "document":
                    expected[(name, row["document"], var)] = expected_value(var, raw)
    result = cli("--as", "Lead", "merge", project, *(team[n] for n in CODERS))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("codings added") == 3
    with Project.open(project, readonly=True) as p:
        names = {v.uuid: v.name for v in p.codebook}
        got = {(r.coder, r.document, names[r.variable_uuid]): r.value for r in coding.all_values(p)}
    for key, value in expected.items():
        assert got.get(key) == value, key
    assert set(got) == {k for k, v in expected.items() if v is not None}
    info = cli("info", project)
    assert info.returncode == 0
    for name in CODERS:
        assert name in info.stdout
    # overlap 0.5 of 10 documents: 5 shared + the other 5 dealt out, so 6 or 7 each
    with Project.open(project, readonly=True) as p:
        counts = sorted(len(p.assigned_documents(c.uuid)) for c in p.coders())
    assert sum(counts) == 5 * 3 + 5 and counts[0] >= 6 and counts[-1] <= 7


def test_every_table_of_a_package_is_blind(team: dict[str, Path]) -> None:
    with Project.open(team["project"], readonly=True) as p:
        others = {c.uuid for c in p.coders() if c.name != "Amira"}
        other_names = {c.name for c in p.coders() if c.name != "Amira"}
    conn = sqlite3.connect(team["Amira"])
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in conn.execute(f'SELECT * FROM "{table}"'):
            cells = {str(c) for c in row}
            assert not cells & others, table
            assert not cells & other_names, table
    conn.close()
    raw = team["Amira"].read_bytes()
    for uuid in others:
        assert uuid.encode() not in raw


def test_second_merge_changes_nothing(cli: Cli, team: dict[str, Path]) -> None:
    project = team["project"]
    assert cli("merge", project, team["Jonas"]).returncode == 0
    before = data_hash(project)
    again = cli("merge", project, team["Jonas"])
    assert again.returncode == 0
    assert "already merged" in again.stdout
    assert data_hash(project) == before


def test_bad_packages_refused_project_unchanged(cli: Cli, tmp_path: Path, team: dict[str, Path]) -> None:
    project = team["project"]
    before = data_hash(project)
    truncated = tmp_path / "cut.ictcoder"
    truncated.write_bytes(team["Lena"].read_bytes()[:3000])
    foreign_db = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign_db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    empty = tmp_path / "empty.ictcoder"
    empty.write_bytes(b"")
    for bad, message in [
        (project, "project file, not a coder package"),
        (truncated, "truncated|damaged"),
        (foreign_db, "not an ictool file"),
        (empty, "empty"),
    ]:
        result = cli("merge", project, bad)
        assert result.returncode == 2, bad
        assert result.stderr.startswith("error: ")
        import re

        assert re.search(message, result.stderr), result.stderr
        assert "Traceback" not in result.stderr
        assert data_hash(project) == before


def test_older_package_revision_refused(cli: Cli, tmp_path: Path, team: dict[str, Path]) -> None:
    pkg = team["Amira"]
    with CoderPackage.open(pkg) as p:
        me, doc = p.owner, p.documents()[0]
        coding.set_value(p, me.uuid, doc.uuid, p.codebook.get("role").uuid, 2)  # type: ignore[union-attr]
    old = tmp_path / "amira-old.ictcoder"
    old.write_bytes(pkg.read_bytes())
    with CoderPackage.open(pkg) as p:
        coding.set_value(p, me.uuid, doc.uuid, p.codebook.get("role").uuid, 3)  # type: ignore[union-attr]
    assert cli("merge", team["project"], pkg).returncode == 0
    before = data_hash(team["project"])
    result = cli("merge", team["project"], old)
    assert result.returncode == 2 and "older than revision" in result.stderr
    assert data_hash(team["project"]) == before
