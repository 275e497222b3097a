"""One pass over a project's codings, a document at a time, for everything an export computes.

Why one pass: reading and decoding the codings is the slow part of reading a project, and the final
dataset, the disagreement queue and the reliability input all look at the same cells. Each document's
codings are read, turned into its final row, its queue items (parked on disk, see
:mod:`.queue_spool`) and its compact reliability records (:mod:`.reliability_codings`), then dropped:
what stays grows by a row of shared cells and a few integers per value, not by objects per value.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from ictool.core.export.queue_spool import DisagreementSpool
from ictool.core.export.reliability_codings import ReliabilityCodings
from ictool.core.reconcile.disagreements import DocumentQueue
from ictool.core.reconcile.final import FinalCell, FinalDataset, FinalRows
from ictool.core.reconcile.reader import ProjectReader
from ictool.core.records import DocumentInfo

__all__ = ["ExportScan", "scan_project"]


@dataclass(eq=False)
class ExportScan:
    """What the pass found: the final dataset, and (when asked for) the queue and reliability input.

    A context manager: leaving it removes the queue's temporary file.
    """

    final: FinalDataset
    queue: DisagreementSpool | None = None
    codings: ReliabilityCodings | None = None

    def close(self) -> None:
        if self.queue is not None:
            self.queue.close()

    def __enter__(self) -> ExportScan:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def scan_project(reader: ProjectReader, *, queue: bool = False, reliability: bool = False) -> ExportScan:
    """Read every document once; ``queue`` and ``reliability`` add what the workbook needs besides
    the final dataset (the CSV and SPSS exports need the final dataset only)."""
    info = reader.info
    variables = tuple(info.codebook)
    rows = FinalRows(variables)
    spool = DisagreementSpool([c.name for c in info.coders]) if queue else None
    try:
        finder = DocumentQueue(info, variables, reader.context)
        codings = ReliabilityCodings(info) if reliability else None
        documents: list[DocumentInfo] = []
        final_rows: list[tuple[FinalCell, ...]] = []
        for doc in reader.documents():
            cells = doc.cells()
            row = rows.row(cells, doc.resolutions)
            documents.append(doc.document)
            final_rows.append(row)
            if spool is not None:
                for item in finder.items(doc, cells, final_row=row):
                    spool.add(item)
            if codings is not None:
                codings.add(doc)
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    return ExportScan(FinalDataset(variables, tuple(documents), tuple(final_rows)), spool, codings)
