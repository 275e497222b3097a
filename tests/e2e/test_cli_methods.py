"""``ictool report --methods``: printed, written as .md or .docx by the suffix, never over a file unasked."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from ictool.core.demo.build import build_demo
from tests.e2e.conftest import Cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("methods") / "demo.ictool")


def test_methods_printed_and_written(cli: Cli, demo: Path, tmp_path: Path) -> None:
    printed = cli("report", demo, "--methods", "--bootstrap", "100")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith("## Intercoder reliability")
    assert "100 bootstrap replicates (seed 2007)" in printed.stdout

    md = tmp_path / "reliability.md"
    done = cli("report", demo, "--methods", "-o", md, "--seed", "7")
    assert done.returncode == 0, done.stderr
    text = md.read_text(encoding="utf-8")
    assert "1,000 bootstrap replicates (seed 7)" in text  # 1,000 unless --bootstrap says otherwise
    assert "| motivations=10 | nominal | 2 |" in text

    again = cli("report", demo, "--methods", "-o", md)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert cli("report", demo, "--methods", "-o", md, "--force", "--bootstrap", "50").returncode == 0
    assert "50 bootstrap replicates" in md.read_text(encoding="utf-8")

    word = tmp_path / "reliability.docx"
    assert cli("report", demo, "--methods", "--output", word, "--bootstrap", "50").returncode == 0
    document = docx.Document(str(word))
    assert len(document.tables[0].rows) == 1 + text.count("\n| ") - 1  # header + the Markdown's rows


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--methods", "-o", "methods.txt"], "must end in .md or .docx"),
        (["-o", "methods.md"], "add --methods"),
        (["--methods", "--json"], "leave out --json"),
        (["--methods", "--by-round"], "leave out --by-round"),
    ],
)
def test_methods_refusals(cli: Cli, demo: Path, tmp_path: Path, args: list[str], message: str) -> None:
    done = cli("report", demo, *args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []
