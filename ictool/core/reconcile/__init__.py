"""Reconciliation: the disagreement queue, the lead's resolutions and the final dataset.

Qt-free and SQL-free: resolutions are stored through ``ictool.core.store.resolutions_repo``; the
queue (:mod:`.queue`) and the final dataset (:mod:`.final`) are built a document at a time from one
read of the project (:mod:`.stream`), by the same per-document rules for the GUI, the CLI and the
exports.

Names are imported on first use (``ictool.lazy_exports``), so importing one light module of this
package does not load them all.
"""

from typing import TYPE_CHECKING

from ictool.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from ictool.core.reconcile.final import CellStatus, FinalCell, FinalDataset, final_cell, final_dataset
    from ictool.core.reconcile.queue import (
        SORT_KEYS,
        CoderValue,
        Disagreement,
        Quote,
        disagreements,
        json_value,
    )
    from ictool.core.reconcile.resolutions import (
        Resolution,
        ResolutionChange,
        clear_resolution,
        get_resolution,
        set_resolution,
    )
    from ictool.core.reconcile.stream import DocumentCells, DocumentStream, Outline, open_stream

__getattr__ = lazy_exports(
    __name__,
    {
        "CellStatus": "final",
        "FinalCell": "final",
        "FinalDataset": "final",
        "final_cell": "final",
        "final_dataset": "final",
        "SORT_KEYS": "sorting",
        "CoderValue": "queue",
        "Disagreement": "queue",
        "Quote": "queue",
        "disagreements": "queue",
        "json_value": "queue",
        "Resolution": "resolutions",
        "ResolutionChange": "resolutions",
        "clear_resolution": "resolutions",
        "get_resolution": "resolutions",
        "set_resolution": "resolutions",
        "DocumentCells": "stream",
        "DocumentStream": "stream",
        "Outline": "stream",
        "open_stream": "stream",
    },
)

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
