"""Putting documents in a round from the app: what ``ictool rounds add`` and ``rounds reference`` do.

Why a dialog with the documents listed: the command line names documents by their ids, which a lead
working in the app has no reason to know; here they tick them, found by id or title. The dialog
only collects and checks (the core's own rules: a name, at least one document); the Rounds page
writes through the session. A document already in the round is shown ticked and greyed: adding
never takes one out, as the core never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QWidget,
)

from ictool.core.records import DocumentInfo
from ictool.core.rounds.membership import MAX_NAME
from ictool.core.text.wording import plural
from ictool.gui.lead.rounds.checklist import ChecklistDialog

NO_REFERENCE = "(none)"


class AddToRoundDialog(ChecklistDialog):
    """A round's name (new or existing), its documents, and optionally its reference coder.

    ``members`` maps each existing round's name to the ids of its documents, ``references`` to its
    reference coder (absent: none).
    """

    def __init__(
        self,
        documents: Sequence[DocumentInfo],
        members: dict[str, set[str]],
        references: dict[str, str],
        coders: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.members = members
        self.references = references
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(list(members))
        self.name.setCurrentText("" if not members else list(members)[-1])
        editor = self.name.lineEdit()
        assert editor is not None  # an editable combo box has one
        editor.setPlaceholderText("pilot, training-1, main…")
        editor.setMaxLength(MAX_NAME)
        self.name.setAccessibleName("Round name")
        self.reference = QComboBox()
        self.reference.addItems([NO_REFERENCE, *coders])
        self.reference.setAccessibleName("Reference coder")
        for box, items in ((self.name, "Rounds of the project"), (self.reference, "Coders of the project")):
            view = box.view()  # the drop-down list, made by the first setCurrentText
            if view is not None:
                view.setAccessibleName(items)
        self.reference.setToolTip(
            "An expert, or the agreed key: each other coder's alpha against this coder shows who is "
            "ready for the main coding"
        )
        form = QFormLayout()
        form.addRow("&Round:", self.name)
        form.addRow("Re&ference coder:", self.reference)

        self.lay_out(
            "Add documents to a round",
            "A round is a named set of documents coded at one stage of the study (a pilot, a training "
            "round, the main coding). Type a new name or choose a round to add to.",
            form,
            "Documents to put in the round",
            "&Documents:",
            "&Add to round",
            30,
        )
        self.documents.set_documents(documents)
        self.name.currentTextChanged.connect(self._round_changed)
        self.documents.changed.connect(self._check)
        self.reference.currentTextChanged.connect(self._check)  # a new reference alone is a change
        self._round_changed(self.name.currentText())

    # -- what was chosen ------------------------------------------------------------------

    def round_name(self) -> str:
        return self.name.currentText().strip()

    def reference_coder(self) -> str | None:
        text = self.reference.currentText()
        return None if text == NO_REFERENCE else text

    # -- keeping the dialog honest --------------------------------------------------------

    def _existing(self) -> str | None:
        folded = self.round_name().casefold()
        return next((name for name in self.members if name.casefold() == folded), None)

    def _existing_members(self) -> set[str]:
        existing = self._existing()
        return self.members.get(existing, set()) if existing is not None else set()

    def _round_changed(self, _text: str) -> None:
        """Show the round's own documents ticked and fixed, and its reference coder."""
        self.documents.set_fixed(self._existing_members())
        existing = self._existing()
        reference = self.references.get(existing) if existing is not None else None
        self.reference.setCurrentText(reference or NO_REFERENCE)  # it and set_fixed each check again

    def problem(self) -> str | None:
        name = self.round_name()
        if not name:
            return "Name the round (a new name creates it)."
        existing = self._existing()
        reference_changes = existing is not None and self.reference_coder() != self.references.get(existing)
        if not self.chosen() and not reference_changes:
            if existing is not None:
                return f"Tick the documents to add to {existing} (its own are ticked already)."
            return "Tick at least one document."
        return None

    def _check(self) -> None:
        added = len(self.chosen())
        existing = self._existing()
        what = plural(added, "document")
        if existing is None:
            ok = f"A new round, {self.round_name()}, with {what}."
        elif added:
            ok = f"{what} added to {existing}."
        else:
            ok = f"{existing}: its reference coder changes."
        self.show_check(self.problem(), ok)
