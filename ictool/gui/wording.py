"""Words the app uses in more than one place for one thing, so they agree wherever they are read.

Why a package's revision is said as saved changes: the number is the package's count of saved
changes (``CoderPackage.revision``: one more with every change the coder saves, continued when a
package is handed out again), which a lead and a coder understand; "revision 0" read as jargon.
"""

from __future__ import annotations

from ictool.core.text.wording import plural


def saved_changes(revision: int | None) -> str:
    """A package's revision as people read it: "12 saved changes", "no saved changes"."""
    if not revision:
        return "no saved changes"
    return plural(revision, "saved change")
