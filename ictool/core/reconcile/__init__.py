"""Reconciliation: the disagreement queue, the lead's resolutions and the final dataset.

Qt-free and SQL-free: resolutions are stored through ``ictool.core.store.resolutions_repo``; the
queue (:mod:`.queue`) and the final dataset (:mod:`.final`) are built a document at a time from one
read of the project (:mod:`.stream`), by the same per-document rules for the GUI, the CLI and the
exports.
"""

from ictool.core.reconcile.final import CellStatus, FinalCell, FinalDataset, final_cell, final_dataset
from ictool.core.reconcile.queue import SORT_KEYS, CoderValue, Disagreement, Quote, disagreements, json_value
from ictool.core.reconcile.resolutions import (
    Resolution,
    ResolutionChange,
    clear_resolution,
    get_resolution,
    set_resolution,
)
from ictool.core.reconcile.stream import DocumentCells, DocumentStream, Outline, open_stream

__all__ = [
    "SORT_KEYS",
    "CellStatus",
    "CoderValue",
    "Disagreement",
    "DocumentCells",
    "DocumentStream",
    "FinalCell",
    "FinalDataset",
    "Outline",
    "Quote",
    "Resolution",
    "ResolutionChange",
    "clear_resolution",
    "disagreements",
    "final_cell",
    "final_dataset",
    "get_resolution",
    "json_value",
    "open_stream",
    "set_resolution",
]
