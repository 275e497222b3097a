"""The export's reliability report, from every coding held as four integer columns.

Why: alpha is computed over all documents at once, so the Reliability sheet needs every value, but
the engine (:func:`ictool.core.reliability.reliability_report`) reads only who coded which document,
variable and value. Here four machine integers per value (8 bytes for up to 255 coders and variables
and 65,535 documents) index small tables of coders, documents, variable uuids and distinct values,
instead of one object per value (about 300 bytes).

The engine itself needs about 110 bytes of working memory per value it is given (hash tables and
index arrays sized to its input), so it is given a few variables at a time (:data:`CHUNK_VALUES`
values at most, unless one variable alone has more), and the lines are put together in codebook
order. The report is the same to the last digit, because each line depends only on its variable's
codings plus three project-wide facts that every chunk is given unchanged: which (coder, document)
pairs were coded at all (for ``not coded`` and the coders' document counts), the order in which
documents and coders first appear (for unit and coder numbering, which the bootstrap resamples by),
and the coders' names. Each chunk therefore starts every (coder, document) group with one *presence*
record — coded, of no variable the chunk scores — followed by the group's records of the chunk's
variables in their original order. Bootstrap streams are seeded per line name, not per position.

Records are made as the engine iterates a chunk and never kept. Text and retired variables are not
scored, so their values are not kept either (one placeholder stands for them).
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator, Sequence
from functools import partial
from itertools import repeat
from typing import Any, cast, overload

import numpy as np
import numpy.typing as npt

from ictool.core.codebook.model import Codebook, Kind, Value, Variable
from ictool.core.reconcile.reader import CodingRecord, DocumentCells
from ictool.core.reconcile.snapshot import ProjectInfo
from ictool.core.records import CodingRow
from ictool.core.reliability import DEFAULT_SEED, ReliabilityReport, reliability_report

__all__ = ["CHUNK_VALUES", "PLACEHOLDER", "ReliabilityCodings"]

#: Values given to the reliability engine at once (about 7 MB of its working memory).
CHUNK_VALUES = 65_536
#: Stands for every value of a variable the report does not score, and for presence records.
PLACEHOLDER = ""
_NO_VARIABLE = ""  # variable uuid of presence records: in no codebook

Ints = npt.NDArray[np.integer[Any]]
_record = partial(tuple.__new__, CodingRecord)  # a CodingRecord from one tuple, without Python frames


class ReliabilityCodings:
    """The codings of documents added in turn (document, then coder, then store order)."""

    def __init__(self, info: ProjectInfo) -> None:
        self._coders = list(info.coders)
        self._coder_index = {c.uuid: i for i, c in enumerate(self._coders)}
        self._documents = list(info.documents)
        self._scored = [v for v in info.codebook if v.kind is not Kind.TEXT]
        self._variables: list[str] = [_NO_VARIABLE]
        self._variable_index = {v.uuid: len(self._variables) + i for i, v in enumerate(self._scored)}
        self._variables += [v.uuid for v in self._scored]
        self._values: list[Value] = [PLACEHOLDER]
        self._value_index: dict[Hashable, int] = {}
        # document, coder, variable, value: each as narrow as its table allows
        self._columns = (
            array(_typecode(len(self._documents))),
            array(_typecode(len(self._coders))),
            array(_typecode(len(self._variables))),
            array("i"),
        )

    def add(self, doc: DocumentCells) -> None:
        """Append one document's codings (its coders must be coders of the project)."""
        documents, coders, variables, values = self._columns
        records = doc.records
        documents.extend(repeat(doc.position, len(records)))
        coders.extend(map(self._coder_index.__getitem__, (r.coder_uuid for r in records)))
        scored = [self._variable_index.get(r.variable_uuid, 0) for r in records]
        variables.extend(scored)
        intern = self._intern
        values.extend([intern(r.value) if v else 0 for r, v in zip(records, scored, strict=True)])

    def _intern(self, value: Value) -> int:
        # Keyed by type and value: 1, 1.0 and True are equal in Python but distinct values here.
        key = (value.__class__, value)
        index = self._value_index.get(key)
        if index is None:
            index = self._value_index[key] = len(self._values)
            self._values.append(value)
        return index

    def __len__(self) -> int:
        return len(self._columns[0])

    def report(
        self, *, bootstrap: int = 0, seed: int = DEFAULT_SEED, chunk_values: int | None = None
    ) -> ReliabilityReport:
        """The reliability report of the active codebook, computed a chunk of variables at a time
        (at most ``chunk_values`` values, default :data:`CHUNK_VALUES`, unless one variable has more)."""
        budget = CHUNK_VALUES if chunk_values is None else chunk_values
        # The records only look like CodingRow (a NamedTuple with its fields, all the engine reads).
        parts = [
            reliability_report(codebook, cast(Sequence[CodingRow], records), bootstrap=bootstrap, seed=seed)
            for codebook, records in self._chunks(budget)
        ]
        return ReliabilityReport(
            variables=tuple(line for part in parts for line in part.variables),
            pairwise={name: rows for part in parts for name, rows in part.pairwise.items()},
            leave_one_out={name: rows for part in parts for name, rows in part.leave_one_out.items()},
            coders=parts[0].coders,
            bootstrap_replicates=bootstrap,
            seed=seed,
        )

    def _chunks(self, budget: int) -> Iterator[tuple[Codebook, _Records]]:
        """Consecutive scored variables with at most ``budget`` values together (at least one chunk)."""
        documents, coders, variables, values = (np.frombuffer(c, dtype=c.typecode) for c in self._columns)
        # Records come grouped by (document, coder): a group starts where either changes.
        change = np.ones(len(documents), dtype=bool)
        change[1:] = (documents[1:] != documents[:-1]) | (coders[1:] != coders[:-1])
        starts = np.flatnonzero(change)
        counts = np.bincount(variables, minlength=len(self._variables))
        chunk: list[Variable] = []
        size = 0
        for var in self._scored:
            count = int(counts[self._variable_index[var.uuid]])
            if chunk and size + count > budget:
                yield Codebook(tuple(chunk)), self._chunk(chunk, starts, documents, coders, variables, values)
                chunk, size = [], 0
            chunk.append(var)
            size += count
        yield Codebook(tuple(chunk)), self._chunk(chunk, starts, documents, coders, variables, values)

    def _chunk(
        self,
        chunk: Sequence[Variable],
        starts: Ints,
        documents: Ints,
        coders: Ints,
        variables: Ints,
        values: Ints,
    ) -> _Records:
        wanted = np.zeros(len(self._variables), dtype=bool)
        wanted[[self._variable_index[v.uuid] for v in chunk]] = True
        rows = np.flatnonzero(wanted[variables])
        # Presence records sort before the records at the same position (the group's first).
        position = np.concatenate((starts, rows))
        is_row = np.concatenate((np.zeros(len(starts), dtype=bool), np.ones(len(rows), dtype=bool)))
        order = np.lexsort((is_row, position))
        position, is_row = position[order], is_row[order]
        return _Records(
            self,
            documents[position],
            coders[position],
            np.where(is_row, variables[position], 0).astype(variables.dtype),
            np.where(is_row, values[position], 0).astype(values.dtype),
        )


def _typecode(count: int) -> str:
    """The narrowest unsigned array type that indexes ``count`` entries."""
    return "B" if count <= 1 << 8 else "H" if count <= 1 << 16 else "I"


class _Records(Sequence[CodingRecord]):
    """The records of one chunk, made as they are asked for (``updated_at`` empty: not read)."""

    def __init__(
        self, owner: ReliabilityCodings, documents: Ints, coders: Ints, variables: Ints, values: Ints
    ) -> None:
        self._owner = owner
        self._columns = (documents, coders, variables, values)

    def __len__(self) -> int:
        return len(self._columns[0])

    def __iter__(self) -> Iterator[CodingRecord]:
        owner = self._owner
        coder_uuids = [c.uuid for c in owner._coders]
        coder_names = [c.name for c in owner._coders]
        doc_uuids = [d.uuid for d in owner._documents]
        doc_ids = [d.doc_id for d in owner._documents]
        documents, coders, variables, values = (c.data for c in self._columns)  # iterate as ints
        columns = zip(
            map(coder_uuids.__getitem__, coders),
            map(coder_names.__getitem__, coders),
            map(doc_uuids.__getitem__, documents),
            map(doc_ids.__getitem__, documents),
            map(owner._variables.__getitem__, variables),
            map(owner._values.__getitem__, values),
            repeat(""),
        )
        return map(_record, columns)

    @overload
    def __getitem__(self, index: int) -> CodingRecord: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[CodingRecord]: ...

    def __getitem__(self, index: int | slice) -> CodingRecord | Sequence[CodingRecord]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        owner = self._owner
        d, c, v, x = (int(column[index]) for column in self._columns)
        coder, doc = owner._coders[c], owner._documents[d]
        return CodingRecord(
            coder.uuid, coder.name, doc.uuid, doc.doc_id, owner._variables[v], owner._values[x]
        )
