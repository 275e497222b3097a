"""Rounds: each variable's alpha round by round against the study's rule, and whether the sample
suffices — the methodologist's view of a study coded in rounds (pilot, training, main).

The page shows what ``ictool report --by-round`` and ``ictool plan PROJECT`` print: a table with a
row per report line and a column per round (alpha and its 95% interval; the rule's verdict as a
shape and colour, in words in the tooltip — short cells, so the last round stays in view); for the
selected line a chart of its alpha by round with the rule's thresholds, its per-category alphas
per round, each coder's alpha against the round's reference coder and their stability from a
retest; and on a second tab the sample plan, line by line.

Alphas come first from a worker on its own read-only connection (``rounds.jobs``); the intervals
follow from a second worker (1,000 bootstrap replicates per line and round, the CLI's seed), with
Stop. A refresh (after a merge, a resolution, a change of rounds) reads everything again and drops
what older workers still deliver; a page hidden while it works stops, and reads again when shown.
Copy / Save methods section (``lead.methods_flow``) are offered on this page's bar and in the File
menu (not in Project: one place in the menus). The page's actions are disabled, saying why in their
tooltip, while the project has nothing for them to act on (no documents, no coders, nothing coded).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ictool.core.reliability.by_round import ByRound
from ictool.core.rounds.membership import (
    add_to_round,
    rounds_with_documents,
    set_reference,
)
from ictool.core.rounds.retest import Retest, add_retest, retest_choices
from ictool.core.rounds.rule import QualificationRule
from ictool.core.text.wording import plural
from ictool.gui.lead.methods_flow import MethodsActions
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.lead.reliability.jobs import PageTasks
from ictool.gui.lead.reliability.panels import cut_option_label
from ictool.gui.lead.reliability.table_model import NAME_ROLE
from ictool.gui.lead.rounds.add_dialog import AddToRoundDialog
from ictool.gui.lead.rounds.chart import RoundPoint, RoundsChart, legend_html
from ictool.gui.lead.rounds.jobs import REPLICATES, SEED, RoundsSnapshot, intervals_job, rounds_job
from ictool.gui.lead.rounds.models import (
    EMPTY,
    PLAN_NOTE,
    PLAN_RAREST,
    CellsModel,
    categories_table,
    coders_table,
    labels_of,
    plan_table,
    rounds_table,
    rule_text,
)
from ictool.gui.lead.rounds.retest_dialog import RetestDialog
from ictool.gui.lead.session import DOCUMENTS, ROUNDS, TEAM
from ictool.gui.shell.actions import make_action, offer
from ictool.gui.workers import BackgroundTask

EMPTY_TEXT = (
    "<h3>No rounds yet</h3>"
    "<p>A <b>round</b> is a named set of documents coded at one stage of the study — a <i>pilot</i>, "
    "a <i>training</i> round, the <i>main</i> coding. This page then shows each variable's alpha round "
    "by round against the study's qualification rule, so you see the coders converge before the main "
    "coding, and each coder's alpha against a round's reference coder (an expert, or the agreed key).</p>"
    "<p>Add a round with <b>Add documents to a round…</b> (Ctrl+Shift+O): name it, tick its documents, "
    "and name its reference coder if it has one. Then, on the Team page, give the documents to the "
    "coders (<b>Set up ▸ Assign documents…</b>) and <b>Hand out packages…</b>. Assign documents deals "
    "out every document of the project; to deal out one round's documents before the others (the pilot "
    "first), use the command line: <tt>ictool assign PROJECT --round pilot</tt>.</p>"
    "<p><b>Retest a coder…</b> gives a coder documents they coded before, in a package of its own: the "
    "page then gives their stability (their alpha with their own earlier coding).</p>"
    "<p>A variable qualifies in a round when alpha ≥ .800 and the 95% interval's lower bound ≥ .667, "
    "unless the study set other thresholds (shown above the table once there are rounds; they are "
    "changed on the command line, with <tt>ictool rounds rule PROJECT</tt>). The sample plan on its "
    "tab needs no rounds.</p>"
)

#: Why an action of the page has nothing to act on (its tooltip while it is disabled).
NO_DOCUMENTS = "The project has no documents yet: import transcripts on the Team page first"
NO_CODERS = "The project has no coders yet: add them on the Team page first"
NOTHING_CODED = "No coder has coded a document yet: a retest repeats a coding"
READ_ONLY = "The project is open read-only"


class _RoundCells(QStyledItemDelegate):
    """The rounds table's cells cut at the right ("0.900 [0.801, 1…"): alpha, which a narrow column
    must keep, comes first. The Variable column keeps the table's middle cut, which shows both ends
    of a long name ("recruitment_lo…_item_000"), but an option's line keeps its name whole and cuts
    its label ("motivations=3 (Revenge or gri…)", ``NameCell``)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() > 0:
            option.textElideMode = Qt.TextElideMode.ElideRight
        else:
            cut_option_label(option, index)  # "motivations=3 (Revenge or gri…)"


def _table(model: CellsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


class _PlanCells(QStyledItemDelegate):
    """The sample plan's cells: the Note wraps in its column (its words are the answer, cut in the
    middle they were not), the rest stay on one line: the Variable cut as the rounds table's, the
    rarest category in its middle, which keeps its share ("7 Forc…(2.8%)"), the rest at their end
    (the tooltip has the whole)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        wrap = QStyleOptionViewItem.ViewItemFeature.WrapText
        if index.column() == PLAN_NOTE:
            option.features |= wrap
            return
        option.features &= ~wrap
        if index.column() == 0:
            cut_option_label(option, index)  # "motivations=3 (Revenge or gri…)"
        elif index.column() != PLAN_RAREST:
            option.textElideMode = Qt.TextElideMode.ElideRight


#: Average characters the plan's columns keep, at most and at least, when the tab is narrow.
PLAN_VARIABLE_CHARS = (34, 20)
PLAN_RAREST_CHARS = (28, 9)
PLAN_NOTE_CHARS = 22  # the note's least width: it takes what the others leave (the stretch)


def _fit_plan(table: QTableView) -> None:
    """Every column of the plan in view, Verdict and Note included, at any width from 1024 pixels.

    Level, the figures and the verdict are as wide as their content; the note takes the rest (the
    last section stretches, and wraps); Variable and Rarest category give way, down to a floor, so
    the note keeps ``PLAN_NOTE_CHARS``. At 1024 pixels the rarest category took a quarter of the
    width and the answer (Need .667, Verdict, Note) was off-screen.
    """
    model = table.model()
    if model.columnCount() <= PLAN_NOTE:
        return
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    chars = table.fontMetrics().averageCharWidth()
    for column in range(PLAN_NOTE):
        table.resizeColumnToContents(column)
    fixed = sum(table.columnWidth(c) for c in range(PLAN_NOTE) if c not in (0, PLAN_RAREST))
    room = table.viewport().width() - fixed - chars * PLAN_NOTE_CHARS
    variable = min(table.columnWidth(0), chars * PLAN_VARIABLE_CHARS[0])
    rarest = min(table.columnWidth(PLAN_RAREST), chars * PLAN_RAREST_CHARS[0])
    if variable + rarest > room:  # give way in proportion, down to the floors
        share = max(room, 0) / (variable + rarest)
        variable = max(round(variable * share), chars * PLAN_VARIABLE_CHARS[1])
        rarest = max(round(rarest * share), chars * PLAN_RAREST_CHARS[1])
    table.setColumnWidth(0, variable)
    table.setColumnWidth(PLAN_RAREST, rarest)


def _fit(table: QTableView, cap_chars: int = 34) -> None:
    """Columns as wide as their content (the first capped: its tooltip has it whole)."""
    table.resizeColumnsToContents()
    cap = table.fontMetrics().averageCharWidth() * cap_chars
    if table.columnWidth(0) > cap:
        table.setColumnWidth(0, cap)


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _fit_height(table: QTableView) -> None:
    """As tall as its rows (the detail scrolls as a whole, not table by table)."""
    rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame)


def _fit_detail(table: QTableView) -> None:
    """The first column (categories, coders) takes the room; the figures are as wide as they need."""
    header = table.horizontalHeader()
    if table.model().columnCount():
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, table.model().columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    _fit_height(table)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)  # else its text is the detail's minimum width
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class RoundsPage(LeadPage):
    title = "Rounds"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.add_round_action = self.add_action(
            make_action(
                self,
                "Add documents &to a round…",
                self.ask_round,
                ["Ctrl+Shift+O"],
                "Create a round (pilot, training, main) or add documents to one; name its reference coder",
            )
        )
        self.retest_action = self.add_action(
            make_action(
                self,
                "Rete&st a coder…",
                self.ask_retest,
                [],
                "Give a coder documents they coded before, in a package of its own, for stability",
            )
        )
        self.round_dialog: AddToRoundDialog | None = None
        self.retest_dialog: RetestDialog | None = None
        self.methods = MethodsActions(context, self)
        self.add_action(self.methods.copy_action)
        self.add_action(self.methods.save_action)
        self.tasks = PageTasks(self)
        self.snapshot: RoundsSnapshot | None = None
        self.reading: BackgroundTask | None = None
        self.bootstrap: BackgroundTask | None = None
        self.intervals_done = False
        self._generation = 0

        self.summary = QLabel("The rounds are read when this page is shown.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Rounds summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # the bootstrap's state: running (busy, Stop) or done / stopped (Compute intervals)
        self.bar_label = QLabel()
        self.bar_label.setAccessibleName("Intervals progress")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Bootstrap intervals progress")
        self.progress.setRange(0, 0)  # busy: the rounds' reports come back together
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.stop_button = QPushButton("&Stop intervals")
        self.stop_button.setAccessibleName("Stop computing intervals")
        self.stop_button.clicked.connect(self.stop_intervals)
        self.resume_button = QPushButton("Compute &intervals")
        self.resume_button.setAccessibleName("Compute the intervals")
        self.resume_button.clicked.connect(lambda: self.start_intervals())
        bar = QHBoxLayout()
        bar.addWidget(self.bar_label, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.resume_button)

        # by round: the table, and the selected line's detail
        self.model = CellsModel(self)
        self.table = _table(self.model, "Alpha by round per variable")
        self.table.setItemDelegate(_RoundCells(self.table))
        self.table.installEventFilter(self)  # a resize keeps the last round in view
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.line_title = QLabel()
        self.line_title.setWordWrap(True)
        self.line_title.setAccessibleName("Selected variable")
        font = self.line_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.line_title.setFont(font)
        self.chart = RoundsChart()
        self.category_model = CellsModel(self)
        self.category_table = _table(self.category_model, "Per-category alpha by round")
        self.category_note = _note()
        self.coder_model = CellsModel(self)
        self.coder_table = _table(self.coder_model, "Coders against the reference coder and stability")
        self.coder_note = _note()
        for table in (self.category_table, self.coder_table):
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setHorizontalScrollBarPolicy(
                Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            )  # first column stretches
            table.horizontalHeader().setStretchLastSection(False)
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(8, 0, 4, 0)
        column.addWidget(self.line_title)
        column.addWidget(self.chart)
        self.legend = _note()
        self.legend.setAccessibleName("Chart key")
        column.addWidget(self.legend)
        column.addWidget(_heading("Per-category alpha (each category against all the others)"))
        column.addWidget(self.category_note)
        column.addWidget(self.category_table)
        column.addWidget(_heading("Against the reference coder, and stability"))
        column.addWidget(self.coder_note)
        column.addWidget(self.coder_table)
        column.addStretch(1)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wraps instead
        detail_scroll.setWidget(detail)
        detail_scroll.setAccessibleName("Selected variable by round, scrollable")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 440])
        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty.setAccessibleName("No rounds yet")
        self.empty.setContentsMargins(8, 8, 8, 8)
        self.by_round = QStackedWidget()
        self.by_round.addWidget(self.splitter)
        self.by_round.addWidget(self.empty)

        # the sample plan
        self.plan_model = CellsModel(self)
        self.plan_table = _table(self.plan_model, "Sample plan per variable")
        self.plan_table.setItemDelegate(_PlanCells(self.plan_table))
        self.plan_table.setWordWrap(True)  # the Note's cells only (``_PlanCells``)
        self.plan_table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # "Rarest cat…"
        self.plan_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.plan_table.viewport().installEventFilter(self)  # a resize gives the note its new room
        self.plan_note = _note()
        plan = QWidget()
        plan_layout = QVBoxLayout(plan)
        plan_layout.setContentsMargins(0, 4, 0, 0)
        plan_layout.addWidget(self.plan_note)
        plan_layout.addWidget(self.plan_table, 1)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("By round or sample plan")
        self.tabs.addTab(self.by_round, "By &round")
        self.tabs.addTab(plan, "Sample p&lan")
        self.body.addWidget(self.summary)
        self.body.addLayout(bar)
        self.body.addWidget(self.tabs, 1)
        self._show_bar()
        # Not only in refresh: the actions are also in the menus and on keys while the page is hidden
        # (and not refreshed), so an import on the Team page must enable them at once.
        self.session.dataChanged.connect(self._data_changed)
        self._offer_actions()

    # -- what the page's actions can act on -----------------------------------------------

    def _data_changed(self, scope: str) -> None:
        if scope in (DOCUMENTS, TEAM):
            self._offer_actions()

    def _offer_actions(self) -> None:
        """Enable each action that has something to act on; a disabled one says why in its tooltip."""
        project = self.session.project
        documents = "" if project.documents() else NO_DOCUMENTS
        coders = "" if project.coders() else NO_CODERS
        writable = READ_ONLY if self.session.readonly else ""
        offer(self.add_round_action, writable or documents)
        offer(self.retest_action, writable or documents or coders)
        for action in (self.methods.copy_action, self.methods.save_action):
            offer(action, documents or coders)

    # -- putting documents in rounds ------------------------------------------------------

    def ask_round(self) -> AddToRoundDialog | None:
        if self.session.readonly:
            self.prompter.inform("Read-only", "This project is open read-only: rounds cannot be changed.")
            return None
        project = self.session.project
        documents = project.documents()
        ids = {d.uuid: d.doc_id for d in documents}
        rounds = rounds_with_documents(project)
        members = {r.name: {ids[u] for u in documents if u in ids} for r, documents in rounds}
        references = {r.name: r.reference for r, _ in rounds if r.reference is not None}
        coders = [c.name for c in project.coders()]
        dialog = AddToRoundDialog(documents, members, references, coders, self)
        dialog.accepted.connect(
            lambda: self.add_to_round(dialog.round_name(), dialog.chosen(), dialog.reference_coder())
        )
        dialog.finished.connect(dialog.deleteLater)
        self.round_dialog = dialog
        dialog.open()
        return dialog

    def add_to_round(self, name: str, document_ids: list[str], reference: str | None) -> bool:
        """Put the documents in the round (created if new) and set its reference coder: one change."""
        project = self.session.project

        def run() -> None:
            with project.transaction():
                if document_ids:
                    add_to_round(project, name, document_ids)
                set_reference(project, name, reference)  # changes nothing when it is the same

        if not self.session.write(ROUNDS, run):
            return False
        added = plural(len(document_ids), "document")
        self.context.message(
            f"Round {name}: {added} added" + (f", reference {reference}" if reference else "")
        )
        return True

    def ask_retest(self) -> RetestDialog | None:
        if self.session.readonly:
            self.prompter.inform("Read-only", "This project is open read-only: no retest can be added.")
            return None
        project = self.session.project
        dialog = RetestDialog(retest_choices(project), project.documents(), self)
        dialog.accepted.connect(lambda: self.add_retest(dialog.coder_name(), dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        self.retest_dialog = dialog
        dialog.open()
        return dialog

    def add_retest(self, coder: str, document_ids: list[str]) -> bool:
        project = self.session.project
        made: list[Retest] = []
        if not self.session.write(ROUNDS, lambda: made.append(add_retest(project, coder, document_ids))):
            return False
        retest = made[0]
        self.prompter.inform(
            "Retest added",
            f"{retest.identity.name} has {plural(retest.added, 'more document')} to code again. Hand out its "
            "package with the others (Hand out packages… on the Team page); when it is merged back, this "
            "page gives "
            f"{retest.original.name}'s stability per variable.",
        )
        return True

    # -- reading the project --------------------------------------------------------------

    def refresh(self) -> None:
        """Read the rounds and the plan again; the intervals follow (module docstring)."""
        self._generation += 1
        generation = self._generation
        self.tasks.stop(wait_ms=0)  # what old runs still deliver is dropped by generation
        self.bootstrap = None
        self.intervals_done = False
        self.summary.setText("Reading the rounds and computing alpha…")
        project = self.session.project
        self.reading = self.tasks.start(
            rounds_job(project.path, project.actor or "lead"),
            lambda snapshot: self._read(generation, snapshot),  # type: ignore[arg-type]
            on_failure=lambda message: self._failed(generation, message),
        )
        self._show_bar()

    def _read(self, generation: int, snapshot: RoundsSnapshot) -> None:
        if generation != self._generation:
            return
        self.snapshot = snapshot
        self._show_rounds(snapshot.rounds)
        self.plan_model.set_table(plan_table(snapshot.plans, snapshot.codebook, snapshot.options))
        _fit_plan(self.plan_table)
        self.plan_note.setText(
            f"Documents every coder must code for alpha to be shown to exceed .800 and .667 (one-tailed "
            f"significance {snapshot.significance:g}), from the rarest category's share of the values coded "
            "so far in the whole project. Krippendorff (2019), after Bloch & Kraemer (1989)."
        )
        self.start_intervals()

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.summary.setText(f"Could not read the rounds: {message}")
            self.bootstrap = None
            self._show_bar()

    def _show_rounds(self, result: ByRound) -> None:
        snapshot = self.snapshot
        assert snapshot is not None
        selected = self.selected_name()
        self.model.set_table(rounds_table(result, snapshot.codebook, snapshot.options))
        self._fit_rounds()
        has = snapshot.has_rounds()
        self.by_round.setCurrentWidget(self.splitter if result.rounds else self.empty)
        self._summarise(result)
        if has and result.lines:
            self.select(selected if selected in result.lines else result.lines[0])
        else:
            self._show_line(None)

    def _summarise(self, result: ByRound) -> None:
        if not result.rounds:
            self.summary.setText(
                "This project has no rounds: the sample plan is on its tab."
                if not result.stability
                else "No rounds; stability from retests is given per variable."
            )
            return
        rounds = "; ".join(
            f"{r.name}: {r.documents} documents" + (f", reference {r.reference}" if r.reference else "")
            for r in result.rounds
        )
        last = result.rounds[-1].name
        met = sum(1 for per in result.figures.values() if (f := per.get(last)) is not None and f.qualified)
        self.summary.setText(
            f"{plural(len(result.rounds), 'round')} ({rounds}).\nRule: {rule_text(result.rule)}. "
            f"{met} of {plural(len(result.lines), 'line')} qualify in the last round ({last})."
        )

    # -- the bootstrap --------------------------------------------------------------------

    def start_intervals(self) -> None:
        if self.snapshot is None or not self.snapshot.rounds.rounds or self.bootstrap is not None:
            self._show_bar()
            return
        generation = self._generation
        project = self.session.project
        task = self.tasks.start(
            intervals_job(project.path, project.actor or "lead", REPLICATES, SEED),
            lambda result: self._intervals(generation, result),  # type: ignore[arg-type]
            on_failure=lambda message: self._failed(generation, message),
            on_cancel=lambda: self._intervals_stopped(generation),
        )
        self.bootstrap = task
        self._show_bar()

    def stop_intervals(self) -> None:
        if self.bootstrap is not None:
            self.bootstrap.cancel()

    def _intervals(self, generation: int, result: ByRound) -> None:
        if generation != self._generation or self.snapshot is None:
            return
        self.bootstrap = None
        self.intervals_done = True
        self.snapshot = RoundsSnapshot(
            self.snapshot.title,
            self.snapshot.codebook,
            result,
            self.snapshot.plans,
            self.snapshot.significance,
            self.snapshot.options,
        )
        self._show_rounds(result)
        self._show_bar()

    def _intervals_stopped(self, generation: int) -> None:
        if generation == self._generation:
            self.bootstrap = None
            self._show_bar()

    def _show_bar(self) -> None:
        running = self.bootstrap is not None
        has_rounds = self.snapshot is not None and bool(self.snapshot.rounds.rounds)
        self.progress.setVisible(running)
        self.stop_button.setVisible(running)
        self.resume_button.setVisible(has_rounds and not running and not self.intervals_done)
        if running:
            text = f"95% intervals: {REPLICATES:,} bootstrap replicates per line and round (seed {SEED})…"
        elif self.intervals_done:
            text = (
                f"95% intervals from {REPLICATES:,} KALPHA bootstrap replicates per line and round "
                f"(seed {SEED})."
            )
        elif has_rounds:
            text = (
                "No intervals yet: a verdict reads 'needs CI' where alpha meets the rule but its "
                "interval is unknown."
            )
        else:
            text = ""
        self.bar_label.setText(text)
        self.bar_label.setVisible(bool(text))

    # -- hidden pages cost nothing ----------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous() and self.tasks.running():
            self.tasks.stop()  # waits for the workers to let go of the file
            self.bootstrap = None
            self.stale = True  # read again when shown
        super().hideEvent(event)

    # -- selection ------------------------------------------------------------------------

    def selected_name(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return str(index.data(NAME_ROLE)) if index.isValid() else None

    def select(self, name: str | None) -> None:
        row = self.model.row_of(name) if name is not None else -1
        if row < 0:
            self._show_line(None)
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self._show_line(name)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_line(str(current.data(NAME_ROLE)) if current.isValid() else None)

    def _show_line(self, name: str | None) -> None:
        snapshot = self.snapshot
        if snapshot is None or name is None:
            self.line_title.setText("")
            self.legend.setText("")
            self.chart.set_line("", [], snapshot.rounds.rule if snapshot else self.chart_rule())
            self.category_model.set_table(EMPTY)
            self.coder_model.set_table(EMPTY)
            return
        result = snapshot.rounds
        label = labels_of(result).get(name, name)
        self.line_title.setText(name if label == name else f"{name} — {label}")
        self.line_title.setToolTip(self.line_title.text())
        per_round = result.figures.get(name, {})
        self.chart.set_line(
            name, [RoundPoint(r.name, per_round.get(r.name)) for r in result.rounds], result.rule
        )
        self.legend.setText(legend_html(result.rule))
        categories = categories_table(result, snapshot.codebook, name)
        self.category_model.set_table(categories)
        self.category_table.setVisible(bool(categories.rows))
        self.category_note.setText(
            ""
            if categories.rows
            else "Given for nominal variables (a multi-select option's two values share its alpha)."
        )
        self.category_note.setVisible(not categories.rows)
        _fit_detail(self.category_table)
        coders = coders_table(result, name)
        self.coder_model.set_table(coders)
        self.coder_table.setVisible(bool(coders.rows))
        self.coder_note.setText(
            ""
            if coders.rows
            else "No round names a reference coder and no coder was retested. Name a round's reference "
            "coder with Add documents to a round… (its Reference coder field; no documents need be "
            "ticked for a round that has them); Retest a coder… gives a coder a retest."
        )
        self.coder_note.setVisible(not coders.rows)
        _fit_detail(self.coder_table)

    # -- the rounds table's columns -----------------------------------------------------------

    def _fit_rounds(self) -> None:
        """The Variable column as wide as its names (capped: the tooltip has a name whole), the rounds
        sharing the rest: every round in view, the last one too — the summary speaks of it. A round
        keeps at least room for its alpha; with more rounds than that allows, the table scrolls and
        starts at the last round."""
        table = self.table
        header = table.horizontalHeader()
        columns = self.model.columnCount()
        if not columns:
            return
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.resizeColumnToContents(0)
        chars = table.fontMetrics().averageCharWidth()
        table.setColumnWidth(0, min(table.columnWidth(0), chars * 28))
        icon = table.style().pixelMetric(table.style().PixelMetric.PM_SmallIconSize)
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("0.000 […") + icon + chars * 3)
        for column in range(1, columns):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._last_round_in_view()

    def _last_round_in_view(self) -> None:
        bar = self.table.horizontalScrollBar()
        if bar.maximum() > 0:
            bar.setValue(bar.maximum())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            # once the columns have their new widths; dropped with the table (a closed project)
            QTimer.singleShot(0, self.table, self._last_round_in_view)
        plan = getattr(self, "plan_table", None)  # events come while __init__ makes the page
        if plan is not None and watched is plan.viewport() and event.type() == QEvent.Type.Resize:
            _fit_plan(plan)
        return super().eventFilter(watched, event)

    @staticmethod
    def chart_rule() -> QualificationRule:
        return QualificationRule()
