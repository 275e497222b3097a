"""Reconciliation: the disagreement queue, the lead's resolutions and the final dataset.

Qt-free and SQL-free: resolutions are stored through ``ictool.core.store.resolutions_repo``, and the
queue and final dataset are pure views of a :class:`ProjectData` snapshot, so the GUI, the CLI and the
exports all show the same thing.
"""

from ictool.core.reconcile.disagreements import (
    SORT_KEYS,
    CoderValue,
    Disagreement,
    Quote,
    disagreements,
    find_disagreements,
    json_value,
)
from ictool.core.reconcile.final import (
    CellStatus,
    FinalCell,
    FinalDataset,
    build_final,
    final_cell,
    final_dataset,
)
from ictool.core.reconcile.resolutions import (
    Resolution,
    ResolutionChange,
    clear_resolution,
    get_resolution,
    load_resolutions,
    set_resolution,
)
from ictool.core.reconcile.snapshot import ProjectData, load_project_data

__all__ = [
    "SORT_KEYS",
    "CellStatus",
    "CoderValue",
    "Disagreement",
    "FinalCell",
    "FinalDataset",
    "ProjectData",
    "Quote",
    "Resolution",
    "ResolutionChange",
    "build_final",
    "clear_resolution",
    "disagreements",
    "final_cell",
    "final_dataset",
    "find_disagreements",
    "get_resolution",
    "json_value",
    "load_project_data",
    "load_resolutions",
    "set_resolution",
]
