"""What ``new`` and ``import-docs`` tell a user: group counts, files passed over, guessed encodings."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Cli


def test_new_counts_named_groups_and_the_ungrouped(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "cb.csv"
    sheet.write_text("name,level,group\na,text,Intro\nb,text,\nc,text,Exit\n")
    project = tmp_path / "p.ictool"
    result = cli("new", project, "--codebook", sheet)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"created {project}: 3 variables in 2 groups (1 ungrouped)\n"


def test_import_docs_lists_skipped_files_and_files_not_read_as_utf8(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "cb.csv"
    sheet.write_text("name,level\na,text\n")
    project = tmp_path / "p.ictool"
    assert cli("new", project, "--codebook", sheet).returncode == 0
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "UTF8-1.txt").write_bytes("Première".encode())
    (docs / "LAT-2.txt").write_bytes("Deuxième".encode("cp1252"))
    (docs / "OLD.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    result = cli("import-docs", project, docs)
    assert result.returncode == 0, result.stderr
    assert "imported 2 documents" in result.stdout
    assert result.stderr.splitlines() == [
        f"skipped: {docs / 'OLD.doc'}: not imported: unsupported file type '.doc'; ictool imports .txt, "
        ".md and .docx files, so save it from Word as .docx (the old .doc format cannot be read)",
        "note: LAT-2.txt read as Windows-1252 (not UTF-8)",
    ]


def test_import_docs_refuses_a_file_mixing_utf8_and_cp1252(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "cb.csv"
    sheet.write_text("name,level\na,text\n")
    project = tmp_path / "p.ictool"
    assert cli("new", project, "--codebook", sheet).returncode == 0
    mixed = tmp_path / "MIX-1.txt"
    mixed.write_bytes("Première ligne\n".encode() + "Deuxième ligne\n".encode("cp1252"))
    result = cli("import-docs", project, mixed)
    assert result.returncode != 0
    assert (
        f"{mixed}: mixes two encodings: it holds UTF-8 text (line 1) but line 2 is not UTF-8" in result.stderr
    )
    assert "imported" not in result.stdout
