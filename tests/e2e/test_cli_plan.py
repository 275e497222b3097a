"""``ictool plan``: Krippendorff's minimum sample from the command line, and the demo project's plan.

The published example (Krippendorff 2019, as the ATLAS.ti manual quotes it) fixes the formula's
numbers; the demo's rarest shares are counted here from its codings, independently of the report's
input.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from tests.e2e.conftest import Cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("plan") / "demo.ictool")


@pytest.mark.parametrize(("min_alpha", "values", "units"), [("0.8", 139, 70), ("0.667", 81, 41)])
def test_published_example(cli: Cli, min_alpha: str, values: int, units: int) -> None:
    result = cli("plan", "--min-alpha", min_alpha, "--significance", "0.05", "--rarest", "0.25", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["values"], out["units"]) == (values, units)
    assert (out["min_alpha"], out["significance"], out["rarest"], out["coders"]) == (
        float(min_alpha),
        0.05,
        0.25,
        2,
    )
    assert "Bloch" in out["citation"] and "Krippendorff" in out["citation"]


def test_text_output_and_more_coders(cli: Cli) -> None:
    result = cli("plan", "--min-alpha", "0.8", "--rarest", "0.25", "--coders", "3")
    assert result.returncode == 0, result.stderr
    assert "documents every coder codes    70" in result.stdout
    assert "pairable values needed         208" in result.stdout
    assert "Bloch" in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("plan", "--rarest", "0.25"), "give --min-alpha"),
        (("plan", "--min-alpha", "0.8", "--rarest", "0.7"), "at most 0.5"),
        (("plan", "--min-alpha", "1", "--rarest", "0.2"), "smallest acceptable alpha"),
    ],
)
def test_bad_input_is_one_error_line(cli: Cli, args: tuple[str, ...], words: str) -> None:
    result = cli(*args)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and words in result.stderr


def test_formula_options_do_not_go_with_a_project(cli: Cli, demo: Path) -> None:
    result = cli("plan", demo, "--rarest", "0.2")
    assert result.returncode == 2 and "--rarest goes without PROJECT" in result.stderr


def rarest_shares(project: Path, name: str) -> dict[object, float]:
    """Category → share among values in documents two or more coders coded (missing codes left out)."""
    with Project.open(project, readonly=True) as p:
        variable = p.codebook.get(name)
        assert variable is not None
        per_doc: dict[str, list[object]] = defaultdict(list)
        for row in coding.all_values(p):
            if row.variable_uuid == variable.uuid and not variable.is_missing_code(row.value):
                per_doc[row.document_uuid].append(row.value)
    counts = Counter(v for values in per_doc.values() if len(values) >= 2 for v in values)
    total = sum(counts.values())
    return {c: n / total for c, n in counts.items()}


def test_demo_plan(cli: Cli, demo: Path) -> None:
    result = cli("plan", demo, "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["significance"] == 0.05 and "Bloch" in out["citation"]
    rows = {v["name"]: v for v in out["variables"]}
    for name in ("country", "role", "disillusionment", "emotional_tone"):
        shares = rarest_shares(demo, name)
        row = rows[name]
        assert row["rarest_share"] == pytest.approx(min(shares.values())), name
        assert shares[row["rarest_category"]] == pytest.approx(row["rarest_share"]), name
        # the project's needs are the formula's for the measured share
        for min_alpha, key in (("0.8", "0.8"), ("0.667", "0.667")):
            single = cli("plan", "--min-alpha", min_alpha, "--rarest", repr(row["rarest_share"]), "--json")
            assert json.loads(single.stdout)["units"] == row["units_needed"][key], name
        assert row["verdict"] == "too few"  # 12 documents are not enough for any of them
    for name in ("age_joining", "year_joining"):
        assert rows[name]["verdict"] == "not applicable" and rows[name]["units_needed"] == {}
    assert "motivations=1" in rows and "coder_memo" not in rows


def test_demo_table(cli: Cli, demo: Path) -> None:
    result = cli("plan", demo)
    assert result.returncode == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("variable"))
    assert "need .800" in header and "verdict" in header
    assert any(
        line.startswith("age_joining") and "not applicable" in line for line in result.stdout.splitlines()
    )
