"""Encrypted projects and packages through the ``ictool`` command (issue 15): a study run twice, plain
and encrypted, gives the same report; nothing ictool wrote is readable; a wrong or missing passphrase
is one ``error:`` line and leaves every file as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, Cli

CODEBOOK = """name,label,level,choices,group,description,missing,multiple,min,max
gender,Gender,nominal,"1, Woman | 2, Man | 9, Not mentioned",Demographics,,9,,,
age_join,Age at joining,ratio,,Demographics,,999,,10,80
motives,Motivations,nominal,"1, Ideology | 2, Belonging | 3, Money",Motivations,,,yes,,
quote,Notable quote,text,,Exit,,,,,
"""
CODERS = ("Zephyrine", "Quillon")
TRANSCRIPT = "Vertraulichkeitsgeschichte"  # a word that occurs nowhere but in the transcripts
QUOTE = "Unverwechselbarzitat"  # a coder's text value
SHEETS = {
    "Zephyrine": "document,gender,age_join,motives,quote\nINT-001,1,23,1|2,{q}\nINT-002,2,31,3,\n"
    "INT-003,9,999,[],\nINT-004,1,40,2,\n",
    "Quillon": "document,gender,age_join,motives,quote\nINT-001,1,25,1,{q}\nINT-002,2,31,3|1,\n"
    "INT-003,1,999,[],\nINT-004,2,41,2,\n",
}
PASS = "correct horse battery staple"


def study(cli: Cli, folder: Path, *, encrypted: bool) -> dict[str, Path]:
    """The same study, every step through the command; encrypted: the project and Zephyrine's package
    (Quillon's package stays plain, so both kinds merge into the one project)."""
    folder.mkdir()
    (folder / "codebook.csv").write_text(CODEBOOK, encoding="utf-8")
    docs = folder / "transcripts"
    docs.mkdir()
    for i in range(1, 5):
        (docs / f"INT-{i:03d}.txt").write_text(
            f"I: Question {i}?\nR: {TRANSCRIPT} number {i}.\n", encoding="utf-8"
        )
    project = folder / "study.ictool"
    env = {"ICTOOL_PASSPHRASE": PASS} if encrypted else {}
    new = ["--as", "Lead", "new", project, "--codebook", folder / "codebook.csv"]
    steps: list[list[str | Path]] = [
        [*new, "--encrypt"] if encrypted else new,
        ["--as", "Lead", "import-docs", project, docs],
        ["--as", "Lead", "coders", "add", project, *CODERS],
        ["--as", "Lead", "assign", project, "--overlap", "1"],
    ]
    for step in steps:
        result = cli(*step, env=env)
        assert result.returncode == 0, (step, result.stderr)
    files = {"project": project}
    for n, name in enumerate(CODERS):
        package = folder / f"package{n}.ictcoder"
        step = ["--as", "Lead", "package", project, "--coder", name, "-o", package]
        # ICTOOL_PASSPHRASE is one passphrase for every file of the command (the project's and the new
        # package's); at a terminal each is asked for apart (a package's own: tests/core/test_encryption)
        encrypt = ["--encrypt"] if encrypted and n == 0 else []
        result = cli(*step, *encrypt, env=env)
        assert result.returncode == 0, result.stderr
        files[name] = package
    return files


def code_and_merge(cli: Cli, folder: Path, files: dict[str, Path], *, encrypted: bool) -> None:
    for n, name in enumerate(CODERS):
        sheet = folder / f"{n}.csv"
        sheet.write_text(SHEETS[name].format(q=QUOTE), encoding="utf-8")
        env = {"ICTOOL_PASSPHRASE": PASS} if encrypted and n == 0 else {}
        result = cli("import-codes", files[name], sheet, env=env)
        assert result.returncode == 0, result.stderr
        sheet.unlink()
    result = cli(
        "--as", "Lead", "merge", files["project"], *(files[n] for n in CODERS),
        env={"ICTOOL_PASSPHRASE": PASS} if encrypted else {},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def report(cli: Cli, project: Path, env: dict[str, str]) -> dict[str, object]:
    result = cli("report", project, "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    for volatile in ("project", "file", "path", "generated_at", "project_uuid"):
        data.pop(volatile, None)
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def studies(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, Path]]:
    from tests.e2e.conftest import run_cli

    base = tmp_path_factory.mktemp("encryption")
    plain = study(run_cli, base / "plain", encrypted=False)
    code_and_merge(run_cli, base / "plain", plain, encrypted=False)
    encrypted = study(run_cli, base / "encrypted", encrypted=True)
    code_and_merge(run_cli, base / "encrypted", encrypted, encrypted=True)
    return plain, encrypted


def test_the_encrypted_study_reports_what_the_plain_one_does(
    cli: Cli, studies: tuple[dict[str, Path], dict[str, Path]]
) -> None:
    plain, encrypted = studies
    got = report(cli, encrypted["project"], {"ICTOOL_PASSPHRASE": PASS})
    assert got == report(cli, plain["project"], {})
    info = cli("info", encrypted["project"], env={"ICTOOL_PASSPHRASE": PASS})
    assert info.returncode == 0 and all(name in info.stdout for name in CODERS)


def test_nothing_ictool_wrote_is_readable(studies: tuple[dict[str, Path], dict[str, Path]]) -> None:
    plain, encrypted = studies
    secrets = [TRANSCRIPT, QUOTE, *CODERS, "Notable quote", "Motivations"]
    folder = encrypted["project"].parent
    written = [
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in (".txt", ".csv") and p.name != "package1.ictcoder"
    ]
    names = {p.name for p in written}
    assert {"study.ictool", "package0.ictcoder"} <= names
    assert any(p.parent.name == "study.ictool.backups" for p in written)  # the backup before the merge
    for path in written:
        raw = path.read_bytes()
        assert not raw.startswith(b"SQLite format 3"), path
        for secret in secrets:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                assert encoded not in raw, (path, secret)
    # the check itself finds the words where they are stored in plain
    plain_raw = plain["project"].read_bytes()
    assert TRANSCRIPT.encode() in plain_raw and QUOTE.encode() in plain_raw


@pytest.mark.parametrize(
    "command",
    [
        ["info", "{project}"],
        ["report", "{project}"],
        ["merge", "{project}", "{package}"],
        ["export", "{project}", "-o", "{out}"],
        ["disagreements", "{project}"],
        ["decrypt", "{project}", "-o", "{out_plain}"],
        ["passphrase", "change", "{project}"],
    ],
)
@pytest.mark.parametrize("passphrase", ["wrong passphrase", None])
def test_a_wrong_or_missing_passphrase_changes_nothing(
    cli: Cli,
    studies: tuple[dict[str, Path], dict[str, Path]],
    tmp_path: Path,
    command: list[str],
    passphrase: str | None,
) -> None:
    _, encrypted = studies
    folder = encrypted["project"].parent
    before = snapshot(folder)
    values = {
        "project": encrypted["project"],
        "package": encrypted["Zephyrine"],
        "out": tmp_path / "out.csv",
        "out_plain": tmp_path / "plain.ictool",
    }
    args = [part.format(**values) for part in command]
    env = {k: v for k, v in os.environ.items() if k != "ICTOOL_PASSPHRASE"}
    if passphrase is not None:
        env["ICTOOL_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, "-m", "ictool.cli.main", *args],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    expected = "does not open it" if passphrase is not None else "needs its passphrase"
    assert expected in lines[0]
    assert snapshot(folder) == before
    assert list(tmp_path.iterdir()) == []


def test_encrypt_decrypt_and_change_the_passphrase(
    cli: Cli, studies: tuple[dict[str, Path], dict[str, Path]], tmp_path: Path
) -> None:
    plain, encrypted = studies
    expected = report(cli, plain["project"], {})
    original = encrypted["project"].read_bytes()
    decrypted = tmp_path / "decrypted.ictool"
    result = cli("decrypt", encrypted["project"], "-o", decrypted, env={"ICTOOL_PASSPHRASE": PASS})
    assert result.returncode == 0, result.stderr
    assert decrypted.read_bytes().startswith(b"SQLite format 3\x00")
    assert encrypted["project"].read_bytes() == original
    assert report(cli, decrypted, {}) == expected
    again = tmp_path / "again.ictool"
    result = cli("encrypt", decrypted, "-o", again, env={"ICTOOL_PASSPHRASE": "second passphrase"})
    assert result.returncode == 0, result.stderr
    assert "lost passphrase" in result.stdout.lower()
    assert report(cli, again, {"ICTOOL_PASSPHRASE": "second passphrase"}) == expected
    current = tmp_path / "current.pass"
    current.write_text("second passphrase\n", encoding="utf-8")
    result = cli(
        "passphrase",
        "change",
        again,
        "--passphrase-file",
        current,
        env={"ICTOOL_PASSPHRASE": "third passphrase"},
    )
    assert result.returncode == 0, result.stderr
    assert report(cli, again, {"ICTOOL_PASSPHRASE": "third passphrase"}) == expected
    old = cli("info", again, env={"ICTOOL_PASSPHRASE": "second passphrase"})
    assert old.returncode == 2 and "does not open it" in old.stderr
    refused = cli("decrypt", decrypted, "-o", tmp_path / "x.ictool")
    assert refused.returncode == 2 and "not encrypted" in refused.stderr


def test_a_text_file_is_still_no_ictool_file(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "notes.ictool"
    text.write_text("just some text\n" * 10, encoding="utf-8")
    result = cli("info", text, env={"ICTOOL_PASSPHRASE": PASS})
    assert result.returncode == 2 and "not a SQLite database" in result.stderr


def test_plain_files_and_start_up_never_load_sqlcipher(
    studies: tuple[dict[str, Path], dict[str, Path]],
) -> None:
    plain, encrypted = studies
    probe = (
        "import sys\n"
        "from ictool.cli.main import main\n"
        "main(sys.argv[1:])\n"
        "print('LOADED' if 'sqlcipher3' in sys.modules else 'NOT LOADED')\n"
    )

    def loaded(*args: str | Path, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe, *map(str, args)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            check=False,
            timeout=120,
        )
        return result.stdout.strip().splitlines()[-1]

    assert loaded("--version") == "NOT LOADED"
    assert loaded("info", plain["project"]) == "NOT LOADED"
    assert loaded("report", plain["project"]) == "NOT LOADED"
    assert loaded("info", encrypted["project"], env={"ICTOOL_PASSPHRASE": PASS}) == "LOADED"


def test_an_export_of_an_encrypted_project_says_it_is_not_encrypted(
    cli: Cli, studies: tuple[dict[str, Path], dict[str, Path]], tmp_path: Path
) -> None:
    plain, encrypted = studies
    for suffix in (".csv", ".xlsx", ".sav", ".qdpx"):
        out = tmp_path / f"final{suffix}"
        result = cli("export", encrypted["project"], "-o", out, env={"ICTOOL_PASSPHRASE": PASS})
        assert result.returncode == 0, result.stderr
        assert f"{out} is not encrypted" in result.stderr, suffix
        result = cli("export", plain["project"], "-o", tmp_path / f"plain{suffix}")
        assert result.returncode == 0 and "not encrypted" not in result.stderr


def test_the_recovery_key_opens_a_package_whose_passphrase_is_forgotten(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "study"
    files = study(cli, folder, encrypted=False)  # documents, coders and assignments, then encrypted:
    project = folder / "secret.ictool"
    env = {"ICTOOL_PASSPHRASE": PASS}
    made = cli("--as", "Lead", "new", project, "--codebook", folder / "codebook.csv", "--encrypt",
               "--recovery-key", env=env)  # fmt: skip
    assert made.returncode == 0, made.stderr
    key_file = folder / "secret.recovery-key.txt"
    assert f"recovery key to {key_file}" in made.stdout and key_file.is_file()
    for step in (["import-docs", project, folder / "transcripts"], ["coders", "add", project, *CODERS],
                 ["assign", project, "--overlap", "1"]):  # fmt: skip
        assert cli("--as", "Lead", *step, env=env).returncode == 0
    package = folder / "zephyrine.ictcoder"
    handed = cli(
        "--as", "Lead", "package", project, "--coder", CODERS[0], "-o", package, "--encrypt", env=env
    )
    assert handed.returncode == 0, handed.stderr
    generated = handed.stdout.split("encrypted with the passphrase ")[1].split()[0]
    assert generated != PASS and len(generated.replace("-", "")) == 24
    sheet = folder / "sheet.csv"
    sheet.write_text(SHEETS[CODERS[0]].format(q=QUOTE), encoding="utf-8")
    coded = cli("import-codes", package, sheet, env={"ICTOOL_PASSPHRASE": generated})
    assert coded.returncode == 0, coded.stderr
    # the project's passphrase alone merges it: the project holds the key the package was made with
    merged = cli("--as", "Lead", "merge", project, package, env=env)
    assert merged.returncode == 0, merged.stderr
    # the coder forgot the passphrase: the lead's recovery key file opens the package
    before = package.read_bytes()
    wrong = folder / "other.txt"
    wrong.write_text(key_file.read_text(encoding="utf-8")[:-10] + "AAAAAAAA\n", encoding="utf-8")
    refused = cli("decrypt", package, "-o", folder / "refused.ictcoder", "--recovery-key-file", wrong)
    assert refused.returncode == 2 and refused.stderr.startswith("error: ")
    assert "recovery key" in refused.stderr and len(refused.stderr.splitlines()) == 1
    assert not (folder / "refused.ictcoder").exists()
    recovered = folder / "recovered.ictcoder"
    result = cli("decrypt", package, "-o", recovered, "--recovery-key-file", key_file)
    assert result.returncode == 0, result.stderr
    assert package.read_bytes() == before and recovered.read_bytes().startswith(b"SQLite format 3\x00")
    from ictool.core import coding
    from ictool.core.project import CoderPackage
    from ictool.core.store import cipher

    def coded_values(path: Path) -> dict[tuple[str, str], object]:
        with CoderPackage.open(path, readonly=True) as pkg:
            return {(r.document, r.variable_uuid): r.value for r in coding.all_values(pkg)}

    cipher.remember(package, generated)
    try:
        original = coded_values(package)
    finally:
        cipher.forget(package)
    assert coded_values(recovered) == original and len(original) == 13  # empty quotes are not values
    assert QUOTE in json.dumps(list(original.values()))
    assert files  # the plain study the transcripts came from
