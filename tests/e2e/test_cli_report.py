"""``ictool report`` on the demo project: the numbers, checked against the krippendorff package."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest

from ictool.core import coding
from ictool.core.demo.build import build_demo
from ictool.core.project import Project
from tests.e2e.conftest import Cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("report") / "demo.ictool")


def reference_alpha(project: Path, name: str) -> float:
    """Independent computation: the reliability matrix built here, alpha from the krippendorff package."""
    with Project.open(project, readonly=True) as p:
        var = p.codebook.get(name)
        assert var is not None
        coders = [c.uuid for c in p.coders()]
        docs = [d.uuid for d in p.documents()]
        order = {c.code: i for i, c in enumerate(var.choices)}
        matrix = np.full((len(coders), len(docs)), np.nan)
        for row in coding.all_values(p):
            if row.variable_uuid != var.uuid or var.is_missing_code(row.value):
                continue
            value = order[row.value] if var.choices else row.value  # ordinal: rank in codebook order
            matrix[coders.index(row.coder_uuid), docs.index(row.document_uuid)] = value
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=var.level.value))


def test_report_json_matches_the_reference(cli: Cli, demo: Path) -> None:
    result = cli("report", demo, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {v["name"]: v for v in report["variables"]}
    for name in ("country", "role", "disillusionment", "emotional_tone", "age_joining", "year_joining"):
        assert rows[name]["alpha"] == pytest.approx(reference_alpha(demo, name), abs=1e-9), name
    statuses = {v["status"] for v in report["variables"]}
    assert {"reliable", "tentative", "unreliable"} <= statuses  # a sensible spread on the demo
    assert all(v["ci95"] is None for v in report["variables"])
    assert set(report["leave_one_out"]["role"]) == {"Amira", "Jonas", "Lena"}
    pairs = report["pairwise"]["role"]
    assert len(pairs) == 3 and all(len(p["coders"]) == 2 for p in pairs)
    assert "motivations=1" in rows and "motivations" not in rows and "coder_memo" not in rows


def test_bootstrap_is_seeded_and_reproducible(cli: Cli, demo: Path) -> None:
    runs = [cli("report", demo, "--json", "--bootstrap", "300", "--seed", "9") for _ in range(2)]
    assert all(r.returncode == 0 for r in runs)
    first, second = (json.loads(r.stdout) for r in runs)
    assert first == second
    other = json.loads(cli("report", demo, "--json", "--bootstrap", "300", "--seed", "10").stdout)
    assert other["variables"] != first["variables"]
    for v in first["variables"]:
        if v["alpha"] is not None and v["alpha"] < 1:
            low, high = v["ci95"]
            assert -1 <= low <= high <= 1
            assert 0 <= v["q"]["0.667"] <= 1 and 0 <= v["q"]["0.8"] <= 1


def test_table_is_readable(cli: Cli, demo: Path) -> None:
    result = cli("report", demo)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if line.startswith("variable"))
    assert "alpha" in header and "status" in header
    assert any(line.startswith("disillusionment") and "unreliable" in line for line in lines)
    assert "\x1b[" not in result.stdout  # no colour codes when not writing to a terminal
