"""Diagnostics that tell a lead how to repair a codebook: coincidences, per-category alpha, what-ifs.

Alpha says *that* coders disagree on a variable; the coincidence matrix says *which* categories they
confuse (o_ck counts the pairs of values c and k coders gave the same unit), per-category alpha says
which category they cannot agree on (each category against all the others, as for the options of a
multi-select variable), and the what-if gives the alpha the variable would have if two or more
categories were merged — the lead's test before rewriting a definition. Nothing here changes data:
each function recodes a copy of the observations and computes alpha again — except per-category
alpha, which the coincidence matrix already holds (:func:`category_alphas`), so the report gives it
for every nominal variable at no measurable cost.

For the report and the export (:func:`line_coincidences`) the matrix's values are the codebook's
codes in codebook order, every category included (an ordinal category nobody used is a row of
zeros), so the same variable reads the same in every project; the GUI and the what-if work on the
data set's own labels (an ordinal choice is its codebook position there).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from ictool.core.codebook.model import Code, Kind, Level
from ictool.core.errors import UserError
from ictool.core.reliability.alpha import AlphaResult, compute_alpha
from ictool.core.reliability.data import IntArray, ReliabilityData
from ictool.core.reliability.project_data import ScoredLine
from ictool.core.reliability.values import ValueKey, key_label, value_key

#: Values beyond which a coincidence matrix is left out of the report and ``alpha --json``: a number
#: variable scored as ordinal can have hundreds of values, and a V × V table of them is no table a
#: person reads (nor one worth V² numbers of JSON for every report).
MATRIX_VALUES = 64


@dataclass(frozen=True)
class CoincidenceMatrix:
    """o_ck in the variable's value order, with the marginals n_c and the pairable values n."""

    values: tuple[Hashable, ...]
    matrix: tuple[tuple[float, ...], ...]
    totals: tuple[float, ...]
    n: float

    def to_json_dict(self) -> dict[str, object]:
        """``values``, ``matrix`` (o_ck, row c and column k in ``values`` order), ``totals`` (n_c: the
        row sums, the pairable values of each category) and ``n`` (their sum); numbers unrounded."""
        return {
            "values": list(self.values),
            "matrix": [list(row) for row in self.matrix],
            "totals": list(self.totals),
            "n": self.n,
        }


def coincidence_matrix(result: AlphaResult) -> CoincidenceMatrix | None:
    """The coincidence matrix behind an alpha, or None when nothing could be paired."""
    cells = result.coincidences
    if cells is None:
        return None
    dense = cells.dense()
    return CoincidenceMatrix(
        values=tuple(key_label(k) for k in result.domain),
        matrix=tuple(tuple(float(x) for x in row) for row in dense),
        totals=tuple(float(x) for x in cells.totals),
        n=float(cells.totals.sum()),
    )


def category_alphas(matrix: CoincidenceMatrix) -> tuple[float | None, ...]:
    """Nominal alpha of each category against all the others, read off the coincidence matrix.

    Recoding category c as 1 and every other value as 0 keeps the pairable units, so the binary
    matrix is o_11 = o_cc, o_10 = n_c − o_cc, n_1 = n_c, n_0 = n − n_c, and nominal alpha
    1 − (n − 1) D_o / D_e becomes 1 − (n − 1)(n_c − o_cc) / (n_c (n − n_c)): the same number
    :func:`category_alpha` gets by recomputing, without touching the data again. None where it is
    undefined: the category never paired (n_c = 0), or every pairable value is that category.
    """
    n = matrix.n
    out: list[float | None] = []
    for index, n_c in enumerate(matrix.totals):
        if n_c <= 0.0 or n_c >= n:
            out.append(None)
            continue
        off = n_c - matrix.matrix[index][index]
        out.append(1.0 - (n - 1.0) * off / (n_c * (n - n_c)))
    return tuple(out)


def line_coincidences(line: ScoredLine, result: AlphaResult | None) -> CoincidenceMatrix | None:
    """The coincidence matrix of a report line in the codebook's terms, or None where it has none.

    Nominal and ordinal lines only (interval and ratio values are compared by distance, not
    confused), and only where something paired. Values are codes: a choice variable's every
    category in codebook order (an ordinal line's data know its choices by position: mapped back,
    unused ones as zero rows), 0 and 1 (not chosen, chosen) for a multi-select option, the numbers
    of a number variable — unless it has more than :data:`MATRIX_VALUES`.
    """
    if result is None or result.units == 0 or line.level not in (Level.NOMINAL, Level.ORDINAL):
        return None
    variable = line.variable
    if variable.kind is Kind.NUMBER and len(result.domain) > MATRIX_VALUES:
        return None
    table = coincidence_matrix(result)
    if table is None or line.option is not None or variable.kind is not Kind.SINGLE:
        return table
    choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
    if line.level is Level.NOMINAL:
        # the data's domain is the choices themselves, in codebook order (project_data)
        same = [key_label(value_key(c)) for c in choices] == list(table.values)
        return CoincidenceMatrix(tuple(choices), table.matrix, table.totals, table.n) if same else table
    at = [int(k[1]) for k in result.domain]  # ordinal: each domain entry is a codebook position
    size = len(choices)
    dense = np.zeros((size, size))
    dense[np.ix_(at, at)] = np.array(table.matrix)
    totals = np.zeros(size)
    totals[at] = table.totals
    return CoincidenceMatrix(
        tuple(choices),
        tuple(tuple(float(x) for x in row) for row in dense),
        tuple(float(x) for x in totals),
        table.n,
    )


def _indices(data: ReliabilityData, labels: Collection[Hashable]) -> list[int]:
    wanted = list(labels)
    found = [i for i, label in enumerate(data.labels) if label in wanted]
    missing = [label for label in wanted if label not in data.labels]
    if missing:
        shown = ", ".join(str(m) for m in missing)
        raise UserError(f"no category {shown} among the values of this variable ({len(data.labels)} in use)")
    return found


def merge_categories(data: ReliabilityData, labels: Collection[Hashable]) -> ReliabilityData:
    """A copy of ``data`` in which the given categories are one (the first of them in value order).

    For ordinal data only neighbouring categories can be merged without changing what the others
    mean, so a gap is refused.
    """
    chosen = _indices(data, labels)
    if len(chosen) < 2:
        raise UserError("name at least two categories to merge")
    if data.level is Level.ORDINAL and chosen != list(range(chosen[0], chosen[-1] + 1)):
        raise UserError("on an ordinal scale only neighbouring categories can be merged")
    remap = np.arange(len(data.domain), dtype=np.intp)
    remap[chosen] = chosen[0]
    return _recoded(data, remap[data.value])


def merged_alpha(data: ReliabilityData, labels: Collection[Hashable]) -> AlphaResult:
    """The alpha the variable would have with ``labels`` merged into one category (a what-if)."""
    return compute_alpha(merge_categories(data, labels))


def line_merged_alpha(line: ScoredLine, codes: Sequence[str]) -> tuple[tuple[Code | float, ...], AlphaResult]:
    """The what-if of a report line with the categories a person typed (``3``, ``4``) merged.

    Returns the codes as the codebook spells them, and the alpha. The codes are matched to the
    codebook's choices (or read as numbers for a number variable) and then to the data set's own
    labels: an ordinal choice is known there by its position. A category nobody used in a
    document two coders coded changes nothing when merged, so it is left out (with fewer than two
    left, the alpha is the line's own).
    """
    if line.data is None:
        raise UserError(f"{line.name} has no alpha to compare with: {line.error}")
    if line.level not in (Level.NOMINAL, Level.ORDINAL):
        raise UserError(
            f"{line.name} is {line.level.value}: categories merge on nominal and ordinal variables"
        )
    if line.option is not None:
        raise UserError(
            f"{line.name} is one option of a multi-select variable (chosen or not): nothing to merge"
        )
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if len(wanted) < 2:
        raise UserError("name at least two categories to merge, e.g. 3,4")
    data, variable = line.data, line.variable
    named: list[Code | float] = []
    labels: list[Hashable] = []
    if variable.kind is Kind.SINGLE:
        choices = [c.code for c in variable.choices if not variable.is_missing_code(c.code)]
        by_text = {str(code): i for i, code in enumerate(choices)}
        unknown = [c for c in wanted if c not in by_text]
        if unknown:
            raise UserError(
                f"{', '.join(unknown)}: not a category of {line.name} "
                f"(its categories: {', '.join(str(c) for c in choices)})"
            )
        for text in wanted:
            position = by_text[text]
            named.append(choices[position])
            labels.append(
                position if line.level is Level.ORDINAL else key_label(value_key(choices[position]))
            )
    else:
        for text in wanted:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                raise UserError(f"{text!r} is not a number, and {line.name} is a number variable") from None
            named.append(number)
            labels.append(key_label((0, number)))
    used = [label for label in labels if label in data.labels]
    return tuple(named), merged_alpha(data, used) if len(used) >= 2 else compute_alpha(data)


def category_alpha(data: ReliabilityData) -> dict[Hashable, AlphaResult]:
    """Nominal alpha of each category against all the others: which one coders cannot agree on."""
    out: dict[Hashable, AlphaResult] = {}
    for index, label in enumerate(data.labels):
        binary = (data.value == index).astype(np.intp)
        out[label] = compute_alpha(_recoded(data, binary, domain=((0, 0.0), (0, 1.0)), level=Level.NOMINAL))
    return out


def _recoded(
    data: ReliabilityData,
    value: IntArray,
    *,
    domain: tuple[ValueKey, ...] | None = None,
    level: Level | None = None,
) -> ReliabilityData:
    new_domain = data.domain if domain is None else domain
    return ReliabilityData(
        level=data.level if level is None else level,
        unit=data.unit,
        coder=data.coder,
        value=value.astype(np.intp),
        domain=new_domain,
        unit_labels=data.unit_labels,
        coder_labels=data.coder_labels,
        numbers=data.numbers if domain is None else np.array([k[1] for k in new_domain]),
        missing=data.missing,
        coder_count=data.coder_count,
    )
