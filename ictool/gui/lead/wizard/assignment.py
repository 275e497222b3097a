"""The wizard's assignment page: the shared assignment form over the draft's documents and coders."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizardPage

from ictool.gui.lead.assignment_form import AssignmentForm
from ictool.gui.lead.wizard.draft import Draft


class AssignmentPage(QWizardPage):
    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setTitle("Assignment")
        self.setSubTitle(
            "Reliability needs documents coded by several coders. Coding everything several times is "
            "rarely affordable: a random sample can be coded by everyone and the rest split among the coders."
        )
        self.form = AssignmentForm()
        self.form.changed.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        # The form's parts, named as the tests and the screenshots know them.
        self.everyone, self.sample = self.form.everyone, self.form.sample
        self.overlap, self.seed, self.preview = self.form.overlap, self.form.seed, self.form.preview

    def initializePage(self) -> None:
        if len(self.draft.coders) > 2 and len(self.draft.found) > 20 and not self.sample.isChecked():
            self.sample.setChecked(True)  # a big study: a sample is the usual design
        self.form.set_counts(len(self.draft.found), len(self.draft.coders))

    def _update(self) -> None:
        self.draft.overlap = self.form.overlap_value()
        self.draft.seed = self.form.seed_value()
