"""Golden outputs of the demo: a restructuring or a speed-up must not move one number or cell.

The files in ``golden/`` were written by ``ictool`` before the house was restructured (report with
500 bootstrap replicates and seed 3, the disagreement queue, the csv export). The demo is built from
the shipped data through the public API, so its outputs are byte-for-byte reproducible; a change
here means a change in what users get, which must be deliberate (then regenerate the files and say
why in the commit). The JSON outputs are compared as JSON values, every number to the last bit (a
float reads back exactly as written): their layout changed once (``readable_json``, one report line
per line of text) without a value moving.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ictool.core.demo.build import build_demo
from tests.e2e.conftest import Cli

GOLDEN = Path(__file__).with_name("golden")


def _exact(text: str) -> object:
    """The JSON value with every number kept as written (so 1 and 1.0, or two floats a bit apart, differ)."""
    return json.loads(text, parse_float=lambda s: ("float", s), parse_int=lambda s: ("int", s))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("golden") / "demo.ictool")


def test_report_json_is_unchanged(cli: Cli, demo: Path) -> None:
    result = cli("report", demo, "--json", "--bootstrap", "500", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert _exact(result.stdout) == _exact((GOLDEN / "report.json").read_text(encoding="utf-8"))


def test_disagreements_json_is_unchanged(cli: Cli, demo: Path) -> None:
    result = cli("disagreements", demo, "--json")
    assert result.returncode == 0, result.stderr
    assert _exact(result.stdout) == _exact((GOLDEN / "dis.json").read_text(encoding="utf-8"))


def test_csv_export_is_unchanged(cli: Cli, demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "final.csv"
    result = cli("export", demo, "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (GOLDEN / "final.csv").read_bytes()
