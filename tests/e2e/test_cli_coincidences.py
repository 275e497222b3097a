"""Coincidence matrices, per-category alpha and the what-if through the real ``ictool`` command.

The data are Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers
× 12 units, nominal alpha .743, ordinal .815. Its coincidence matrix is printed there and copied below
as fractions; per-category alphas and merged-category alphas are checked against the krippendorff
package on a matrix recoded here, never against ictool's own numbers.
"""

from __future__ import annotations

import json
import re
import warnings
from fractions import Fraction
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pytest

from ictool.core.codebook.model import Category, Codebook, Level, Variable
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign
from ictool.core.team.import_codes import import_codes
from tests.conftest import write_transcripts
from tests.e2e.conftest import Cli
from tests.e2e.test_cli_alpha import KRIPPENDORFF_ROWS

F = Fraction
# Krippendorff (2011), section C: the coincidence matrix o_ck of values 1–5, its n_c and n = 40.
PUBLISHED = [
    [F(7), F(4, 3), F(1, 3), F(1, 3), F(0)],
    [F(4, 3), F(10), F(4, 3), F(1, 3), F(0)],
    [F(1, 3), F(4, 3), F(8), F(1, 3), F(0)],
    [F(1, 3), F(1, 3), F(1, 3), F(4), F(0)],
    [F(0), F(0), F(0), F(0), F(3)],
]
PUBLISHED_TOTALS = [9, 13, 10, 5, 3]
LABELS = ["one", "two", "three", "four", "five"]
MATRIX = np.array([[np.nan if v == "." else float(v) for v in row.split(",")] for row in KRIPPENDORFF_ROWS])


def exactly(x: float, fraction: Fraction) -> bool:
    """A float that is the published fraction (thirds cannot be exact in binary; 1e-12 is far below)."""
    return Fraction(x).limit_denominator(1000) == fraction and abs(x - float(fraction)) < 1e-12


def package(matrix: np.ndarray, level: str = "nominal") -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns about values it sees no variation in
        return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def binary(code: int) -> np.ndarray:
    """The data recoded 1 for ``code``, 0 for any other value (missing stays missing)."""
    return np.where(np.isnan(MATRIX), np.nan, np.equal(MATRIX, code).astype(float))


def recoded(mapping: dict[float, float]) -> np.ndarray:
    out = MATRIX.copy()
    for old, new in mapping.items():
        out[np.equal(MATRIX, old)] = new
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The section C data as a project: ``k`` nominal (codes 1–5), ``k_ord`` the same values on an
    ordinal scale with a sixth category nobody used; one coding sheet per observer."""
    folder = tmp_path_factory.mktemp("coincidences")
    codebook = Codebook(
        (
            Variable("k", Level.NOMINAL, choices=tuple(Category(i + 1, LABELS[i]) for i in range(5))),
            Variable(
                "k_ord", Level.ORDINAL, choices=tuple(Category(i + 1, f"rank {i + 1}") for i in range(6))
            ),
        )
    )
    path = folder / "k.ictool"
    with Project.create(path, codebook, title="Krippendorff 2011", actor="lead") as p:
        import_documents(p, write_transcripts(folder / "docs", 12))
        add_coders(p, ["A", "B", "C", "D"])
        assign(p)
        for coder, row in zip("ABCD", KRIPPENDORFF_ROWS, strict=True):
            lines = ["document,k,k_ord"]
            for unit, value in enumerate(row.split(",")):
                if value != ".":
                    lines.append(f"INT-{unit + 1:03d},{value},{value}")
            sheet = folder / f"{coder}.csv"
            sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
            import_codes(p, coder, sheet)
    return path


def test_alpha_json_has_the_published_coincidence_matrix(cli: Cli, tmp_path: Path) -> None:
    sheet = tmp_path / "k.csv"
    sheet.write_text("\n".join(KRIPPENDORFF_ROWS) + "\n", encoding="utf-8")
    result = cli("alpha", sheet, "--coders-in-rows", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert round(out["alpha"], 3) == 0.743
    table = out["coincidences"]
    assert table["values"] == [1, 2, 3, 4, 5]
    for row, published in zip(table["matrix"], PUBLISHED, strict=True):
        assert all(exactly(x, f) for x, f in zip(row, published, strict=True)), row
    assert table["totals"] == PUBLISHED_TOTALS and table["n"] == 40
    interval = json.loads(cli("alpha", sheet, "--coders-in-rows", "--json", "--level", "interval").stdout)
    assert interval["coincidences"] is None  # distances, not confusions


def test_report_json_coincidences_and_category_alphas(cli: Cli, project: Path) -> None:
    result = cli("report", project, "--json")
    assert result.returncode == 0, result.stderr
    rows = {v["name"]: v for v in json.loads(result.stdout)["variables"]}
    k, k_ord = rows["k"], rows["k_ord"]
    assert round(k["alpha"], 3) == 0.743 and round(k_ord["alpha"], 3) == 0.815
    table = k["coincidences"]
    assert table["values"] == [1, 2, 3, 4, 5]
    for row, published in zip(table["matrix"], PUBLISHED, strict=True):
        assert all(exactly(x, f) for x, f in zip(row, published, strict=True)), row
    assert (table["totals"], table["n"]) == (PUBLISHED_TOTALS, 40)
    # ordinal: the same pairs, in codebook order, the unused sixth category a row of zeros
    ordinal = k_ord["coincidences"]
    assert ordinal["values"] == [1, 2, 3, 4, 5, 6]
    assert [row[:5] for row in ordinal["matrix"][:5]] == table["matrix"]
    assert ordinal["matrix"][5] == [0.0] * 6 and all(row[5] == 0.0 for row in ordinal["matrix"])
    assert ordinal["totals"] == [*PUBLISHED_TOTALS, 0]
    assert k_ord["category_alpha"] is None  # one category against the rest is a nominal question
    # each category against all others: the data recoded 1/0 here, alpha from the package
    assert [c["value"] for c in k["category_alpha"]] == [1, 2, 3, 4, 5]
    for entry in k["category_alpha"]:
        assert entry["alpha"] == pytest.approx(package(binary(entry["value"])), abs=1e-12), entry


def test_variable_prints_the_matrix_and_each_categorys_alpha(cli: Cli, project: Path) -> None:
    result = cli("report", project, "--variable", "k")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert re.search(r"^k \(nominal\)\nalpha 0\.743 — tentative; 11 documents coded", text, re.MULTILINE)
    rows = {line.split()[0]: line.split() for line in text.splitlines() if re.match(r"^(\d|n_k) ", line)}
    assert rows["1"][3:] == [
        "7",
        "1.33",
        "0.33",
        "0.33",
        "0",
        "9",
        f"{package(binary(1)):.3f}",
    ]
    assert rows["5"][3:9] == ["0", "0", "0", "0", "3", "3"]
    assert rows["n_k"][1:] == ["9", "13", "10", "5", "3", "40"]
    assert "What if" not in text
    assert cli("report", project, "--variable", "K").stdout == text  # names ignore case, as elsewhere


@pytest.mark.parametrize(("name", "level"), [("k", "nominal"), ("k_ord", "ordinal")])
def test_merge_categories_what_if(cli: Cli, project: Path, name: str, level: str) -> None:
    before = Path(project).read_bytes()
    result = cli("report", project, "--variable", name, "--merge-categories", "3,4")
    assert result.returncode == 0, result.stderr
    reference = package(recoded({4.0: 3.0}), level)
    now = 0.743 if level == "nominal" else 0.815
    found = re.search(
        r"What if 3 \+ 4 were one category\? alpha would be (\S+) \((\w+)\), instead of (\S+)", result.stdout
    )
    assert found is not None, result.stdout
    assert float(found[1]) == round(reference, 3) and float(found[3]) == now
    assert Path(project).read_bytes() == before  # a what-if changes nothing stored


def test_merge_categories_refusals(cli: Cli, project: Path) -> None:
    cases = [
        (["--merge-categories", "3,4"], "--merge-categories needs --variable"),
        (["--variable", "k_ord", "--merge-categories", "1,3"], "only neighbouring categories"),
        (["--variable", "k", "--merge-categories", "3,9"], "9: not a category of k"),
        (["--variable", "k", "--merge-categories", "3"], "at least two"),
        (["--variable", "nope"], "no scored variable 'nope'"),
        (["--variable", "k", "--json"], "--variable prints"),
    ]
    for extra, message in cases:
        result = cli("report", project, *extra)
        assert result.returncode == 2, (extra, result.stdout)
        assert message in result.stderr, (extra, result.stderr)


def test_xlsx_coincidences_sheet(cli: Cli, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "k.xlsx"
    result = cli("export", project, "-o", out)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames.index("Coincidences") > book.sheetnames.index("Reliability")
    rows = list(book["Coincidences"].iter_rows(values_only=True))
    assert rows[0][:6] == ("variable", "value", "label", "n_c", "category_alpha", "o_c1")
    block = [r for r in rows[1:] if r[0] == "k"]
    assert block[0][2].startswith("k: alpha 0.743 (nominal, tentative)")
    assert list(block[0][5:10]) == [1, 2, 3, 4, 5]
    for code, (row, published) in enumerate(zip(block[1:6], PUBLISHED, strict=True), 1):
        assert (row[1], row[2], row[3]) == (code, LABELS[code - 1], PUBLISHED_TOTALS[code - 1])
        assert all(exactly(x, f) for x, f in zip(row[5:10], published, strict=True)), row
        assert row[4] == pytest.approx(package(binary(code)), abs=1e-12)
    assert block[6][1] == "n_k" and block[6][3] == 40 and list(block[6][5:10]) == PUBLISHED_TOTALS
    ordinal = [r for r in rows[1:] if r[0] == "k_ord"]
    assert len(ordinal) == 1 + 6 + 1 and all(r[4] is None for r in ordinal)
    assert "coincidences" not in [c.value for c in book["Reliability"][1]]  # a sheet of its own
