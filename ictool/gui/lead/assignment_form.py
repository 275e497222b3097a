"""Who codes which document: everyone everything, or a reliability sample everyone codes and the
rest split among the coders — with the seed that makes the draw reproducible for a methods section.

One form for the new-project wizard and the Team page's "Assign documents…"; the numbers it
previews are the core's (``team.assign.sizes``), so the preview is what ``assign`` then draws.
"""

from __future__ import annotations

import secrets

from PySide6.QtCore import Signal
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
)

from ictool.core.team.assign import sizes
from ictool.core.text.wording import plural
from ictool.gui.lead.status_line import StatusLine

MAX_SEED = 2**31 - 1


def describe(documents: int, coders: int, overlap: float | None, seed: int | None) -> str:
    s = sizes(documents, coders, overlap)
    if overlap is None or s.shared == documents:
        everyone = "The one coder" if coders == 1 else f"Each of the {coders} coders"
        return f"{everyone} codes all {plural(documents, 'document')}."
    each = f"{s.fewest}" if s.fewest == s.most else f"{s.fewest} or {s.most}"
    return (
        f"{s.shared} of the {documents} documents (drawn at random with seed {seed}) are coded by all "
        f"{coders} coders; each coder gets {each} documents in all. Note the seed for your methods section: "
        "the same seed gives the same draw."
    )


class AssignmentForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents = 0
        self.coders = 0
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
        form = QFormLayout()
        form.addRow("Sample si&ze:", self.overlap)
        seed_label = QLabel("See&d:")
        seed_label.setBuddy(self.seed)
        form.addRow(seed_label, seed_row)
        self.preview = StatusLine("What the assignment gives")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.everyone)
        layout.addWidget(self.sample)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        self.everyone.setChecked(True)
        for signal in (self.everyone.toggled, self.overlap.valueChanged, self.seed.valueChanged):
            signal.connect(self._update)
        self._update()

    def set_counts(self, documents: int, coders: int) -> None:
        self.documents, self.coders = documents, coders
        self._update()

    def overlap_value(self) -> float | None:
        """None: everyone codes everything; else the share of documents in the sample."""
        return self.overlap.value() / 100 if self.sample.isChecked() else None

    def seed_value(self) -> int | None:
        return self.seed.value() if self.sample.isChecked() else None

    def _update(self) -> None:
        sampled = self.sample.isChecked()
        for w in (self.overlap, self.seed, self.new_seed):
            w.setEnabled(sampled)
        self.preview.note(describe(self.documents, self.coders, self.overlap_value(), self.seed_value()))
        self.changed.emit()
