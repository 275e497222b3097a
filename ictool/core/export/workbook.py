"""The xlsx workbook: one reading of the project, a document at a time, fills every sheet.

Each document's codings are read once (:class:`~ictool.core.reconcile.stream.DocumentStream`) and,
in the same step, become

* its rows of the Codings sheet, handed to the writer at once (it keeps them on disk) — which is why
  Codings is the first sheet written although the workbook shows it second;
* its row of the final dataset (shared cells; kept, because the Final sheet's columns depend on
  every row);
* its queue items, as rows of the Disagreements sheet (kept, see
  :class:`~.context_sheets.DisagreementRows`);
* its values in the reliability input (16 bytes each; kept, because alpha needs every value at once).

Then come the sheets that need the whole project: Final, Evidence and Memos (streamed from the store,
a document at a time), Reliability, Methods (the methods section, which always gives intervals: the
reliability is computed with a bootstrap even when the Reliability sheet shows none),
Coincidences, Disagreements, Codebook and About.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ictool import __version__
from ictool.core.export.cells import CellValue
from ictool.core.export.context_sheets import (
    DisagreementRows,
    about_table,
    codebook_table,
    coincidences_table,
    reliability_table,
)
from ictool.core.export.methods import DEFAULT_REPLICATES, CodingCounts, StudyFacts, methods_section
from ictool.core.export.methods_output import methods_table
from ictool.core.export.sheets import (
    CODINGS_HEADER,
    CodingsRows,
    Table,
    evidence_table,
    final_columns,
    final_table,
    memos_table,
)
from ictool.core.export.xlsx import write_xlsx
from ictool.core.paths import write_atomically
from ictool.core.reconcile.final import FinalDataset, FinalRows
from ictool.core.reconcile.queue import DocumentQueue
from ictool.core.reconcile.stream import DocumentStream
from ictool.core.reliability import ReliabilityInput, ReliabilityReport, reliability_report
from ictool.core.store.clock import now

__all__ = ["SHEETS", "WorkbookOptions", "write_workbook"]

#: The sheets in the order the workbook shows them.
SHEETS = (
    "Final",
    "Codings",
    "Evidence",
    "Memos",
    "Reliability",
    "Methods",
    "Coincidences",
    "Disagreements",
    "Codebook",
    "About",
)


@dataclass(frozen=True)
class WorkbookOptions:
    actor: str
    labels: bool
    bootstrap: int
    seed: int
    #: Called with the final dataset once the project is read; raising refuses the export (the
    #: partly written workbook is removed). ``--strict`` refuses unresolved cells this way.
    check_final: Callable[[FinalDataset], None] = lambda final: None
    #: What the project recorded about how the codings were gathered, for the Methods sheet.
    study: StudyFacts = field(default_factory=StudyFacts)


class _Reading:
    """One pass over the project's documents and what it keeps for the sheets after it."""

    def __init__(self, stream: DocumentStream, study: StudyFacts) -> None:
        outline = stream.outline
        self.stream = stream
        self.final = FinalRows(tuple(outline.codebook))
        self.queue = DisagreementRows([c.name for c in outline.coders])
        self.reliability = ReliabilityInput(outline.codebook)
        self.methods = CodingCounts.of(study)

    def codings_rows(self) -> Iterator[tuple[CellValue, ...]]:
        """The Codings sheet's rows: asking for them reads the project (see the module docstring)."""
        stream = self.stream
        finder = DocumentQueue(stream.outline, self.final.variables, stream.context)
        codings = CodingsRows(stream.outline)
        for doc in stream.documents():
            row = self.final.add(doc)
            self.methods.add_document(doc)
            for item in finder.items(doc, final_row=row):
                self.queue.add(item)
                self.methods.add_item(item)
            self.reliability.add(doc.records)
            yield from codings.rows(doc)


def write_workbook(
    stream: DocumentStream, path: Path, options: WorkbookOptions, step: Callable[[str], None]
) -> tuple[FinalDataset, dict[str, int], list[str]]:
    """Write the workbook to ``path`` (atomically); returns the final dataset, the rows per sheet and
    notes for the person (texts cut to Excel's cell limit)."""
    outline = stream.outline
    reading = _Reading(stream, options.study)

    def tables() -> Iterator[Table]:
        yield Table("Codings", CODINGS_HEADER, reading.codings_rows())
        final = reading.final.dataset()
        options.check_final(final)
        step("computing reliability")
        replicates = options.bootstrap or DEFAULT_REPLICATES
        report = reliability_report(reading.reliability, bootstrap=replicates, seed=options.seed)
        reading.reliability = ReliabilityInput(outline.codebook)  # computed: free it for the sheets
        step("writing the workbook")
        columns = final_columns(outline, final)
        facts: dict[str, Any] = {
            "ictool_version": __version__,
            "exported_at": now(),
            "exported_by": options.actor,
            "final_values": "labels" if options.labels else "codes",
            "reliability_bootstrap_replicates": options.bootstrap or "none (no confidence intervals)",
            "reliability_bootstrap_seed": options.seed if options.bootstrap else None,
        }
        queue = reading.queue
        yield final_table(final, columns, options.labels)
        yield evidence_table(outline, stream.evidence())
        yield memos_table(outline, stream.memos())
        yield reliability_table(report if options.bootstrap else _without_intervals(report))
        methods = methods_section(
            report, outline.codebook, reading.methods, options.study, version=__version__
        )
        yield methods_table(methods)
        yield coincidences_table(report, outline.codebook)
        yield queue.table()
        yield codebook_table(outline, columns)
        yield about_table(outline, final, facts, disagreements=queue.count, resolved=queue.resolved)

    creator = f"ictool {__version__}"
    notes: list[str] = []
    counts = write_atomically(
        path,
        lambda tmp: write_xlsx(
            tables(), tmp, title=outline.title, creator=creator, order=SHEETS, notes=notes
        ),
    )
    return reading.final.dataset(), counts, notes


def _without_intervals(report: ReliabilityReport) -> ReliabilityReport:
    """The report as computed without a bootstrap: the Reliability sheet shows intervals only when
    asked for (``--bootstrap``), though the Methods sheet always has them."""
    lines = tuple(replace(line, ci95=None, q=None) for line in report.variables)
    return replace(report, variables=lines, bootstrap_replicates=0)
