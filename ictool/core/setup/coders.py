"""Adding coders to a project: names are the handles people type, UUIDs the identity.

Why UUIDs: a coder renamed later (a typo, a married name) must still merge with the packages
already handed out under the old name.
"""

from __future__ import annotations

import uuid as _uuid
from collections.abc import Sequence

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.records import Coder
from ictool.core.store import coders_repo
from ictool.core.store.clock import now

MAX_NAME = 80


def name_problems(names: Sequence[str], existing: Sequence[str] = (), where: str = "") -> list[str]:
    """Every problem with new coder names (empty, too long, taken, named twice); none: they can be added.

    Why apart from :func:`add_coders`: the new-project wizard checks names as they are typed, before
    any project exists. ``where`` prefixes the "already exists" sentence (the project's path).
    """
    problems = []
    taken = {name.casefold() for name in existing}
    seen: set[str] = set()
    for name in names:
        clean = name.strip()
        if not clean:
            problems.append("a coder name cannot be empty")
        elif len(clean) > MAX_NAME:
            problems.append(f"coder name '{clean[:20]}…' is longer than {MAX_NAME} characters")
        elif clean.casefold() in taken:
            problems.append(
                f"{where}: a coder named '{clean}' already exists"
                if where
                else f"a coder named '{clean}' already exists"
            )
        elif clean.casefold() in seen:
            problems.append(f"coder '{clean}' is named twice")
        seen.add(clean.casefold())
    return problems


def add_coders(project: Project, names: Sequence[str]) -> list[Coder]:
    """Add coders in one transaction; every problem with the names is reported at once."""
    problems = name_problems(names, [c.name for c in project.coders()], str(project.path))
    if problems:
        raise UserError(problems)
    added = [Coder(uuid=str(_uuid.uuid4()), name=n.strip()) for n in names]
    at = now()
    with project.transaction() as db:
        for coder in added:
            coders_repo.insert_coder(db, coder, at)
            project.audit("add coder", origin="typed", coder=coder.uuid, new=coder.name, at=at)
    return added
