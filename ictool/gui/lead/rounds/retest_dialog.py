"""Retesting a coder from the app: what ``ictool rounds retest PROJECT CODER DOC_ID...`` does.

Why a dialog listing only the coder's own coded documents: a retest repeats an earlier coding (the core
refuses a document the coder has not coded), so those are the only ones worth offering; the ones the
coder's retest identity already has are shown ticked and fixed. The dialog only collects; the Rounds
page writes through the session.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QWidget,
)

from ictool.core.records import DocumentInfo
from ictool.core.rounds.retest import RETEST_SUFFIX, RetestChoice
from ictool.core.text.wording import plural
from ictool.gui.lead.rounds.checklist import ChecklistDialog


class RetestDialog(ChecklistDialog):
    def __init__(
        self,
        choices: Sequence[RetestChoice],
        documents: Sequence[DocumentInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choices = {c.coder: c for c in choices}
        self.by_id = {d.doc_id: d for d in documents}
        self.coder = QComboBox()
        self.coder.addItems(list(self.choices))
        self.coder.setAccessibleName("Coder to retest")
        view = self.coder.view()
        if view is not None:
            view.setAccessibleName("Coders who coded documents")
        form = QFormLayout()
        form.addRow("&Coder:", self.coder)
        self.lay_out(
            "Retest a coder",
            "A retest gives a coder again, some weeks later, documents they coded before, in a package of "
            f"its own (the coder's retest identity, “Name{RETEST_SUFFIX}”, which holds none of the earlier "
            "values). The report then gives each coder's alpha with their own earlier coding: stability. "
            "The earlier values are never changed.",
            form,
            "Documents the coder codes again",
            "&Documents they coded:",
            "&Retest",
            32,
        )
        self.coder.currentTextChanged.connect(self._coder_changed)
        self.documents.changed.connect(self._check)
        self._coder_changed(self.coder.currentText())

    def coder_name(self) -> str:
        return self.coder.currentText()

    def _coder_changed(self, name: str) -> None:
        choice = self.choices.get(name)
        coded = choice.coded if choice is not None else ()
        self.documents.set_documents(self.by_id[d] for d in coded if d in self.by_id)
        self.documents.set_fixed(set(choice.retested) if choice is not None else set())  # checks again

    def problem(self) -> str | None:
        if not self.choices:
            return "No coder has coded a document yet: a retest repeats an earlier coding."
        if not self.chosen():
            return f"Tick the documents {self.coder_name()} codes again."
        return None

    def _check(self) -> None:
        n = len(self.chosen())
        self.show_check(
            self.problem(),
            f"{self.coder_name()}{RETEST_SUFFIX} gets {plural(n, 'document')} to code again; "
            "hand out its package (Team ▸ Hand out packages).",
        )
