"""Who codes which document: everyone everything, or a reliability sample everyone codes and the
rest split among the coders — with the seed that makes the draw reproducible for a methods section."""

from __future__ import annotations

import secrets

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ictool.core.team.assign import sizes
from ictool.gui.lead.wizard.common import StatusLine
from ictool.gui.lead.wizard.draft import Draft

MAX_SEED = 2**31 - 1


class AssignmentPage(QWizardPage):
    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.setTitle("Assignment")
        self.setSubTitle(
            "Reliability needs documents coded by several coders. Coding everything several times is "
            "rarely affordable: a random sample can be coded by everyone and the rest split among the coders."
        )
        self.everyone = QRadioButton("&Every coder codes every document")
        self.sample = QRadioButton(
            "A reliability &sample coded by every coder; the other documents split among them"
        )
        group = QButtonGroup(self)
        group.addButton(self.everyone)
        group.addButton(self.sample)
        self.overlap = QSpinBox()
        self.overlap.setRange(1, 100)
        self.overlap.setValue(20)
        self.overlap.setSuffix(" %")
        self.overlap.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.overlap.setAccessibleName("Share of documents in the reliability sample")
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setValue(secrets.randbelow(MAX_SEED))
        self.seed.setAccessibleName("Seed of the random draw")
        self.new_seed = QPushButton("New s&eed")
        self.new_seed.clicked.connect(lambda: self.seed.setValue(secrets.randbelow(MAX_SEED)))
        seed_row = QHBoxLayout()
        seed_row.addWidget(self.seed)
        seed_row.addWidget(self.new_seed)
        seed_row.addStretch(1)
        self.form = QFormLayout()
        self.form.addRow("Sample si&ze:", self.overlap)
        seed_label = QLabel("See&d:")
        seed_label.setBuddy(self.seed)
        self.form.addRow(seed_label, seed_row)
        self.preview = StatusLine("What the assignment gives")
        layout = QVBoxLayout(self)
        layout.addWidget(self.everyone)
        layout.addWidget(self.sample)
        layout.addLayout(self.form)
        layout.addWidget(self.preview)
        layout.addStretch(1)
        self.everyone.setChecked(True)
        for signal in (self.everyone.toggled, self.overlap.valueChanged, self.seed.valueChanged):
            signal.connect(self._update)

    def initializePage(self) -> None:
        if len(self.draft.coders) > 2 and len(self.draft.found) > 20 and not self.sample.isChecked():
            self.sample.setChecked(True)  # a big study: a sample is the usual design
        self._update()

    def _update(self) -> None:
        sampled = self.sample.isChecked()
        self.overlap.setEnabled(sampled)
        self.seed.setEnabled(sampled)
        self.new_seed.setEnabled(sampled)
        self.draft.overlap = self.overlap.value() / 100 if sampled else None
        self.draft.seed = self.seed.value() if sampled else None
        self.preview.note(
            describe(len(self.draft.found), len(self.draft.coders), self.draft.overlap, self.draft.seed)
        )


def describe(documents: int, coders: int, overlap: float | None, seed: int | None) -> str:
    s = sizes(documents, coders, overlap)
    if overlap is None or s.shared == documents:
        return f"Each of the {coders} coder(s) codes all {documents} documents."
    each = f"{s.fewest}" if s.fewest == s.most else f"{s.fewest} or {s.most}"
    return (
        f"{s.shared} of the {documents} documents (drawn at random with seed {seed}) are coded by all "
        f"{coders} coders; each coder gets {each} documents in all. Note the seed for your methods section: "
        "the same seed gives the same draw."
    )
