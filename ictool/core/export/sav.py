"""The final dataset as an SPSS ``.sav`` file with the codebook built in (pyreadstat ``write_sav``).

What SPSS gets, so a statistician needs no syntax file:

* variable names = the Final sheet's column names (already SPSS-safe by the codebook rules);
* variable labels = the codebook labels; a multi-select option column is labelled ``Label: option``;
* value labels for every choice (also retired ones, so old codes still read), ``0 not chosen /
  1 chosen`` for option columns;
* declared missing codes as **user-missing** values (``missing_ranges``): SPSS keeps them in the data
  but leaves them out of statistics. SPSS allows three discrete values, or one range plus one value;
  more codes become a range when that range holds no valid code, else the first three are marked and
  the export says which were not;
* measurement level from the codebook (nominal, ordinal, scale); integer-only columns shown without
  decimals;
* unresolved and not-coded cells are system-missing (empty): SPSS has no way to mark them otherwise,
  so the export reports how many are unresolved. ``--labels`` does not apply: the value labels carry
  the labels while the data keep the codes.

Single-choice variables with text codes become string variables with string value labels. SPSS string
values hold at most 32,767 bytes; a longer text is cut with a marker (the CSV keeps it whole).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from ictool.core.codebook.choices import format_code
from ictool.core.codebook.model import Kind, Level, Number, Value, Variable
from ictool.core.export.cells import TRUNCATION_MARKER
from ictool.core.export.sheets import FinalColumn
from ictool.core.reconcile.final import CellStatus, FinalCell, FinalDataset
from ictool.core.reliability.distinct import distinct

__all__ = ["SPSS_MAX_STRING", "write_sav"]

SPSS_MAX_STRING = 32_767  # bytes of one string value
_LABEL_BYTES, _VALUE_LABEL_BYTES, _FILE_LABEL_BYTES = 256, 120, 64
_MEASURE = {Level.NOMINAL: "nominal", Level.ORDINAL: "ordinal", Level.INTERVAL: "scale", Level.RATIO: "scale"}


def clip_bytes(text: str, limit: int) -> str:
    """At most ``limit`` UTF-8 bytes, cut on a character boundary (SPSS limits are in bytes)."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


def _string(text: str) -> str:
    if len(text) * 4 <= SPSS_MAX_STRING or len(text.encode("utf-8")) <= SPSS_MAX_STRING:
        return text
    return clip_bytes(text, SPSS_MAX_STRING - len(TRUNCATION_MARKER.encode("utf-8"))) + TRUNCATION_MARKER


class _Meta:
    def __init__(self) -> None:
        self.labels: dict[str, str | None] = {}
        self.value_labels: dict[str, dict[Any, str]] = {}
        self.missing: dict[str, list[Any]] = {}
        self.measure: dict[str, str] = {}
        self.formats: dict[str, str] = {}
        self.notes: list[str] = []
        self.clipped: list[str] = []  # which labels SPSS's limits shortened: the export says so

    def clip(self, text: str, limit: int, where: str) -> str:
        """``text`` within SPSS's ``limit`` bytes, remembering ``where`` when it had to be cut."""
        out = clip_bytes(text, limit)
        if out != text:
            self.clipped.append(where)
        return out


def write_sav(
    final: FinalDataset, columns: Sequence[Sequence[FinalColumn]], path: Path, *, title: str = ""
) -> list[str]:
    """Write the final dataset to ``path``; returns notes (missing codes SPSS could not mark)."""
    import pyreadstat  # imported here: only this export needs it, and it is slow to import

    # Numeric columns as float arrays (8 bytes a cell), not lists of Python floats (32 bytes a cell).
    frame: dict[str, Any] = {"document": _texts(d.doc_id for d in final.documents)}
    meta = _Meta()
    meta.labels["document"] = "Document id"
    for index, group in enumerate(columns):
        cells = [row[index] for row in final.rows]
        if group and group[0].option is not None:
            _multi(frame, meta, cells, group)
        elif group:
            _single(frame, meta, cells, group[0])
    if meta.clipped:
        shown = "; ".join(meta.clipped[:3]) + (
            f" and {len(meta.clipped) - 3} more" if len(meta.clipped) > 3 else ""
        )
        meta.notes.append(
            f"SPSS: {len(meta.clipped)} label{'s were' if len(meta.clipped) > 1 else ' was'} shortened to "
            f"SPSS's limits ({_LABEL_BYTES} bytes for a variable label, {_VALUE_LABEL_BYTES} for a value "
            f"label): {shown}; the xlsx and csv exports keep them whole"
        )
    df = pd.DataFrame(frame)
    pyreadstat.write_sav(
        df,
        str(path),
        file_label=clip_bytes(title, _FILE_LABEL_BYTES),
        column_labels=meta.labels,
        variable_value_labels=meta.value_labels or None,
        missing_ranges=meta.missing or None,
        variable_measure=meta.measure or None,
        variable_format=meta.formats or None,
    )
    return meta.notes


def _texts(texts: Iterable[str]) -> pd.Series:
    """A string column, typed as such even when empty: pandas would make an empty list a column of
    numbers, and SPSS would then get the ids as numbers and refuse text value labels."""
    return pd.Series(list(texts), dtype=object)


def _floats(numbers: Iterable[float], count: int) -> npt.NDArray[np.float64]:
    return np.fromiter(numbers, dtype=np.float64, count=count)


def _multi(frame: dict[str, Any], meta: _Meta, cells: list[FinalCell], group: Sequence[FinalColumn]) -> None:
    for col in group:
        frame[col.name] = _floats(
            (
                math.nan
                if not isinstance(c.value, tuple) or c.status is CellStatus.UNRESOLVED
                else float(col.option in c.value)
                for c in cells
            ),
            len(cells),
        )
        meta.labels[col.name] = meta.clip(col.label, _LABEL_BYTES, f"the label of {col.name}")
        meta.value_labels[col.name] = {0.0: "not chosen", 1.0: "chosen"}
        meta.measure[col.name] = "nominal"
        meta.formats[col.name] = "F1.0"


def _single(frame: dict[str, Any], meta: _Meta, cells: list[FinalCell], col: FinalColumn) -> None:
    var, name = col.variable, col.name
    meta.labels[name] = meta.clip(var.display_label, _LABEL_BYTES, f"the label of {name}")
    values = [c.value if c.status is not CellStatus.UNRESOLVED else None for c in cells]
    if var.kind is Kind.TEXT or (var.kind is Kind.SINGLE and _has_text_codes(var, values)):
        frame[name] = _texts(_string(_as_text(var, v)) for v in values)
        meta.measure[name] = "ordinal" if var.level is Level.ORDINAL else "nominal"
        if var.kind is Kind.SINGLE:
            meta.value_labels[name] = {
                format_code(c.code): meta.clip(c.label, _VALUE_LABEL_BYTES, f"{name}'s label of {c.code}")
                for c in var.choices
            }
            codes = [format_code(m) if isinstance(m, int) else str(m) for m in var.missing]
            _mark_missing(meta, name, codes, None, var)
        return
    numbers = _floats(map(_as_float, values), len(values))
    frame[name] = numbers
    meta.measure[name] = _MEASURE.get(var.level, "nominal")
    observed: list[float] = distinct(numbers[~np.isnan(numbers)]).tolist()
    present = observed + [float(m) for m in var.missing if _is_number(m)]
    if all(x.is_integer() for x in present):
        width = max([len(str(int(x))) for x in present] + [8])
        meta.formats[name] = f"F{min(width, 40)}.0"
    if var.kind is Kind.SINGLE:
        meta.value_labels[name] = {
            float(c.code): meta.clip(c.label, _VALUE_LABEL_BYTES, f"{name}'s label of {c.code}")
            for c in var.choices
            if isinstance(c.code, int)
        }
        valid = [
            float(c.code) for c in var.choices if isinstance(c.code, int) and not var.is_missing_code(c.code)
        ]
        inside: Callable[[float, float], bool] = lambda lo, hi: any(lo <= v <= hi for v in valid)  # noqa: E731
    else:
        low, high = var.minimum, var.maximum
        inside = lambda lo, hi: _overlaps(lo, hi, low, high)  # noqa: E731
    missing = [float(m) for m in var.missing if _is_number(m)]
    _mark_missing(meta, name, sorted(set(missing)), inside, var)


def _overlaps(lo: float, hi: float, low: Number | None, high: Number | None) -> bool:
    """Whether [lo, hi] overlaps the valid range [low, high] (open ends when a bound is missing)."""
    return not ((high is not None and lo > high) or (low is not None and hi < low))


def _mark_missing(
    meta: _Meta,
    name: str,
    codes: Sequence[Any],
    holds_valid: Callable[[float, float], bool] | None,
    var: Variable,
) -> None:
    if not codes:
        return
    if len(codes) <= 3:
        meta.missing[name] = list(codes)
        return
    if holds_valid is not None:
        # One range for all codes, or a range for all but the lowest / highest plus that one.
        for rest, single in ((codes, None), (codes[1:], codes[0]), (codes[:-1], codes[-1])):
            if not holds_valid(rest[0], rest[-1]):
                meta.missing[name] = [{"lo": rest[0], "hi": rest[-1]}, *([] if single is None else [single])]
                return
    meta.missing[name] = list(codes[:3])
    unmarked = ", ".join(str(c) for c in codes[3:])
    verb = "is" if len(codes) == 4 else "are"
    meta.notes.append(
        f"SPSS: '{var.name}' has more missing codes than SPSS can mark; {unmarked} {verb} not marked "
        "as user-missing"
    )


def _has_text_codes(var: Variable, values: Sequence[Value | None]) -> bool:
    return any(isinstance(c.code, str) for c in var.choices) or any(isinstance(v, str) for v in values)


def _as_text(var: Variable, value: Value | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return format_code(value)
    return str(value)


def _as_float(value: Value | None) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return math.nan


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
