"""Reliability: Krippendorff's alpha per variable, its interval, and what to do about a bad one.

The page shows the report ``ictool report --bootstrap 1000`` prints, and more: a table of every
report line (sortable, filterable by group, status and name), a chart of alpha with its interval,
and for the selected line who drifts (coder × coder alphas, alpha without each coder) and which
categories coders confuse, with the alpha a merge of categories would give.

Alphas come first, in a worker that reads the project on its own connection (``reliability.jobs``);
intervals follow from a second worker, line by line, while the lead reads. Both stop when the page
is hidden (so a page nobody looks at costs nothing and never holds the file) and the intervals
resume, where they stopped, when it is shown again. ``refresh`` (after a merge or a resolution)
reads everything again.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ictool.core.paths import with_suffix
from ictool.core.reliability.intervals import with_intervals
from ictool.core.reliability.project_report import ReliabilityReport
from ictool.core.text.readable_json import readable_json
from ictool.core.text.wording import plural
from ictool.gui.bidi import isolate, left_to_right
from ictool.gui.lead.pages.page import LeadPage, PageContext
from ictool.gui.lead.reliability.chart import ChartRow
from ictool.gui.lead.reliability.detail import VariableDetail
from ictool.gui.lead.reliability.jobs import (
    REPLICATES,
    SEED,
    Arrival,
    PageTasks,
    Snapshot,
    alphas_job,
    full_report_job,
    intervals_job,
)
from ictool.gui.lead.reliability.panels import ChartPanel, FilterBar, IntervalsBar, report_table, size_columns
from ictool.gui.lead.reliability.style import STATUSES
from ictool.gui.lead.reliability.table_model import (
    NAME_ROLE,
    ReliabilityFilter,
    ReliabilityTableModel,
    Row,
    line_text,
    option_label,
)
from ictool.gui.shell.actions import make_action, offer
from ictool.gui.workers import BackgroundTask

NO_CODINGS = "No codings yet — hand out packages and merge the returned ones (Team page)."
#: Why Export report is disabled (its tooltip): there is no report to save yet.
COMPUTING_REPORT = "the report is still being computed"
NOTHING_TO_EXPORT = "no codings yet, so there is no report to save (merge coders' packages on the Team page)"

#: The save dialog's file types by suffix; the one asked for is offered first.
EXPORT_FILTERS = {
    ".json": "Reliability report (*.json)",
    ".png": "Chart as PNG image (*.png)",
    ".svg": "Chart as SVG drawing (*.svg)",
}


def has_codings(snapshot: Snapshot) -> bool:
    """Whether any coder's codings were merged (the report counts each coder's coded documents)."""
    return any(info.get("documents") for info in snapshot.report.coders.values())


class ReliabilityPage(LeadPage):
    title = "Reliability"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.export_action = self.add_action(
            make_action(
                self,
                "&Export report…",
                lambda: self.choose_export(),  # not the slot itself: triggered passes "checked"
                ["Ctrl+Shift+R"],
                "Save the whole reliability report as a JSON file (every line's alpha and interval, the "
                "coders' pairwise alphas, kappas), or the chart as a PNG or SVG image",
            )
        )
        offer(self.export_action, COMPUTING_REPORT)
        self.tasks = PageTasks(self)
        self.snapshot: Snapshot | None = None
        self.reading: BackgroundTask | None = None
        self.bootstrap: BackgroundTask | None = None
        self.exporting: BackgroundTask | None = None  # the JSON export's job
        self._generation = 0
        self._stopped_by_person = False

        self.summary = QLabel("Alpha is computed when this page is shown.")
        self.summary.setWordWrap(True)
        left_to_right(self.summary)  # "Coders: Jonas, أمينة, ليلى." in the order given
        self.summary.setAccessibleName("Reliability summary")
        self.bar = IntervalsBar()
        self.bar.stopRequested.connect(self.stop_intervals)
        self.bar.resumeRequested.connect(lambda: self.resume_intervals())
        self.model = ReliabilityTableModel(self)
        self.proxy = ReliabilityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filters = FilterBar(self.proxy)
        self.table = report_table(self.proxy)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.charts = ChartPanel()
        self.chart = self.charts.chart
        self.chart.rowActivated.connect(self.select)
        self.charts.saveRequested.connect(self.choose_export)
        self._chart_to_selection = False  # after a filter change: show the selected line (or the top)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Table or chart")
        self.tabs.addTab(self.table, "Ta&ble")
        self.tabs.addTab(self.charts, "&Chart")
        self.detail = VariableDetail()
        self.detail_scroll = detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        # Its sentences wrap to the width shown; only the matrices inside scroll sideways (``detail``).
        detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setAccessibleName("Selected variable, scrollable")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(detail_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 400])  # proportions: the detail needs room for its matrices
        # The splitter follows the table's columns (``_balance``) until the person drags it.
        self._columns_width = 0  # what the table's columns ask for (``size_columns``)
        self._person_split = False
        self.splitter.splitterMoved.connect(self._split_by_person)
        self.splitter.installEventFilter(self)
        # No codings yet: one sentence in place of a table of undefined lines (as Reconcile does).
        self.empty = QLabel(NO_CODINGS)
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName("Why there is no reliability to show")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.content = QStackedWidget()
        self.report_part = shown = QWidget()
        column = QVBoxLayout(shown)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.bar)
        column.addWidget(self.filters)
        column.addWidget(self.splitter, 1)
        self.content.addWidget(shown)
        self.content.addWidget(self.empty)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.content, 1)

        # the chart follows the table's rows, once per burst of changes (intervals arrive in bursts)
        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(120)
        self._chart_timer.timeout.connect(self.update_chart)
        for signal in (
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.dataChanged,
        ):
            signal.connect(self._chart_timer.start)
        self.filters.changed.connect(self._filters_changed)
        self._show_progress(None)

    # -- reading the project --------------------------------------------------------------

    def refresh(self) -> None:
        """Read the project again and compute alphas; the intervals follow (see the module docstring)."""
        self._generation += 1
        generation = self._generation
        self.tasks.stop(wait_ms=0)  # an old run's results are ignored by generation
        self.bootstrap = None
        self._stopped_by_person = False
        self.summary.setText("Reading the codings and computing alpha…")
        self.summary.setVisible(True)
        self._show_progress(None)
        project = self.session.project
        self.reading = self.tasks.start(
            alphas_job(project.path, project.actor or "lead"),
            lambda snapshot: self._alphas_ready(generation, snapshot),  # type: ignore[arg-type]
            on_failure=lambda message: self._failed(generation, message),
            on_cancel=lambda: self._alphas_cancelled(generation),
        )

    def _alphas_ready(self, generation: int, snapshot: Snapshot) -> None:
        if generation != self._generation:
            return
        self.snapshot = snapshot
        selected = self.selected_name()
        coded = has_codings(snapshot)
        # Without codings every line is "undefined": a table of them (and intervals of nothing) says
        # less than the one sentence on what to do.
        lines = snapshot.report.variables if coded else []
        codebook = snapshot.codebook
        self.model.set_rows([Row(v, snapshot.group_of(v), option_label(v, codebook)) for v in lines])
        self.content.setCurrentWidget(self.report_part if coded else self.empty)
        offer(self.export_action, "" if coded else NOTHING_TO_EXPORT)
        self._columns_width = size_columns(self.table, self.model)
        # Once the page is laid out: the splitter just came into view (from the stack), so its width
        # now is not the width it will have.
        QTimer.singleShot(0, self, self._balance)
        self.filters.set_groups(snapshot.codebook.groups)
        self._summarise()
        self.update_chart()
        self.select(selected or (lines[0].name if lines else None))
        if not lines:
            self.detail.clear(NO_CODINGS)
            return
        self.resume_intervals(automatic=True)

    def _alphas_cancelled(self, generation: int) -> None:
        if generation == self._generation and self.snapshot is None:
            self.summary.setText("Alpha is computed when this page is shown.")

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.summary.setText(f"Could not compute reliability: {message}")
            self.summary.setVisible(True)
            self._show_progress(None)

    def _summarise(self) -> None:
        if self.snapshot is None:
            return
        coded = has_codings(self.snapshot)
        self.summary.setVisible(coded)  # without codings, the page says why in one place (``empty``)
        if not coded:
            return
        lines = self.snapshot.report.variables
        counts = [f"{sum(1 for v in lines if v.status == s)} {s}" for s in STATUSES]
        shown, total = self.proxy.rowCount(), len(lines)
        # what the table shows, when the filters show fewer lines than the report has
        count = plural(total, "line") if shown == total else f"{shown} of {plural(total, 'line')}"
        coders = ", ".join(isolate(c) for c in self.snapshot.report.coders)
        self.summary.setText(
            f"{count} (a multi-select variable has one per option) · "
            + " · ".join(counts)
            + f"\nCoders: {coders}. Status: reliable ≥ .800, tentative ≥ .667, unreliable below."
        )

    def _filters_changed(self) -> None:
        """The table shows other lines: the count says so, and the chart shows the selection anew."""
        self._summarise()
        self._chart_to_selection = True
        self._chart_timer.start()

    def _balance(self) -> None:
        """Give the table the width its columns ask for when the window has it, the detail the rest
        (never under three tenths), so a wide window needs no sideways scrolling in the table while the
        detail stands half empty; on a narrow one the table keeps half or more and scrolls.

        Why again at every resize of the splitter, and not once: the first columns arrive before the
        window has its final size (a page shown on a small window that is then enlarged, a splitter
        still hidden in its stack), and a split made then left the wide window's table scrolling. Once
        the person drags the splitter, their split is kept.
        """
        total = self.splitter.width() - self.splitter.handleWidth()
        if self._person_split or not self._columns_width or total <= 0 or not self.splitter.isVisible():
            return
        # The columns' own widths, not the header's length: the last section stretches to the view.
        style = self.table.style()
        scroll = style.pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.table)
        wanted = self._columns_width + scroll + 2 * self.table.frameWidth() + 4
        table = max(min(wanted, total * 7 // 10), total // 2)
        if self.splitter.sizes() != [table, total - table]:
            self.splitter.setSizes([table, total - table])

    def _split_by_person(self, _pos: int, _index: int) -> None:
        self._person_split = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            QTimer.singleShot(0, self, self._balance)  # after the splitter has shared out its new width
        return super().eventFilter(watched, event)

    # -- the bootstrap --------------------------------------------------------------------

    def resume_intervals(self, automatic: bool = False) -> None:
        """Bootstrap the lines without an interval yet (all of them after a refresh)."""
        snapshot = self.snapshot
        if snapshot is None or self.bootstrap is not None or self._reading():
            return  # while the project is read again, the snapshot shown is on its way out
        if not has_codings(snapshot):
            return  # every alpha is undefined: there is no interval to compute
        if automatic and self._stopped_by_person:
            self._show_progress(None)
            return
        self._stopped_by_person = False
        done = [name for name in self._line_names() if self.model.has_interval(name)]
        if len(done) == len(self._line_names()):
            self._show_progress(None)
            return
        arrivals: deque[Arrival] = deque()
        generation = self._generation
        self._show_progress((len(done), len(self._line_names())))
        task = self.tasks.start(
            intervals_job(snapshot.codings, done, arrivals),
            lambda _result: self._bootstrap_ended(task, generation, arrivals),
            on_progress=lambda _d, _t, _m: self._arrived(task, generation, arrivals),
            on_failure=lambda message: self._failed(generation, message),
            on_cancel=lambda: self._bootstrap_ended(task, generation, arrivals),
        )
        self.bootstrap = task

    def _reading(self) -> bool:
        return self.reading is not None and self.reading.is_running()

    def stop_intervals(self) -> None:
        """The person's Stop: the intervals so far are kept; "Compute intervals" goes on from there."""
        if self.bootstrap is not None:
            self._stopped_by_person = True
            self.bootstrap.cancel()

    def _line_names(self) -> list[str]:
        """The lines the table holds (none when there are no codings yet)."""
        return [r.line.name for r in self.model.rows()]

    def _arrived(self, task: BackgroundTask, generation: int, arrivals: deque[Arrival]) -> None:
        """Take the intervals the job has finished (valid even from a stopped job of this snapshot)."""
        if generation != self._generation:
            return
        batch = []
        while arrivals:
            batch.append(arrivals.popleft())
        self.model.set_intervals(batch)
        name = self.selected_name()
        if name is not None and any(n == name for n, _ in batch):
            self.detail.set_interval(self.model.intervals().get(name))
        if task is self.bootstrap:
            self._show_progress((len(self.model.intervals()), len(self._line_names())))

    def _bootstrap_ended(self, task: BackgroundTask, generation: int, arrivals: deque[Arrival]) -> None:
        self._arrived(task, generation, arrivals)
        if task is self.bootstrap:
            self.bootstrap = None
            self._show_progress(None)

    def intervals_complete(self) -> bool:
        return self.snapshot is not None and len(self.model.intervals()) == len(
            self.snapshot.report.variables
        )

    def _show_progress(self, state: tuple[int, int] | None) -> None:
        """``(done, total)`` while the bootstrap runs; None when it does not."""
        if state is not None:
            self.bar.show_running(*state)
        elif self.snapshot is not None:
            total = self.model.rowCount()
            intervals = self.model.intervals()
            computed = sum(1 for i in intervals.values() if i is not None)
            self.bar.show_idle(len(intervals), total, stopped=self._stopped_by_person, computed=computed)
        else:
            self.bar.show_idle(0, 0, stopped=False)

    # -- hidden pages cost nothing ----------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # a minimised window keeps computing; a page switch does not
            reading = self._reading()
            self.tasks.stop(wait_ms=0)  # every job is asked to stop…
            if self.reading is not None:
                self.reading.wait(5_000)  # …and the one reading the file is waited for: it must let go
                # of it; the bootstrap never touches the file, and waiting for its block to end held the
                # window for half a second on a large project
            self.bootstrap = None  # what it finished still arrives (its cancelled signal is queued)
            self._show_progress(None)
            if reading:
                self.stale = True  # read again when shown
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous() and not self._reading():
            QTimer.singleShot(0, self, lambda: self.resume_intervals(automatic=True))

    # -- selection, filters, chart ---------------------------------------------------------

    def selected_name(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return str(index.data(NAME_ROLE)) if index.isValid() else None

    def select(self, name: str | None) -> None:
        """Make line ``name`` the current row (if the filters show it)."""
        row = self.model.row_of(name) if name is not None else -1
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        name = str(current.data(NAME_ROLE)) if current.isValid() else None
        self.chart.select(name)
        if name is None or self.snapshot is None:
            return
        interval = self.model.intervals().get(name) if self.model.has_interval(name) else False
        self.detail.show_line(self.snapshot, name, interval)
        self.charts.scroll_to(name)

    def chart_rows(self) -> list[ChartRow]:
        rows = []
        intervals = self.model.intervals()
        for name in self.proxy.names():
            line = self.model.row(self.model.row_of(name)).line
            interval = intervals.get(name)
            ci95 = interval.ci95 if interval is not None else None
            option = self.model.row(self.model.row_of(name)).option
            rows.append(ChartRow(name, line.alpha, ci95, line.status, line_text(name, option), option))
        return rows

    def update_chart(self) -> None:
        self._chart_timer.stop()
        self.chart.set_rows(self.chart_rows(), self.snapshot.title if self.snapshot is not None else "")
        self.chart.select(self.selected_name())
        if self._chart_to_selection:
            # Filtered: the old scroll position points into another chart (title, axis, legend out of
            # view); show the selected line, or the top with the title and the legend.
            self._chart_to_selection = False
            name = self.selected_name()
            self.charts.scroll_area.verticalScrollBar().setValue(0)
            if name is not None:
                self.charts.scroll_to(name)

    # -- export -----------------------------------------------------------------------------

    def choose_export(self, suffix: str = ".json") -> None:
        """Ask where to save the report (``.json``) or the chart (``.png``, ``.svg``), then save it."""
        project = self.session.project
        start = project.path.parent / f"{project.path.stem}-reliability{suffix}"
        kinds = [EXPORT_FILTERS[suffix], *(f for s, f in EXPORT_FILTERS.items() if s != suffix)]
        chosen = self.prompter.choose_new_file("Export reliability report", start, ";;".join(kinds))
        if chosen is None:
            return
        chosen = with_suffix(chosen, suffix, *EXPORT_FILTERS)
        if chosen.is_dir():
            self.prompter.warn("Export", f"{chosen} is a folder; name the file to write.")
            return
        if chosen.exists() and not self.prompter.confirm(
            "Replace file?", f"{chosen.name} already exists in {chosen.parent}. Replace it?"
        ):
            return
        self.export(chosen)

    def export(self, path: Path) -> Path | None:
        """Write the report (``.json``) or the chart (``.png``, ``.svg``) to ``path``."""
        try:
            if path.suffix.lower() in (".png", ".svg"):
                self.update_chart()
                written = self.chart.save(path)
                self.context.message(f"Chart saved as {written.name}")
                return written
            return self._export_json(path)
        except OSError as exc:
            self.prompter.warn("Export", f"Could not write {path.name}: {exc.strerror or exc}")
            return None

    def _export_json(self, path: Path) -> Path | None:
        """Write the full report (computed in a worker from the codings the page read) as JSON."""
        snapshot = self.snapshot
        if snapshot is None:
            self.prompter.warn("Export", "The report is still being computed; try again in a moment.")
            return None
        intervals = self.model.intervals()
        complete = self.intervals_complete()
        if not complete and not self.prompter.confirm(
            "Export without intervals?",
            f"The bootstrap intervals are not finished ({len(intervals)} of "
            f"{len(snapshot.report.variables)} lines). Export the alphas without intervals?",
        ):
            return None

        def write(report: ReliabilityReport) -> None:
            if complete:
                report = with_intervals(report, intervals, REPLICATES, SEED)
            text = readable_json(report.to_json_dict()) + "\n"
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as exc:
                self.prompter.warn("Export", f"Could not write {path.name}: {exc.strerror or exc}")
                return
            self.context.message(f"Reliability report saved as {path.name}")

        self.exporting = self.context.run_job(
            "Export reliability report", full_report_job(snapshot), write, label="Writing the report…"
        )
        return path
