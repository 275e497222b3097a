"""The foundation commands through a real subprocess: exit codes, messages, files left untouched."""

from __future__ import annotations

import ast
import hashlib
import json
import platform
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ictool import __version__
from ictool.cli.main import COMMAND_MODULES, build_parser
from ictool.core.codebook.sheet import read_codebook
from ictool.core.project import Project
from ictool.core.store import audit_repo
from tests.e2e.conftest import ROOT, Cli

CODEBOOK_CSV = """name,label,level,choices,group,description,missing,multiple,min,max
gender,Gender,nominal,"1, Woman | 2, Man | 9, Not mentioned",Demographics,Stated gender,9,,,
age_join,Age at joining,ratio,,Demographics,Age in years,999,,10,80
motives,Motivations,nominal,"1, Ideology | 2, Belonging | 3, Money",Motivations,All that apply,,yes,,
memo,Notable quote,text,,Notes,,,,,
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text


@pytest.fixture
def codebook_csv(tmp_path: Path) -> Path:
    path = tmp_path / "codebook.csv"
    path.write_text(CODEBOOK_CSV, encoding="utf-8")
    return path


@pytest.fixture
def transcripts(tmp_path: Path) -> Path:
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "INT-001.txt").write_text("I: Hello.\nR: Hello.\n", encoding="utf-8")
    (folder / "INT-002.md").write_text("# Second interview\n\nR: مرحبا\n", encoding="utf-8")
    (folder / "INT-003.txt").write_bytes("R: caf\xe9 \x93quoted\x94\r\n".encode("latin-1"))
    return folder


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ictool {__version__}"


def test_version_verbose_names_what_a_bug_report_needs(cli: Cli) -> None:
    result = cli("--version", "--verbose")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == f"ictool {__version__}"
    found = dict(line.split(": ", 1) for line in lines[1:])
    for name in (
        "Python",
        "Qt",
        "PySide6",
        "numpy",
        "pandas",
        "openpyxl",
        "sqlite-utils",
        "python-docx",
        "pyreadstat",
    ):
        assert found[name][0].isdigit(), (name, found[name])
    assert found["SQLite"] == sqlite3.sqlite_version
    assert found["Python"].startswith(platform.python_version())


def imported_after(commands: list[list[str]], modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh Python has imported once it has run ``commands`` (each a list of
    arguments to ``ictool``, its output swallowed)."""
    code = (
        "import sys, contextlib, io\n"
        "from ictool.cli.main import main\n"
        f"for argv in {commands!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        assert main(argv) == 0\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    )
    return ast.literal_eval(result.stdout.strip())  # type: ignore[no-any-return]


def test_plain_version_imports_neither_qt_nor_pandas() -> None:
    """Nor the storage and array libraries: ``--version`` and ``--help`` start within 5x a bare Python."""
    heavy = ("PySide6", "pandas", "openpyxl", "sqlite_utils", "numpy")
    assert imported_after([["--version"], ["--help"]], heavy) == []


def test_verbose_without_version_is_refused(cli: Cli) -> None:
    result = cli("--verbose")
    assert result.returncode == 2
    assert "--verbose goes with --version" in result.stderr


def test_every_command_has_help_and_is_in_the_readme(cli: Cli) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    names = list(sub.choices)  # type: ignore[attr-defined]
    assert len(names) == len(COMMAND_MODULES)
    for name in names:
        result = cli(name, "--help")
        assert result.returncode == 0, name
        assert "usage:" in result.stdout
        assert re.search(rf"ictool {re.escape(name)}\b", readme), f"README does not show 'ictool {name}'"


def test_new_import_info_export_round_trip(
    cli: Cli, tmp_path: Path, codebook_csv: Path, transcripts: Path
) -> None:
    project = tmp_path / "study.ictool"
    result = cli("new", project, "--codebook", codebook_csv, "--title", "Exit study")
    assert result.returncode == 0, result.stderr
    assert "4 variables" in result.stdout
    result = cli("import-docs", project, transcripts)
    assert result.returncode == 0, result.stderr
    assert "imported 3 documents" in result.stdout
    result = cli("info", project)
    assert result.returncode == 0
    assert "Exit study" in result.stdout and "documents     3" in result.stdout
    assert "characters  done  rounds" not in result.stdout  # the list only when asked for
    ids = sorted(p.stem for p in transcripts.iterdir())
    assert cli("rounds", "add", project, "pilot", ids[0]).returncode == 0
    result = cli("info", project, "--documents")
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split("characters  done  rounds\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == ids  # the ids other commands take, in order
    assert listed[0].endswith("0/0  pilot") and listed[1].endswith("0/0")
    data = json.loads(cli("info", project, "--documents", "--json").stdout)
    assert [d["doc_id"] for d in data["document_list"]] == ids
    assert data["document_list"][0]["rounds"] == ["pilot"] and data["document_list"][1]["rounds"] == []
    out = tmp_path / "back.xlsx"
    result = cli("codebook", "export", project, "-o", out)
    assert result.returncode == 0, result.stderr
    assert read_codebook(out) == read_codebook(codebook_csv)


def test_bad_codebook_lists_every_problem_and_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        'name,level,choices\n1st,nominal,"1, a | 2, b"\nrole,nominal,"1, a | 1, b"\nrole,weird,\n',
        encoding="utf-8",
    )
    project = tmp_path / "p.ictool"
    result = cli("new", project, "--codebook", bad)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) >= 4, result.stderr
    assert all("bad.csv" in line for line in errors)
    assert any("row 2" in line for line in errors) and any("row 4" in line for line in errors)
    assert no_traceback(result.stderr)
    assert not project.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_import_docs_is_all_or_nothing(
    cli: Cli, tmp_path: Path, codebook_csv: Path, transcripts: Path
) -> None:
    project = tmp_path / "study.ictool"
    assert cli("new", project, "--codebook", codebook_csv).returncode == 0
    (transcripts / "empty.txt").write_bytes(b"")
    (transcripts / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    before = sha(project)
    result = cli("import-docs", project, transcripts)
    assert result.returncode == 2
    assert "empty.txt" in result.stderr and "image.txt" in result.stderr
    assert no_traceback(result.stderr)
    assert sha(project) == before
    result = cli("import-docs", project, transcripts, "--skip-bad")
    assert result.returncode == 0
    assert "imported 3 documents" in result.stdout
    assert "refused: " in result.stderr and "empty.txt" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"just some text\n" * 10, "not a SQLite database"), (None, "no such file")],
)
def test_info_on_foreign_files(cli: Cli, tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "thing.ictool"
    if content is not None:
        path.write_bytes(content)
        before = sha(path)
    result = cli("info", path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and expected in result.stderr
    assert str(path) in result.stderr
    assert no_traceback(result.stderr)
    if content is not None:
        assert sha(path) == before
    else:
        assert not path.exists()


def test_gui_without_display_says_so(cli: Cli) -> None:
    result = cli("gui", env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert no_traceback(result.stderr)


def test_demo_builds_and_reopens(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", "--dir", tmp_path, "--no-gui")
    assert result.returncode == 0, result.stderr
    assert "built the demo project" in result.stdout
    assert "coders        3" in result.stdout
    demo = tmp_path / "demo-project.ictool"
    before = sha(demo)
    again = cli("demo", "--dir", tmp_path, "--no-gui")
    assert again.returncode == 0
    assert "opening the existing demo project" in again.stdout
    assert sha(demo) == before


def test_demo_without_display_falls_back_to_summary(cli: Cli, tmp_path: Path) -> None:
    result = cli("demo", "--dir", tmp_path, env={"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""})
    assert result.returncode == 0, result.stderr
    assert "no display is available" in result.stderr
    assert "documents" in result.stdout


def test_actor_is_recorded(cli: Cli, tmp_path: Path, codebook_csv: Path) -> None:
    project = tmp_path / "study.ictool"
    assert cli("--as", "Dr Lead", "new", project, "--codebook", codebook_csv).returncode == 0
    assert cli("--as", "Dr Lead", "coders", "add", project, "Amira").returncode == 0
    import sqlite3

    conn = sqlite3.connect(project)
    actors = {r[0] for r in conn.execute("SELECT actor FROM audit")}
    conn.close()
    assert actors == {"Dr Lead"}


def test_as_works_after_the_command_and_every_command_lists_it(
    cli: Cli, tmp_path: Path, codebook_csv: Path
) -> None:
    project = tmp_path / "study.ictool"
    assert cli("new", project, "--codebook", codebook_csv).returncode == 0
    result = cli("coders", "add", project, "Zed", "--as", "Boss")
    assert result.returncode == 0, result.stderr
    assert cli("--as", "Other", "coders", "add", project, "Yan").returncode == 0
    with Project.open(project, readonly=True) as p:
        actors = [(e.action, e.actor) for e in audit_repo.entries(p.db) if e.action == "add coder"]
    assert actors == [("add coder", "Boss"), ("add coder", "Other")]
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:  # type: ignore[attr-defined]
        if name in ("codebook", "coders", "rounds", "passphrase"):
            continue  # their sub-commands are checked below
        assert "--as NAME" in cli(name, "--help").stdout, name
    for pair in (
        ("codebook", "export"),
        ("codebook", "update"),
        ("coders", "add"),
        ("coders", "list"),
        *(("rounds", action) for action in ("add", "list", "reference", "rule", "retest")),
        ("passphrase", "change"),
    ):
        assert "--as NAME" in cli(*pair, "--help").stdout, pair


def test_bootstrap_progress_written_to_a_file_is_a_line_a_tenth(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Redirected stderr gets a line at each tenth, not a thousand carriage-return updates."""
    from ictool.cli import display

    clock = iter([0.0, *[5.0] * 1000])
    monkeypatch.setattr(display.time, "monotonic", lambda: next(clock))
    report = display.progress_printer("replicates")
    for done in range(1, 1001):
        report(done, 1000)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "bootstrap: 1/1000 replicates" and lines[-1] == "bootstrap: 1000/1000 replicates"
    assert len(lines) == 11 and "\r" not in "".join(lines)


def test_report_imports_only_what_it_computes_with(tmp_path: Path) -> None:
    """A report reads and computes: sqlite-utils (migrations only), pandas, openpyxl, Qt and numpy.ma
    were each a slice of its start, and none of them is needed to read a file of this version."""
    from tests.gui.lead_reliability_data import build_project

    project = build_project(tmp_path / "small.ictool", documents=6, variables=8)
    heavy = ("PySide6", "pandas", "openpyxl", "sqlite_utils", "numpy.ma")
    assert imported_after([["report", str(project), "--json"]], heavy) == []


def test_the_disagreement_queue_is_listed_without_the_statistics(tmp_path: Path) -> None:
    """Listing disagreements compares values and reads resolutions: numpy and the statistics (half the
    command's time on the demo) came in only through a type the export module names for its sheets."""
    from tests.gui.lead_reliability_data import build_project

    project = str(build_project(tmp_path / "small.ictool", documents=6, variables=8))
    heavy = ("PySide6", "pandas", "openpyxl", "sqlite_utils", "numpy")
    for output in ([], ["--json"], ["--csv"]):
        assert imported_after([["disagreements", project, *output]], heavy) == [], output
