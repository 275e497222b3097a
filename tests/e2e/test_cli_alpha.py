"""``ictool alpha`` through a real subprocess: layouts, levels, bootstrap, JSON, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import krippendorff
import numpy as np
import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 observers × 12 units, "." = missing;
# published alpha: nominal .743, ordinal .815, interval .849, ratio .797.
KRIPPENDORFF_ROWS = [
    "1,2,3,3,2,1,4,1,2,.,.,.",
    "1,2,3,3,2,2,4,1,2,5,.,3",
    ".,3,3,3,2,3,4,2,2,5,1,.",
    "1,2,3,3,2,4,4,1,2,5,1,.",
]
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}


def alpha_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ictool.cli.main", "alpha", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


def as_json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture
def coders_in_rows(tmp_path: Path) -> Path:
    path = tmp_path / "krippendorff.csv"
    path.write_text("\n".join(KRIPPENDORFF_ROWS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def units_in_rows(tmp_path: Path) -> Path:
    """The same data in the default layout: header with coder names, a unit column, NA and blanks."""
    columns = [row.split(",") for row in KRIPPENDORFF_ROWS]
    lines = ["unit,A,B,C,D"]
    for unit in range(12):
        cells = [columns[c][unit] for c in range(4)]
        cells = ["NA" if v == "." and c == 1 else ("" if v == "." else v) for c, v in enumerate(cells)]
        lines.append(",".join([f"u{unit + 1}", *cells]))
    path = tmp_path / "units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("level", list(PUBLISHED))
def test_krippendorff_example_in_his_layout(coders_in_rows: Path, level: str) -> None:
    out = as_json(alpha_cli(coders_in_rows, "--coders-in-rows", "--level", level, "--json"))
    assert round(out["alpha"], 3) == PUBLISHED[level]  # type: ignore[arg-type]
    assert (out["units"], out["coders"], out["pairable_values"]) == (11, 4, 40)


def test_json_keys(coders_in_rows: Path) -> None:
    out = as_json(alpha_cli(coders_in_rows, "--coders-in-rows", "--json"))
    keys = [
        "alpha",
        "undefined_reason",
        "level",
        "units",
        "coders",
        "pairable_values",
        "observed_disagreement",
    ]
    keys += ["expected_disagreement", "percent_agreement", "cohen_kappa", "fleiss_kappa", "gwet_ac1"]
    for key in keys:
        assert key in out
    assert out["level"] == "nominal" and out["undefined_reason"] is None
    assert out["gwet_ac1"] == pytest.approx(0.77544, abs=5e-6)  # Gwet (2014), irrCAC README
    assert "ci95" not in out


def test_default_layout_with_unit_column(units_in_rows: Path) -> None:
    out = as_json(alpha_cli(units_in_rows, "--level", "interval", "--json"))
    assert round(out["alpha"], 3) == 0.849  # type: ignore[arg-type]


def test_bootstrap_is_reproducible(coders_in_rows: Path) -> None:
    args = (coders_in_rows, "--coders-in-rows", "--bootstrap", "1000", "--seed", "7", "--json")
    first, again = as_json(alpha_cli(*args)), as_json(alpha_cli(*args))
    low, high = first["ci95"]  # type: ignore[misc]
    assert low <= first["alpha"] <= high  # type: ignore[operator]
    assert set(first["q"]) == {"0.667", "0.8"}  # type: ignore[arg-type]
    assert first["ci95"] == again["ci95"] and first["q"] == again["q"]
    assert first["bootstrap"] == {"replicates": 1000, "seed": 7, "draws": 60}


def test_xlsx_input(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit", "Ann", "Ben"])
    # Krippendorff (2011), section A: binary data, two observers: alpha = .095
    for i, (a, b) in enumerate(
        zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True)
    ):
        sheet.append([f"u{i}", a, float(b)])  # Excel numbers: 1 and 1.0 are one category
    path = tmp_path / "binary.xlsx"
    book.save(path)
    out = as_json(alpha_cli(path, "--json"))
    assert round(out["alpha"], 3) == 0.095  # type: ignore[arg-type]
    assert out["coders"] == 2 and out["units"] == 10


def test_ordinal_words_with_an_order(tmp_path: Path) -> None:
    words = {"1": "very low", "2": "low", "3": "mid", "4": "high", "5": "very high", ".": ""}
    rows = [",".join(words[v] for v in row.split(",")) for row in KRIPPENDORFF_ROWS]
    path = tmp_path / "words.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    order = "very low,low,mid,high,very high"
    out = as_json(alpha_cli(path, "--coders-in-rows", "--level", "ordinal", "--order", order, "--json"))
    assert round(out["alpha"], 3) == 0.815  # type: ignore[arg-type]


def test_readable_summary(coders_in_rows: Path) -> None:
    result = alpha_cli(coders_in_rows, "--coders-in-rows", "--bootstrap", "1000")
    assert result.returncode == 0, result.stderr
    assert "Krippendorff's alpha (nominal): 0.7434" in result.stdout
    assert "95% CI" in result.stdout and "Fleiss' kappa" in result.stdout


def test_undefined_alpha_is_reported_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "constant.csv"
    path.write_text("A,B\n2,2\n2,2\n2,\n", encoding="utf-8")
    result = alpha_cli(path, "--json", "--bootstrap", "100")
    out = as_json(result)
    assert out["alpha"] is None and "no variation" in out["undefined_reason"]  # type: ignore[operator]
    assert out["ci95"] is None
    text = alpha_cli(path)
    assert text.returncode == 0 and "undefined" in text.stdout


# -- sheets as European Excel, Windows and scripts write them -------------------------------------------

# Two coders rate eight units on a 1-5 scale in half points; the second misses unit 7.
HALVES = [[2.5, 1.0, 4.0, 2.0, 3.5, 1.5, 5.0, 3.0], [3.0, 1.5, 4.0, 2.5, 3.5, 1.0, np.nan, 3.0]]


def package(matrix: list[list[float]], level: str) -> float:
    """The krippendorff package's alpha: the oracle, computed from the matrix, not from ictool's reading."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(reliability_data=np.array(matrix, float), level_of_measurement=level))


def halves_sheet(
    path: Path, delimiter: str, decimal: str, encoding: str = "utf-8", names: str = "Anna Ben"
) -> Path:
    def cell(v: float) -> str:
        return "" if np.isnan(v) else f"{v:g}".replace(".", decimal)

    lines = [delimiter.join(["unit", *names.split()])]
    lines += [delimiter.join([f"u{j + 1}", cell(HALVES[0][j]), cell(HALVES[1][j])]) for j in range(8)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("level", ["interval", "ordinal"])
def test_semicolons_and_decimal_commas_read_as_the_comma_version(tmp_path: Path, level: str) -> None:
    european = as_json(alpha_cli(halves_sheet(tmp_path / "eu.csv", ";", ","), "--level", level, "--json"))
    english = as_json(alpha_cli(halves_sheet(tmp_path / "en.csv", ",", "."), "--level", level, "--json"))
    assert european["alpha"] == pytest.approx(package(HALVES, level), abs=1e-12)
    assert english["alpha"] == european["alpha"]
    assert (european["units"], european["pairable_values"]) == (7, 14)


@pytest.mark.parametrize(("encoding", "delimiter"), [("cp1252", ";"), ("utf-16", "\t"), ("utf-16", ",")])
def test_windows_encodings(tmp_path: Path, encoding: str, delimiter: str) -> None:
    decimal = "." if delimiter == "," else ","
    path = halves_sheet(tmp_path / "w.csv", delimiter, decimal, encoding, names="Zoë François")
    out = as_json(alpha_cli(path, "--level", "interval", "--json"))
    assert out["alpha"] == pytest.approx(package(HALVES, "interval"), abs=1e-12)


def test_a_row_with_more_values_than_coders_is_refused_with_its_row(tmp_path: Path) -> None:
    # Read shifted or with the extra value dropped, this sheet gave a plausible-looking alpha; which
    # value is wrong cannot be known, so the row is named and nothing is computed.
    path = tmp_path / "data.csv"
    path.write_text("unit,Anna,Ben\nu1,1,2,3\nu2,2,2\nu3,3,3\nu4,1,2\n", encoding="utf-8")
    result = alpha_cli(path, "--level", "interval")
    assert result.returncode == 2, result.stdout
    assert f"error: {path}: row 2 has 4 cells but the header row names only 3 columns" in result.stderr


def test_rows_ending_in_a_comma_read_fine(tmp_path: Path) -> None:
    path = halves_sheet(tmp_path / "data.csv", ",", ".")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(line + ",\n" for line in lines), encoding="utf-8")
    out = as_json(alpha_cli(path, "--level", "interval", "--json"))
    assert out["alpha"] == pytest.approx(package(HALVES, "interval"), abs=1e-12)
    assert out["coders"] == 2


def test_xlsx_formula_without_a_saved_value_is_refused_naming_the_cell(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["unit", "Ann", "Ben"], ["u1", 1, 2], ["u2", 2, 2], ["u3", 3, "=SUM(B4)"]):
        sheet.append(row)
    path = tmp_path / "codes.xlsx"
    book.save(path)  # openpyxl saves formulas but never their results
    result = alpha_cli(path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {path}: cell C4 holds a formula without a saved value (=SUM(B4)); open the file in "
        "Excel and save it, or type the value"
    )


def test_help() -> None:
    result = alpha_cli("--help")
    assert result.returncode == 0
    for option in ("--level", "--order", "--coders-in-rows", "--missing", "--bootstrap", "--seed", "--json"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, (), "file not found"),
        ("A,B\n1,2\n", ("--level", "cardinal"), "unknown level"),
        ("A,B\nlow,high\nlow,mid\n", ("--level", "ordinal", "--order", "low,high"), "not in the given order"),
        ("A,B\n1,-2\n3,4\n", ("--level", "ratio"), "cannot be negative"),
        ("A,B\n1,2\n3,four\n", ("--level", "interval"), "must be numbers"),
        ("A,B\nx,y\nx,x\n", ("--level", "ordinal"), "--order"),
        ("A,B\n1,2\n", ("--level", "interval", "--order", "1,2"), "nominal and ordinal"),
        ("", (), "empty"),
        ("A,B\n1,2\n", ("--bootstrap", "-5"), "--bootstrap"),
    ],
)
def test_bad_input_exits_2_naming_the_file(
    tmp_path: Path, content: str | None, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "data.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = alpha_cli(path, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("error: ") for line in lines)
    assert message in result.stderr
    if message != "--bootstrap":
        assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_unsupported_and_damaged_files(tmp_path: Path) -> None:
    other = tmp_path / "data.json"
    other.write_text("1,2\n", encoding="utf-8")
    damaged = tmp_path / "data.xlsx"
    damaged.write_bytes(b"not a zip file")
    for path, message in ((other, "must be an .xlsx or .csv file"), (damaged, "not a readable .xlsx")):
        result = alpha_cli(path)
        assert result.returncode == 2 and message in result.stderr and str(path) in result.stderr


# -- what a new user's sheets held: other missing markers, empty coders -----------------------------------

# Krippendorff (2011), section A: binary data, two observers, alpha .095, units in rows
BINARY = list(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))


def test_a_coder_column_without_values_changes_neither_alpha_nor_the_bootstrap(tmp_path: Path) -> None:
    # Counted as a third coder, the empty column doubled KALPHA's M (20 pairs instead of 10) and the
    # interval went from [-.5833, .7738] to [-.3571, .5476].
    plain, padded = tmp_path / "binary.csv", tmp_path / "binary_empty.csv"
    plain.write_text("A,B\n" + "".join(f"{a},{b}\n" for a, b in BINARY), encoding="utf-8")
    padded.write_text("A,B,C\n" + "".join(f"{a},{b},\n" for a, b in BINARY), encoding="utf-8")
    args = ("--bootstrap", "2000", "--json")
    first, second = as_json(alpha_cli(plain, *args)), as_json(alpha_cli(padded, *args))
    assert isinstance(second["alpha"], float) and round(second["alpha"], 3) == 0.095
    assert second["coders"] == first["coders"] == 2
    assert second["bootstrap"] == first["bootstrap"] == {"replicates": 2000, "seed": 2007, "draws": 10}
    assert second["ci95"] == first["ci95"]
    assert second["notes"] == ["coder ‘C’ has no values and is not counted, as in KALPHA"]
    text = alpha_cli(padded).stdout
    assert "coders 2 ·" in text and "note: coder ‘C’ has no values" in text


def test_stars_are_missing_and_the_output_says_so(tmp_path: Path) -> None:
    path = tmp_path / "star.csv"
    path.write_text("\n".join(row.replace(".", "*") for row in KRIPPENDORFF_ROWS) + "\n", encoding="utf-8")
    out = as_json(alpha_cli(path, "--coders-in-rows", "--json"))
    assert isinstance(out["alpha"], float) and round(out["alpha"], 3) == PUBLISHED["nominal"]
    assert out["missing_markers"] == {"*": 7}
    assert "read as missing: 7 cells ‘*’" in alpha_cli(path, "--coders-in-rows").stdout


def test_declared_missing_codes(tmp_path: Path) -> None:
    path = tmp_path / "ninetynine.csv"
    rows = [row.replace(".", "99") for row in KRIPPENDORFF_ROWS]
    rows[1] = rows[1].replace(",99,", ",99.0,")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = as_json(alpha_cli(path, "--coders-in-rows", "--level", "interval", "--missing", "99,-1", "--json"))
    assert isinstance(out["alpha"], float) and round(out["alpha"], 3) == PUBLISHED["interval"]
    assert out["missing_markers"] == {"99": 7}
    result = alpha_cli(path, "--missing", ",")
    assert result.returncode == 2 and "--missing needs at least one code" in result.stderr


def test_a_value_refused_at_a_numeric_level_points_to_missing(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("A,B\n1,2\n3,n.a.\n2,3\n", encoding="utf-8")
    result = alpha_cli(path, "--level", "interval")
    assert result.returncode == 2
    assert "NA, N/A, NaN" in result.stderr and "declared with --missing" in result.stderr
    assert as_json(alpha_cli(path, "--level", "interval", "--missing", "N.A.", "--json"))[
        "missing_markers"
    ] == {"N.A.": 1}
