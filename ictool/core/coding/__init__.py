"""One coder's work in a file (a package, or a project for a lead who codes): values, evidence,
memos, document status.

Every function takes the open file first (``StudyFile``: either kind) and changes it in one
transaction with its audit entry. Callers write ``coding.set_value(file, ...)``.
"""

from ictool.core.coding.evidence import add_evidence, evidence, remove_evidence, restore_evidence
from ictool.core.coding.memos import memo, memos, set_memo
from ictool.core.coding.status import set_status, status, statuses
from ictool.core.coding.values import (
    ChangedElsewhere,
    ValueChange,
    all_values,
    apply,
    clear_value,
    set_value,
    uncoded,
    value,
    values,
)

__all__ = [
    "ChangedElsewhere",
    "ValueChange",
    "add_evidence",
    "all_values",
    "apply",
    "clear_value",
    "evidence",
    "memo",
    "memos",
    "remove_evidence",
    "restore_evidence",
    "set_memo",
    "set_status",
    "set_value",
    "status",
    "statuses",
    "uncoded",
    "value",
    "values",
]
