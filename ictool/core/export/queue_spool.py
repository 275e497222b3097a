"""The Disagreements sheet's rows, parked on disk until every document has been read.

Why: the queue is found a document at a time (that is how the codings are streamed) but the sheet lists
it by variable, then document, and a large project has tens of thousands of items (about 32,000 for
1,000 documents × 150 variables × 3 coders) — as objects, tens of megabytes that grow with the project.
So each item becomes its sheet row at once, the row goes to a temporary file (``marshal``: rows hold
only text, numbers and None), and memory keeps two positions and an offset per item. Reading back
seeks row by row in sheet order.

The sheet shows one value/label column pair per coder who appears in the queue, which is known only
at the end: rows are written with a pair for every coder of the project, and the pairs of coders who
never appear are dropped as the rows are read back.
"""

from __future__ import annotations

import marshal
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, cast

import numpy as np

from ictool.core.export.cells import CellValue
from ictool.core.export.context_sheets import disagreement_row, disagreements_header
from ictool.core.export.sheets import Table
from ictool.core.reconcile.disagreements import Disagreement

__all__ = ["DisagreementSpool"]

_FIXED = 3  # document, variable, status: the columns before the coders' pairs


class DisagreementSpool:
    """Collects queue items in any order; :meth:`table` gives them sorted by variable, then document.

    ``coders``: every coder's name, in the order the sheet's columns take (name order). Close it (or
    use it as a context manager) to remove the temporary file.
    """

    def __init__(self, coders: Sequence[str]) -> None:
        self.coders = tuple(coders)
        self.count = 0
        self.resolved = 0
        self._seen: set[str] = set()
        self._variable = array("q")
        self._document = array("q")
        self._offset = array("q")
        self._length = array("q")
        # Closed by close() or __exit__; it lives as long as the spool.
        self._file: IO[bytes] = tempfile.TemporaryFile("w+b")  # noqa: SIM115

    def add(self, item: Disagreement) -> None:
        # Text, numbers and None only (no markers in this sheet): what marshal writes exactly.
        row = cast(tuple[str | int | float | None, ...], tuple(disagreement_row(item, self.coders)))
        data = marshal.dumps(row)
        self._variable.append(item.variable_position)
        self._document.append(item.document_position)
        self._offset.append(self._file.tell())
        self._length.append(len(data))
        self._file.write(data)
        self._seen.update(v.coder for v in item.values)
        self.count += 1
        self.resolved += item.resolution is not None

    @property
    def coders_seen(self) -> list[str]:
        """Coders with a value in some item, in column order (what ``coder_names`` gives for a list)."""
        return [name for name in self.coders if name in self._seen]

    def table(self) -> Table:
        """The Disagreements sheet; its rows are read from disk as they are written (once)."""
        shown = self.coders_seen
        return Table("Disagreements", disagreements_header(shown), self._rows(shown))

    def _rows(self, shown: Sequence[str]) -> Iterator[list[CellValue]]:
        seen = set(shown)
        pairs = [i for i, name in enumerate(self.coders) if name in seen]
        tail = _FIXED + 2 * len(self.coders)
        order = np.lexsort((np.asarray(self._document), np.asarray(self._variable)))
        self._file.flush()
        for index in order.tolist():
            self._file.seek(self._offset[index])
            row: list[CellValue] = list(marshal.loads(self._file.read(self._length[index])))
            if len(pairs) < len(self.coders):
                picked = [cell for i in pairs for cell in row[_FIXED + 2 * i : _FIXED + 2 * i + 2]]
                row = [*row[:_FIXED], *picked, *row[tail:]]
            yield row

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> DisagreementSpool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
