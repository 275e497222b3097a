"""The codebook in use: every variable by group, its full definition, and updating it from a sheet.

The page only shows (``models.codebook_tree``) and asks: the preview and the update are the core's
(``setup.codebook_update``), written through the session so every page hears of the new version.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QWidget,
)

from ictool.core.codebook.model import Variable
from ictool.core.setup.codebook_update import update_codebook
from ictool.gui.lead.codebook_update_dialog import CodebookUpdateDialog, preview_job
from ictool.gui.lead.models.codebook_tree import (
    HEADERS,
    CodebookTreeModel,
    FoundVariables,
    cell_text,
    code_text,
    kind_text,
)
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.lead.session import CODEBOOK
from ictool.gui.shell.actions import make_action

SHEET_FILTER = "Codebook sheets (*.xlsx *.csv);;All files (*)"


class CodebookPage(LeadPage):
    title = "Codebook"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.update_action = self.add_action(
            make_action(
                self,
                "Update codeboo&k from sheet…",
                self.choose_sheet,
                ["Ctrl+Shift+U"],
                "Read an edited codebook sheet, see what would change, then apply it",
            )
        )
        self.summary = QLabel()
        self.summary.setAccessibleName("Codebook summary")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("name, label, choice or description")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find variables")
        find_label = QLabel("Fi&nd:")
        find_label.setBuddy(self.filter)
        self.model = CodebookTreeModel(self)
        self.proxy = FoundVariables(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self._filter)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("Variables by group")
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        chars = self.fontMetrics().averageCharWidth()
        self.tree.selectionModel().selectionChanged.connect(self._selected)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Selected variable")
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText("Select a variable to read its full definition.")
        find_row = QHBoxLayout()
        find_row.addWidget(self.summary, 1)
        find_row.addWidget(find_label)
        find_row.addWidget(self.filter)
        self.filter.setMinimumWidth(chars * 36)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        # Half each: a definition (choices, description, instructions) is what the lead reads here,
        # and a quarter showed only its first fields; the list scrolls, whatever its length.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.splitter = split
        self.body.addLayout(find_row)
        self.body.addWidget(split, 1)
        self.dialog: CodebookUpdateDialog | None = None

    def refresh(self) -> None:
        project = self.session.project
        codebook = project.codebook
        self.model.set_codebook(codebook)
        groups = self.model.group_count()
        grouped = f" in {groups} group{'s' if groups != 1 else ''}" if groups else ""
        self.summary.setText(
            f"{len(codebook)} variable{'s' if len(codebook) != 1 else ''}{grouped} · "
            f"codebook version {project.codebook_version}"
        )
        self._open_groups()
        self._size_columns()
        self.details.clear()
        self.update_action.setEnabled(not self.session.readonly)

    def _open_groups(self) -> None:
        """Open every group and let group rows span the table."""
        self.tree.expandAll()
        root = self.tree.rootIndex()
        for row in range(self.proxy.rowCount(root) if not self.model.flat else 0):
            self.tree.setFirstColumnSpanned(row, root, True)

    def _size_columns(self) -> None:
        """Columns sized to what the whole codebook holds: once per codebook, not per filter keystroke
        (which kept undoing a width the lead had set, and measured every cell: 70 ms at 200 variables)."""
        chars = self.fontMetrics().averageCharWidth()
        for column in (0, 2, 3, 5):  # name, level, kind, missing codes: short, shown whole
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(0, max(self.tree.columnWidth(0), chars * 16))
        self.tree.setColumnWidth(1, chars * 42)  # label
        self.tree.setColumnWidth(4, chars * 36)  # choices

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._open_groups()

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = self.tree.selectionModel().selectedRows()
        var = self.model.variable(self.proxy.mapToSource(indexes[0])) if indexes else None
        self.details.setHtml(describe(var) if var is not None else "")

    def current_variable(self) -> Variable | None:
        index = self.proxy.mapToSource(self.tree.currentIndex())
        return self.model.variable(index) if index.isValid() else None

    def select_variable(self, name: str) -> bool:
        """Select a variable by name (tests, and jumping here from other pages)."""
        matches = self.proxy.match(
            self.proxy.index(0, 0),
            Qt.ItemDataRole.DisplayRole,
            name,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if not matches:
            return False
        self.tree.setCurrentIndex(matches[0])
        self.tree.selectionModel().select(
            matches[0],
            self.tree.selectionModel().SelectionFlag.ClearAndSelect
            | self.tree.selectionModel().SelectionFlag.Rows,
        )
        return True

    # -- updating from a sheet ------------------------------------------------------------

    def choose_sheet(self) -> None:
        project = self.session.project
        path = self.prompter.choose_file("Update codebook from sheet", project.path.parent, SHEET_FILTER)
        if path is not None:
            self.preview_sheet(path)

    def preview_sheet(self, path: Path) -> CodebookUpdateDialog:
        """Show what the sheet at ``path`` would change; applying it is the dialog's Apply."""
        project = self.session.project
        actor = project.actor or "lead"
        dialog = CodebookUpdateDialog(path, lambda: preview_job(project.path, actor, path), self)
        dialog.accepted.connect(lambda: self._apply(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, dialog: CodebookUpdateDialog) -> None:
        project, path, allow = self.session.project, dialog.path, dialog.allow_remove()
        done: list[list[str]] = []

        def apply() -> None:
            done.append(update_codebook(project, path, allow_remove=allow).lines())

        if self.session.write(CODEBOOK, apply):
            lines = done[0]
            self.prompter.inform(
                "Codebook updated",
                f"Codebook version {project.codebook_version} from {path.name}:\n\n"
                + ("\n".join(f"• {line}" for line in lines) if lines else "nothing changed"),
            )


def describe(var: Variable) -> str:
    """The whole definition of one variable, for the details pane (text escaped, never markup)."""
    e = html.escape
    rows = [(HEADERS[c], cell_text(var, c)) for c in (1, 2)]
    rows.append(("Kind", kind_text(var)))
    if var.group:
        rows.append(("Group", var.group))
    if var.missing:
        rows.append(("Missing codes", ", ".join(code_text(c) for c in var.missing)))
    if var.minimum is not None or var.maximum is not None:
        rows.append(("Range", cell_text(var, 4).removeprefix("range ")))
    table = "".join(
        f"<tr><td style='padding-right:12px'><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows if v
    )
    choices = ""
    if var.choices:
        items = "".join(
            f"<li>{e(code_text(c.code))} — {e(c.label)}"
            + (" <i>(missing code)</i>" if var.is_missing_code(c.code) else "")
            + "</li>"
            for c in var.choices
        )
        choices = f"<p><b>Choices</b></p><ul>{items}</ul>"
    description = f"<p>{e(var.description)}</p>" if var.description else ""
    return f"<h3>{e(var.name)}</h3><table>{table}</table>{choices}{description}"
