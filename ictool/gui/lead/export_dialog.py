"""Export…: what to write and how, asked before the file name (``export_flow`` does the rest).

Why every option of ``ictool export`` is here and only where it applies: an option a format cannot
honour is refused by the core (a bootstrap for CSV), so the dialog disables it instead of letting
the lead choose something that would fail after the file name was asked. The dialog says how many
disagreements are unresolved before anything is written, and what happens to them in each format.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ictool.core.reliability.bootstrap import DEFAULT_REPLICATES
from ictool.gui.widgets.dialog_buttons import ok_cancel

XLSX, CSV, SAV, QDPX = "xlsx", "csv", "sav", "qdpx"
CODEBOOK_XLSX, CODEBOOK_CSV = "codebook-xlsx", "codebook-csv"

#: (kind, button text, file suffix, file-dialog filter)
FORMATS: tuple[tuple[str, str, str, str], ...] = (
    (
        XLSX,
        "&Workbook (.xlsx): final dataset, codings, evidence, memos, reliability, disagreements, codebook",
        ".xlsx",
        "Excel workbook (*.xlsx)",
    ),
    (CSV, "CS&V (.csv): the final dataset", ".csv", "CSV file (*.csv)"),
    (
        SAV,
        "S&PSS (.sav): the final dataset with variable and value labels, missing codes",
        ".sav",
        "SPSS data file (*.sav)",
    ),
    (
        QDPX,
        "REFI-&QDA (.qdpx) for ATLAS.ti, MAXQDA, NVivo, QualCoder: transcripts, codebook, codings",
        ".qdpx",
        "REFI-QDA project (*.qdpx)",
    ),
    (
        CODEBOOK_XLSX,
        "Codeboo&k as a sheet (.xlsx), the same columns as for import",
        ".xlsx",
        "Excel workbook (*.xlsx)",
    ),
    (CODEBOOK_CSV, "Codebook as C&SV (.csv)", ".csv", "CSV file (*.csv)"),
)
MAX_BOOTSTRAP = 100_000


@dataclass(frozen=True)
class ExportOptions:
    kind: str = XLSX
    labels: bool = False
    strict: bool = False
    bootstrap: int = 0  # only a workbook has a Reliability sheet: the core refuses one for the others
    bom: bool = False

    @property
    def suffix(self) -> str:
        return next(f[2] for f in FORMATS if f[0] == self.kind)

    @property
    def file_filter(self) -> str:
        return next(f[3] for f in FORMATS if f[0] == self.kind) + ";;All files (*)"

    @property
    def codebook(self) -> bool:
        return self.kind in (CODEBOOK_XLSX, CODEBOOK_CSV)


#: What the dialog offers first: a workbook whose Reliability sheet has 95% intervals, from KALPHA's
#: customary 1,000 replicates (the README's recipe, the Reliability page's). Offering "none" left the
#: sheet without intervals unless the lead knew to ask for them.
OFFERED = ExportOptions(bootstrap=DEFAULT_REPLICATES)


def unresolved_note(unresolved: int | None) -> str:
    """``unresolved`` is None while the Reconcile page has not (yet) read the queue: the export counts."""
    if unresolved is None:
        return (
            "Unresolved disagreements, if any: the workbook marks such cells UNRESOLVED, CSV and SPSS "
            "leave them empty; the export says how many there were. Tick “Refuse” below to export "
            "nothing until all are resolved."
        )
    if not unresolved:
        return "Every disagreement is resolved: the final dataset is complete."
    cells = f"{unresolved} disagreement{'s are' if unresolved != 1 else ' is'}"
    return (
        f"{cells} still unresolved: the workbook marks such cells UNRESOLVED, CSV and SPSS leave them "
        "empty. Tick “Refuse” below to export nothing until all are resolved."
    )


class ExportDialog(QDialog):
    def __init__(
        self, unresolved: int | None, options: ExportOptions | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setAccessibleName("Export options")
        chosen = options or OFFERED
        self.kinds = QButtonGroup(self)
        formats = QGroupBox("Format")
        column = QVBoxLayout(formats)
        self.buttons: dict[str, QRadioButton] = {}
        for i, (kind, text, _suffix, _filter) in enumerate(FORMATS):
            button = QRadioButton(text)
            button.setAccessibleName(text.replace("&", ""))
            self.kinds.addButton(button, i)
            self.buttons[kind] = button
            column.addWidget(button)
        self.buttons[chosen.kind].setChecked(True)
        self.codes = QRadioButton("&Codes (1, 2, …)")
        self.labels = QRadioButton("&Labels (Yes, No, …)")
        (self.labels if chosen.labels else self.codes).setChecked(True)
        values = QGroupBox("Values in the final dataset")
        row = QHBoxLayout(values)
        row.addWidget(self.codes)
        row.addWidget(self.labels)
        row.addStretch(1)
        self.values = values
        self.strict = QCheckBox("&Refuse to export while disagreements are unresolved")
        self.strict.setChecked(chosen.strict)
        self.bom = QCheckBox("Start with a byte-&order mark (for Excel on Windows)")
        self.bom.setChecked(chosen.bom)
        self.bootstrap = QSpinBox()
        self.bootstrap.setRange(0, MAX_BOOTSTRAP)
        self.bootstrap.setSingleStep(500)
        self.bootstrap.setValue(chosen.bootstrap)
        self.bootstrap.setSpecialValueText("none")
        self.bootstrap.setAccessibleName("Bootstrap replicates for the alpha confidence intervals")
        boot_label = QLabel("&Bootstrap replicates for alpha's confidence intervals:")
        boot_label.setBuddy(self.bootstrap)
        self.boot_label = boot_label
        boot = QHBoxLayout()
        boot.addWidget(boot_label)
        boot.addWidget(self.bootstrap)
        boot.addStretch(1)
        self.note = QLabel(unresolved_note(unresolved))
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Unresolved disagreements")
        box = ok_cancel(self, "Choose file…")
        box.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Choose the file to write")
        layout = QVBoxLayout(self)
        layout.addWidget(formats)
        layout.addWidget(values)
        layout.addLayout(boot)
        layout.addWidget(self.bom)
        layout.addWidget(self.note)
        layout.addWidget(self.strict)
        layout.addWidget(box)
        self.kinds.idToggled.connect(lambda _id, _on: self._update())
        self._update()

    def kind(self) -> str:
        return FORMATS[max(self.kinds.checkedId(), 0)][0]

    def _update(self) -> None:
        kind = self.kind()
        dataset = kind in (XLSX, CSV, SAV)
        self.values.setEnabled(kind in (XLSX, CSV))  # SPSS carries codes with their value labels
        self.strict.setEnabled(dataset)
        self.bootstrap.setEnabled(kind == XLSX)
        self.boot_label.setEnabled(kind == XLSX)
        self.bom.setEnabled(kind == CSV)
        self.note.setVisible(dataset)

    def options(self) -> ExportOptions:
        kind = self.kind()
        return ExportOptions(
            kind=kind,
            labels=self.labels.isChecked() and kind in (XLSX, CSV),
            strict=self.strict.isChecked() and kind in (XLSX, CSV, SAV),
            bootstrap=self.bootstrap.value() if kind == XLSX else 0,
            bom=self.bom.isChecked() and kind == CSV,
        )
