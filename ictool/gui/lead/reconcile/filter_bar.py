"""The queue's filters: one list per criterion, offering only what the queue holds, with counts.

Why options come from the queue and not the codebook: a variable nobody disagrees on would only
lead to an empty list; the counts ("leave_reason (4)") tell the lead where the work is before they
pick. A choice still offered after a re-read (a merge, a resolution) is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSizePolicy, QWidget

from ictool.core.reconcile import Disagreement
from ictool.gui.lead.reconcile.keys import KeepTyping
from ictool.gui.lead.reconcile.queue_filter import RESOLVED, UNRESOLVED, Filters

ANY = None
NO_GROUP = "(no group)"


def _counted(label: str, n: int) -> str:
    return f"{label} ({n})"


Options = list[tuple[str, str]]  # (text shown, data)


@dataclass(frozen=True)
class FilterOptions:
    """What each list offers, with counts: made where the queue is read (a worker), only shown here."""

    variables: Options
    groups: Options
    documents: Options
    coders: Options


def filter_options(items: Sequence[Disagreement]) -> FilterOptions:
    """The choices ``items`` hold, counted; over a second for 200,000 items, so not on the GUI thread."""
    variables: dict[str, str] = {}
    groups: dict[str, None] = {}
    documents: dict[str, str] = {}
    coders: dict[str, str] = {}
    for d in sorted(items, key=lambda d: d.variable_position):
        variables.setdefault(d.variable.uuid, d.variable.name)
        groups.setdefault(d.variable.group, None)
    for d in sorted(items, key=lambda d: d.document_position):
        documents.setdefault(d.document_uuid, d.document)
    for d in items:
        for v in d.values:
            coders.setdefault(v.coder_uuid, v.coder)
    per_variable = Counter(d.variable.uuid for d in items)
    per_group = Counter(d.variable.group for d in items)
    per_document = Counter(d.document_uuid for d in items)
    per_coder = Counter(v.coder_uuid for d in items for v in d.values)
    ordered = sorted(coders.items(), key=lambda c: c[1].casefold())
    return FilterOptions(
        [(_counted(n, per_variable[u]), u) for u, n in variables.items()],
        [(_counted(g or NO_GROUP, per_group[g]), g) for g in groups],
        [(_counted(n, per_document[u]), u) for u, n in documents.items()],
        [(_counted(n, per_coder[u]), u) for u, n in ordered],
    )


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, keep_typing: KeepTyping, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.variable = self._combo("Variable")
        self.group = self._combo("Group")
        self.document = self._combo("Document")
        self.coder = self._combo("Coder")
        self.status = self._combo("Status")
        for text, data in (("Any status", ANY), ("Unresolved", UNRESOLVED), ("Resolved", RESOLVED)):
            self.status.addItem(text, data)
        keep_typing.watch(self.variable, self.group, self.document, self.coder, self.status)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        cells = (
            ("Var&iable:", self.variable),
            ("Gr&oup:", self.group),
            ("Docu&ment:", self.document),
            ("&Coder:", self.coder),
            ("&Status:", self.status),
        )
        for i, (text, combo) in enumerate(cells):  # two label-list pairs per row
            label = QLabel(text)
            label.setBuddy(combo)
            grid.addWidget(label, i // 2, 2 * (i % 2))
            grid.addWidget(combo, i // 2, 2 * (i % 2) + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _combo(self, what: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"Filter by {what.lower()}")
        combo.view().setAccessibleName(f"{what} choices")
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def set_items(self, items: Sequence[Disagreement]) -> None:
        """Offer what ``items`` hold; keep each current choice if it is still offered."""
        self.set_options(filter_options(items))

    def set_options(self, options: FilterOptions) -> None:
        """Offer ``options`` (``filter_options``); keep each current choice if it is still offered."""
        self.blockSignals(True)
        try:
            self._fill(self.variable, "All variables", options.variables)
            self._fill(self.group, "All groups", options.groups)
            self._fill(self.document, "All documents", options.documents)
            self._fill(self.coder, "All coders", options.coders)
        finally:
            self.blockSignals(False)

    @staticmethod
    def _fill(combo: QComboBox, everything: str, options: list[tuple[str, str]]) -> None:
        kept = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(everything, ANY)
            for text, data in options:
                combo.addItem(text, data)
            index = combo.findData(kept) if kept is not None else 0
            combo.setCurrentIndex(max(index, 0))
        finally:
            combo.blockSignals(False)

    def filters(self) -> Filters:
        return Filters(
            variable=self.variable.currentData(),
            group=self.group.currentData(),
            document=self.document.currentData(),
            coder=self.coder.currentData(),
            status=self.status.currentData(),
        )

    def reset(self) -> None:
        """Every list back to "all", as one change (not one filtering of the queue per list)."""
        combos = (self.variable, self.group, self.document, self.coder, self.status)
        if all(combo.currentIndex() == 0 for combo in combos):
            return
        for combo in combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.changed.emit()
