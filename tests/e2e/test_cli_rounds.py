"""``ictool rounds`` and the options that limit a command to a round, on a copy of the demo project."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.coding.values import ValueChange
from ictool.core.demo.build import build_demo
from ictool.core.project import CoderPackage, Project
from tests.e2e.conftest import Cli


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("rounds") / "demo.ictool")


@pytest.fixture
def demo(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(built, tmp_path / "demo.ictool"))


def test_rounds_add_and_list(cli: Cli, demo: Path) -> None:
    assert cli("rounds", "list", demo).stdout == (
        "no rounds yet (ictool rounds add PROJECT NAME DOC_ID...; ids: ictool info PROJECT --documents)\n"
    )
    first = cli("rounds", "add", demo, "pilot", "INT-001", "INT-002")
    assert first.returncode == 0, first.stderr
    assert first.stdout == "created round pilot: added 2 documents, 2 in all\n"
    again = cli("rounds", "add", demo, "PILOT", "INT-002", "INT-003")
    assert again.stdout == "round pilot: added 1 document (1 already in it), 3 in all\n"
    assert cli("rounds", "list", demo).stdout == "pilot: 3 documents\n"
    wrong = cli("rounds", "add", demo, "main", "INT-999")
    assert wrong.returncode == 2 and "no document with id 'INT-999'" in wrong.stderr


def test_report_of_a_round_has_the_same_shape_and_only_its_documents(cli: Cli, demo: Path) -> None:
    cli("rounds", "add", demo, "pilot", "INT-001", "INT-002", "INT-003", "INT-004")
    whole = json.loads(cli("report", demo, "--json").stdout)
    result = cli("report", demo, "--json", "--round", "Pilot")
    assert result.returncode == 0, result.stderr
    pilot = json.loads(result.stdout)
    assert pilot.keys() == whole.keys()
    assert [v.keys() for v in pilot["variables"]] == [v.keys() for v in whole["variables"]]
    assert max(v["units"] for v in pilot["variables"]) == 4 < max(v["units"] for v in whole["variables"])
    assert "round pilot" in cli("report", demo, "--round", "pilot").stdout.splitlines()[0]
    unknown = cli("report", demo, "--round", "main")
    assert unknown.returncode == 2 and "no round named 'main' (rounds: pilot)" in unknown.stderr


def test_by_round_rule_and_reference(cli: Cli, demo: Path) -> None:
    none = cli("report", demo, "--by-round")
    assert none.returncode == 2 and "no rounds yet" in none.stderr
    cli("rounds", "add", demo, "pilot", *(f"INT-{i:03d}" for i in range(1, 5)))
    cli("rounds", "add", demo, "main", *(f"INT-{i:03d}" for i in range(5, 13)))
    assert cli("rounds", "rule", demo).stdout == (
        "qualified: alpha >= 0.800 and the 95% CI's lower bound >= 0.667\n"
    )
    changed = cli("rounds", "rule", demo, "--min-lower", "0.6")
    assert changed.stdout == "qualified: alpha >= 0.800 and the 95% CI's lower bound >= 0.600\n"
    assert cli("rounds", "reference", demo, "pilot", "lena").stdout == "round pilot: reference coder Lena\n"
    assert cli("rounds", "list", demo).stdout == "pilot: 4 documents, reference Lena\nmain: 8 documents\n"
    result = cli("report", demo, "--by-round", "--json", "--bootstrap", "100")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["rule"] == {"min_alpha": 0.8, "min_lower": 0.6}
    assert [r["name"] for r in data["rounds"]] == ["pilot", "main"]
    role = next(v for v in data["variables"] if v["name"] == "role")
    assert set(role["rounds"]) == {"pilot", "main"}
    assert set(role["rounds"]["pilot"]) == {"alpha", "ci95", "units", "status", "qualified"}
    assert role["rounds"]["pilot"]["units"] <= 4 and isinstance(role["rounds"]["main"]["qualified"], bool)
    assert set(data["reference"]["pilot"]["role"]) == {"Amira", "Jonas"}
    text = cli("report", demo, "--by-round").stdout
    assert "Against the reference coder, round pilot (Lena):" in text and "needs CI" in text
    assert (
        cli("rounds", "reference", demo, "pilot", "--clear").stdout == "round pilot: reference coder none\n"
    )
    both = cli("report", demo, "--by-round", "--round", "pilot")
    assert both.returncode == 2


def test_assign_and_package_a_round(cli: Cli, demo: Path, tmp_path: Path) -> None:
    cli("rounds", "add", demo, "retraining", "INT-001", "INT-002")
    cli("coders", "add", demo, "Nour")
    result = cli("assign", demo, "--round", "retraining", "--extend")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("round retraining:\n") and "  Nour: 2 documents" in result.stdout
    out = tmp_path / "nour.ictcoder"
    packed = cli("package", demo, "--coder", "Nour", "--round", "retraining", "-o", out)
    assert packed.returncode == 0, packed.stderr
    assert "for Nour: 2 documents, 0 existing codings" in packed.stdout


def test_retest_package_merge_and_stability(cli: Cli, demo: Path, tmp_path: Path) -> None:
    result = cli("rounds", "retest", demo, "Amira", "INT-001", "INT-002", "INT-003")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created Amira · retest (retests Amira): 3 documents assigned;")
    out = tmp_path / "retest.ictcoder"
    packed = cli("package", demo, "--coder", "Amira · retest", "-o", out)
    assert "3 documents, 0 existing codings" in packed.stdout, packed.stderr
    before = json.loads(cli("report", demo, "--json").stdout)
    with CoderPackage.open(out) as pkg, Project.open(demo, readonly=True) as project:
        amira = project.coder("Amira").uuid
        own = {d.uuid for d in pkg.documents()}
        coding.apply(
            pkg,
            [
                ValueChange(pkg.owner.uuid, r.document_uuid, r.variable_uuid, r.value)
                for r in coding.all_values(project, amira)
                if r.document_uuid in own
            ],
        )
    merged = cli("merge", demo, out)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(cli("report", demo, "--json").stdout) == before  # the retest is not a coder of it
    data = json.loads(cli("report", demo, "--by-round", "--json").stdout)
    assert data["rounds"] == [] and data["stability"]["role"]["Amira"]["alpha"] == 1.0
    assert (
        "Stability (each coder's alpha with their own earlier coding"
        in cli("report", demo, "--by-round").stdout
    )
