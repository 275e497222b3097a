"""The Rounds page's tables as read-only item models of text cells, and what goes in them.

Why one model of cells: the page shows four tables (rounds side by side, the sample plan, the
selected line's per-category alphas, and its coders against the reference and their stability),
all read-only text with a status where there is one. Each is built here from what the core
computed (``core.reliability.by_round``, ``planner``, the rounds' reports) by a function that only
formats; the model only shows. A status is an icon and a tint, never a colour alone
(``reliability.style``), and a word: in the cell's tooltip and spoken text always, in the cell
itself where the table has room (not in the rounds table: a verdict repeated in every cell made
each round's column so wide that the last round — the one the summary speaks of — was cut off).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication

from ictool.core.codebook.model import Codebook
from ictool.core.reliability.by_round import AgainstReference, ByRound, RoundFigures
from ictool.core.reliability.planner import LinePlan
from ictool.core.reliability.project_report import VariableReliability
from ictool.core.rounds.rule import QualificationRule
from ictool.gui.lead.reliability.style import fmt_alpha, status_icon, tint
from ictool.gui.lead.reliability.table_model import NAME_ROLE, OPTION_ROLE, line_text

Index = QModelIndex | QPersistentModelIndex

#: The rule's verdict on a round's figures, in words (as ``report --by-round`` prints them).
VERDICT = {True: "qualified", False: "not qualified", None: "needs CI"}

#: The planner's verdicts, each shown as the status it amounts to.
PLAN_STATUS = {
    "enough for .800": "reliable",
    "enough for .667 only": "tentative",
    "too few": "unreliable",
    "not applicable": "undefined",
}


def threshold(value: float) -> str:
    """A threshold as the Reliability page writes it: ".800", "1.000" (alpha never exceeds 1)."""
    text = f"{value:.3f}"
    return text[1:] if text.startswith("0.") else text


def rule_text(rule: QualificationRule) -> str:
    """The study's rule in the app's notation ("alpha ≥ .800 and …"), not the CLI's ">= 0.800"."""
    alpha, lower = threshold(rule.min_alpha), threshold(rule.min_lower)
    return f"alpha ≥ {alpha} and the 95% interval's lower bound ≥ {lower}"


@dataclass(frozen=True)
class Cell:
    text: str
    status: str | None = None  # a status of ``reliability.style``: icon and tint
    tip: str | None = None
    number: bool = False  # right-aligned
    verdict: str = ""  # the status in words when ``text`` leaves it to the icon: spoken after the text
    option: str = ""  # a multi-select option's label in ``text``, which a narrow cell cuts (``OPTION_ROLE``)


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    keys: tuple[str, ...]  # each row's identity (a line's name, a coder's name…)
    header_tips: tuple[str | None, ...] = ()


EMPTY = Table((), (), ())


class CellsModel(QAbstractTableModel):
    """A read-only table of :class:`Cell` rows; ``set_table`` replaces it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = EMPTY

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def cell(self, row: int, column: int) -> Cell:
        return self.table.rows[row][column]

    def row_of(self, key: str) -> int:
        try:
            return self.table.keys.index(key)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.table.rows):
            return None
        cell = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tip
        if role == NAME_ROLE:
            return self.table.keys[index.row()]
        if role == OPTION_ROLE:
            return cell.option
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = f"{self.table.headers[index.column()]}: {cell.text}"
            return f"{said}, {cell.verdict}" if cell.verdict else said
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if cell.status is not None:
            if role == Qt.ItemDataRole.DecorationRole:
                return status_icon(cell.status)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(tint(cell.status, QApplication.palette(), 0.22))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.table.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.table.header_tips):
            return self.table.header_tips[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


# -- what goes in the tables ----------------------------------------------------------------------


def verdict_status(figures: RoundFigures) -> str:
    """The rule's verdict as a status: qualified reads as reliable, a missing interval as tentative."""
    if figures.qualified is True:
        return "reliable"
    if figures.qualified is None:
        return "tentative"
    return "undefined" if figures.alpha is None else "unreliable"


def ci_text(ci95: tuple[float, float] | None) -> str:
    return "" if ci95 is None else f"[{ci95[0]:.3f}, {ci95[1]:.3f}]"


def line_tip(name: str, label: str | None) -> str:
    return name if not label or label == name else f"{name} — {label}"


def labels_of(result: ByRound) -> dict[str, str]:
    """Line name → its label, from the rounds' reports."""
    out: dict[str, str] = {}
    for report in result.reports.values():
        for line in report.variables:
            out.setdefault(line.name, line.label)
    return out


def rounds_table(result: ByRound, codebook: Codebook, options: Mapping[str, str] | None = None) -> Table:
    """A row per report line, a column per round: alpha and its interval; the rule's verdict is the
    cell's icon and tint, and its words are in the tooltip and the spoken text. A header is the
    round's name alone (its documents are in the tooltip and the page's summary): short columns.
    ``options`` gives a multi-select option's label, shown beside its line's name."""
    options = options or {}
    labels = labels_of(result)
    rule = rule_text(result.rule)
    headers = ("Variable", *(r.name for r in result.rounds))
    tips: tuple[str | None, ...] = (
        "The report line: a variable, or variable=code for an option of a multi-select variable",
        *(
            f"Round {r.name}: {r.documents} documents"
            + (f", reference coder {r.reference}" if r.reference else "")
            + f". Verdict by the study's rule: {rule}"
            for r in result.rounds
        ),
    )
    rows = []
    for line in result.lines:
        option = options.get(line, "")
        cells = [Cell(line_text(line, option), tip=line_tip(line, labels.get(line)), option=option)]
        per_round = result.figures.get(line, {})
        for r in result.rounds:
            f = per_round.get(r.name)
            if f is None:
                cells.append(Cell("—", tip=f"No values for {line} in round {r.name}"))
                continue
            text = " ".join(t for t in (fmt_alpha(f.alpha), ci_text(f.ci95)) if t)
            tip = (
                f"Round {r.name}: alpha {fmt_alpha(f.alpha)}"
                + (f", 95% CI {ci_text(f.ci95)}" if f.ci95 is not None else "")
                + f", {f.units} documents coded by two or more coders. {VERDICT[f.qualified].capitalize()}"
                + (": the interval is still being computed" if f.qualified is None else "")
                + f" (rule: {rule})."
            )
            cells.append(Cell(text, verdict_status(f), tip, verdict=VERDICT[f.qualified]))
        rows.append(tuple(cells))
    return Table(headers, tuple(rows), result.lines, tips)


def rarest_text(plan: LinePlan, codebook: Codebook) -> str:
    """``1 Yes (8.3%)``: the rarest category by code and label, and its share; "—" where none."""
    if plan.rarest_share is None:
        return "—"
    variable = codebook.get(plan.name)  # a variable's line; an option's categories are words already
    code = plan.rarest
    category = variable.category(code) if variable is not None and isinstance(code, int | str) else None
    rarest = f"{category.code} {category.label}" if category is not None else str(plan.rarest)
    return f"{rarest} ({plan.rarest_share:.1%})"


PLAN_HEADERS = (
    "Variable",
    "Level",
    "Rarest category (share)",
    "Values",
    "Documents",
    "Need .800",
    "Need .667",
    "Verdict",
    "Note",
)
#: The plan's columns the page sizes apart: the rarest category gives way, the verdict and the note
#: (the answer) stay in view.
PLAN_RAREST = PLAN_HEADERS.index("Rarest category (share)")
PLAN_VERDICT = PLAN_HEADERS.index("Verdict")
PLAN_NOTE = PLAN_HEADERS.index("Note")


def plan_table(
    plans: Sequence[LinePlan], codebook: Codebook, options: Mapping[str, str] | None = None
) -> Table:
    """The sample plan, a row per report line (what ``ictool plan PROJECT`` prints); ``options`` as
    for :func:`rounds_table`."""
    options = options or {}
    headers = PLAN_HEADERS
    tips = (
        None,
        None,
        "The category coders used least, and its share of the pairable values",
        "Pairable values: values in documents coded by two or more coders",
        "Documents coded by two or more coders",
        "Documents every coder must code for alpha to be shown to exceed .800",
        "Documents every coder must code for alpha to be shown to exceed .667",
        "Whether the documents there are suffice",
        None,
    )
    rows = []
    for p in plans:
        share = rarest_text(p, codebook)
        rows.append(
            (
                Cell(
                    line_text(p.name, options.get(p.name, "")),
                    tip=line_tip(p.name, p.label),
                    option=options.get(p.name, ""),
                ),
                Cell(p.level.value),
                Cell(share, tip=share),
                Cell(str(p.pairable_values), number=True),
                Cell(str(p.units), number=True),
                Cell(str(p.needed.get(0.8, "—")), number=True),
                Cell(str(p.needed.get(0.667, "—")), number=True),
                Cell(p.verdict, PLAN_STATUS.get(p.verdict, "undefined"), p.note),
                Cell(p.note or "", tip=p.note),
            )
        )
    return Table(headers, tuple(rows), tuple(p.name for p in plans), tips)


def report_line(result: ByRound, round_name: str, name: str) -> VariableReliability | None:
    report = result.reports.get(round_name)
    if report is None:
        return None
    return next((v for v in report.variables if v.name == name), None)


def category_name(codebook: Codebook, line: VariableReliability, code: Hashable) -> str:
    """``code · label`` for a codebook category, else the code."""
    variable = codebook.get(line.variable)
    if variable is not None:
        for choice in variable.choices:
            if str(choice.code) == str(code):
                return f"{choice.code} · {choice.label}"
    return str(code)


def categories_table(result: ByRound, codebook: Codebook, name: str) -> Table:
    """The selected line's per-category alphas (each category against all the others), per round."""
    lines = {r.name: report_line(result, r.name, name) for r in result.rounds}
    order: dict[Hashable, str] = {}
    alphas: dict[str, dict[Hashable, float | None]] = {}
    for round_name, line in lines.items():
        if line is None or line.category_alpha is None:
            continue
        alphas[round_name] = dict(line.category_alpha)
        for code, _alpha in line.category_alpha:
            order.setdefault(code, category_name(codebook, line, code))
    shown = [r for r in result.rounds if r.name in alphas]
    if not shown:
        return EMPTY
    rows = []
    for code, label in order.items():
        cells = [Cell(label, tip=label)]
        for r in shown:
            alpha = alphas[r.name].get(code)
            tip = (
                f"Round {r.name}: alpha of {label} against every other category"
                if alpha is not None
                else f"Round {r.name}: undefined (the category never paired, or every value was it)"
            )
            cells.append(Cell(fmt_alpha(alpha), tip=tip, number=True))
        rows.append(tuple(cells))
    return Table(("Category", *(r.name for r in shown)), tuple(rows), tuple(str(c) for c in order))


def _against(a: AgainstReference | None) -> Cell:
    if a is None:
        return Cell("—", tip="Not coded by both on this line")
    text = " ".join(t for t in (fmt_alpha(a.alpha), ci_text(a.ci95), f"({a.units} doc.)") if t)
    tip = a.undefined_reason or (
        f"Alpha of the pair on the {a.units} documents both coded"
        + (f", 95% CI {ci_text(a.ci95)}" if a.ci95 is not None else "")
    )
    return Cell(text, tip=tip, number=True)


def coders_table(result: ByRound, name: str) -> Table:
    """Each coder's alpha against each round's reference coder, and their stability (retest)."""
    columns: list[tuple[str, dict[str, AgainstReference]]] = []
    tips: list[str | None] = [None]
    for r in result.rounds:
        per_line = result.reference.get(r.name)
        if per_line is None:
            continue
        columns.append((f"vs {r.reference} ({r.name})", dict(per_line.get(name, {}))))
        tips.append(f"Each coder's alpha against {r.reference}, the reference coder of round {r.name}")
    stability = result.stability.get(name)
    if result.stability:
        columns.append(("Stability (retest)", dict(stability or {})))
        tips.append("Each coder's alpha with their own earlier coding of the same documents (test-retest)")
    coders = sorted({c for _, per in columns for c in per}, key=str.casefold)
    if not columns or not coders:
        return EMPTY
    rows = tuple((Cell(c), *(_against(per.get(c)) for _, per in columns)) for c in coders)
    return Table(("Coder", *(h for h, _ in columns)), rows, tuple(coders), tuple(tips))
