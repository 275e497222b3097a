"""A new version of a project's codebook, read from an edited sheet, without losing a single coding.

Why identities are carried over: codings refer to variables and categories by UUID, so an edited
sheet is matched to the codebook in use — variables by name (case-insensitive), categories by code —
and matched items keep their UUIDs. A variable renamed in the sheet therefore reads as one removed
and one added; that is deliberate, because a name is the only handle a sheet has.

Why some edits are refused: every stored value (codings and resolutions) must still be valid, and
stay the same value, under the new codebook. A kind change (single → multi-select, choices → number,
…) of a variable that has codings is refused outright, since the stored values would change meaning
even where they happen to validate. Removing a variable or category that is in use needs
``allow_remove``; it is then retired, never deleted, so its codings remain in the audit trail and in
exports (see ``Project.full_codebook``).

Everything is written in one transaction with one audit entry per change and one version bump; a
sheet identical to the codebook in use changes nothing, not even the version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ictool.core.codebook.choices import code_key, find_choice, format_code
from ictool.core.codebook.model import Category, Code, Codebook, Number, Value, Variable
from ictool.core.codebook.sheet import read_codebook
from ictool.core.codebook.values import decode_value, format_number, validate_value
from ictool.core.errors import ValidationError
from ictool.core.project import Project
from ictool.core.store import codebook_changes_repo, codebook_repo, meta_repo
from ictool.core.store.clock import now
from ictool.core.text.wording import plural


@dataclass(frozen=True)
class FieldChange:
    """One edited property of a kept variable (``field`` e.g. ``label``, ``category 2 label``)."""

    variable: str
    field: str
    old: str
    new: str
    variable_uuid: str = ""


@dataclass(frozen=True)
class CategoryChange:
    """A category added to or removed from a kept variable; ``values`` = stored values using it."""

    variable: str
    code: Code
    label: str
    values: int = 0
    variable_uuid: str = ""

    @property
    def text(self) -> str:
        return f"{format_code(self.code)} '{self.label}'"


@dataclass(frozen=True)
class RemovedVariable:
    name: str
    values: int  # codings and resolutions that stay, under the retired variable
    variable_uuid: str = ""


@dataclass
class CodebookChanges:
    """What an update changed (or, when empty, that the sheet matches the codebook in use)."""

    added_variables: list[str] = field(default_factory=list)
    removed_variables: list[RemovedVariable] = field(default_factory=list)
    changed: list[FieldChange] = field(default_factory=list)
    added_categories: list[CategoryChange] = field(default_factory=list)
    removed_categories: list[CategoryChange] = field(default_factory=list)
    order: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (old, new) names, when reordered
    version: int = 0

    @property
    def empty(self) -> bool:
        lists = (self.added_variables, self.removed_variables, self.changed)
        return not any(lists) and not self.added_categories and not self.removed_categories and not self.order

    def lines(self) -> list[str]:
        """One line per change, for the CLI and the GUI's confirmation."""
        out = [f"added variable '{name}'" for name in self.added_variables]
        out += [f"removed variable '{r.name}' ({_kept(r.values)})" for r in self.removed_variables]
        out += [f"'{c.variable}': added category {c.text}" for c in self.added_categories]
        out += [
            f"'{c.variable}': removed category {c.text} ({_kept(c.values)})" for c in self.removed_categories
        ]
        out += [f"'{c.variable}': {c.field} '{c.old}' → '{c.new}'" for c in self.changed]
        if self.order:
            out.append(f"variable order: {', '.join(self.order[1])}")
        return out


def _stored_values(n: int) -> str:
    """ "1 stored value is" / "3 stored values are": the verb follows the count."""
    return f"{plural(n, 'stored value')} {'is' if n == 1 else 'are'}"


def _kept(values: int) -> str:
    return f"retired; its {_stored_values(values)} kept" if values else "retired; it had no values"


# -- the update ---------------------------------------------------------------------------------------


def update_codebook(project: Project, path: Path, allow_remove: bool = False) -> CodebookChanges:
    """Replace the project's codebook by the sheet at ``path``; refuse with every problem listed."""
    path = Path(path)
    sheet = read_codebook(path)
    plan = _plan(project.codebook, project.full_codebook(), sheet)
    changes = plan.changes
    changes.version = project.codebook_version
    if changes.empty:
        return changes
    at = now()
    with project.transaction() as db:
        # Checked inside the transaction, so no coding can slip in between the check and the write.
        blocked, problems = _check_values(project, plan)
        problems = _check_removals(project, changes, allow_remove, path.name, blocked) + problems
        if problems:
            raise ValidationError(problems)
        codebook_repo.upsert_variables(db, plan.variables)
        codebook_repo.retire_variables(db, [r.variable_uuid for r in changes.removed_variables])
        changes.version = meta_repo.bump_int(db, "codebook_version")
        _audit(project, plan, at)
        project.audit(
            "codebook: new version",
            origin="system",
            old=str(changes.version - 1),
            new=f"{changes.version} ({path.name})",
            at=at,
        )
    project.invalidate_codebook()
    return changes


def preview_update(project: Project, path: Path) -> tuple[CodebookChanges, list[str]]:
    """What :func:`update_codebook` would change, and the problems that would refuse it; writes nothing.

    Why: the GUI shows the changes and asks before anything is written. Removals are counted, not
    refused (the person decides on retiring them when applying); a sheet that cannot be read raises
    ``ValidationError`` as the update does. A coder's value saved between the preview and the update
    is still checked by the update itself.
    """
    path = Path(path)
    plan = _plan(project.codebook, project.full_codebook(), read_codebook(path))
    changes = plan.changes
    changes.version = project.codebook_version
    if changes.empty:
        return changes, []
    blocked, problems = _check_values(project, plan)
    problems = _check_removals(project, changes, True, path.name, blocked) + problems
    return changes, problems


@dataclass
class _Plan:
    variables: tuple[Variable, ...]  # the new codebook, carrying kept uuids
    kept: list[tuple[Variable, Variable]]  # (old, new) pairs
    removed_categories: dict[str, tuple[Category, ...]]  # variable uuid -> categories removed
    changes: CodebookChanges


def _plan(current: Codebook, full: Codebook, sheet: Codebook) -> _Plan:
    """Match the sheet to the codebook in use and describe the differences (no database access)."""
    changes = CodebookChanges()
    variables: list[Variable] = []
    kept: list[tuple[Variable, Variable]] = []
    removed_cats: dict[str, tuple[Category, ...]] = {}
    for var in sheet:
        old = current.get(var.name)
        if old is None:
            variables.append(var)
            changes.added_variables.append(var.name)
            continue
        active = {c.uuid for c in old.choices}
        retired = tuple(c for c in _choices(full, old.uuid) if c.uuid not in active)
        choices = tuple(_match_category(cat, old.choices, retired) for cat in var.choices)
        new = replace(var, uuid=old.uuid, choices=choices)
        variables.append(new)
        kept.append((old, new))
        gone = tuple(c for c in old.choices if c.uuid not in {k.uuid for k in choices})
        if gone:
            removed_cats[old.uuid] = gone
        _describe(old, new, gone, changes)
    kept_uuids = {new.uuid for _, new in kept}
    changes.removed_variables = [
        RemovedVariable(v.name, 0, v.uuid) for v in current if v.uuid not in kept_uuids
    ]
    old_order = tuple(v.name for v in current if v.uuid in kept_uuids)
    new_order = tuple(new.name for _, new in kept)
    if [v.uuid for v in current if v.uuid in kept_uuids] != [new.uuid for _, new in kept]:
        changes.order = (old_order, new_order)
    return _Plan(tuple(variables), kept, removed_cats, changes)


def _choices(full: Codebook, variable_uuid: str) -> tuple[Category, ...]:
    var = full.by_uuid(variable_uuid)
    return () if var is None else var.choices


def _match_category(cat: Category, active: Sequence[Category], retired: Sequence[Category]) -> Category:
    """Keep the uuid of the category with the same code; a retired one comes back to life."""
    match = find_choice(active, cat.code) or find_choice(retired, cat.code)
    return cat if match is None else replace(cat, uuid=match.uuid)


def _describe(old: Variable, new: Variable, gone: Sequence[Category], changes: CodebookChanges) -> None:
    def note(name: str, before: str, after: str) -> None:
        if before != after:
            changes.changed.append(FieldChange(new.name, name, before, after, new.uuid))

    note("name", old.name, new.name)
    note("label", old.label, new.label)
    note("description", old.description, new.description)
    note("group", old.group, new.group)
    note("level", old.level.value, new.level.value)
    note("kind", old.kind.value, new.kind.value)
    note("min", _number(old.minimum), _number(new.minimum))
    note("max", _number(old.maximum), _number(new.maximum))
    note("missing codes", _codes(old.missing), _codes(new.missing))
    before = {c.uuid: c for c in old.choices}
    for cat in new.choices:
        prior = before.get(cat.uuid)
        if prior is None:
            changes.added_categories.append(CategoryChange(new.name, cat.code, cat.label, 0, new.uuid))
            continue
        note(f"category {format_code(prior.code)} code", format_code(prior.code), format_code(cat.code))
        note(f"category {format_code(cat.code)} label", prior.label, cat.label)
    changes.removed_categories += [CategoryChange(new.name, c.code, c.label, 0, new.uuid) for c in gone]
    stayed = {c.uuid for c in new.choices}
    old_order = [c for c in old.choices if c.uuid in stayed]
    new_order = [c for c in new.choices if c.uuid in before]
    if [c.uuid for c in old_order] != [c.uuid for c in new_order]:
        note("category order", _codes(c.code for c in old_order), _codes(c.code for c in new_order))


def _number(number: Number | None) -> str:
    return "" if number is None else format_number(number)


def _codes(codes: Iterable[Code | Number]) -> str:
    return ", ".join(format_number(c) if isinstance(c, float) else str(c) for c in codes)


# -- checks against stored values ----------------------------------------------------------------------


def _stored(project: Project, variable_uuid: str) -> list[tuple[str, str, int]]:
    """(what, stored JSON, count) for the codings and the resolutions of one variable."""
    db = project.db
    codings = codebook_changes_repo.coding_value_counts(db, variable_uuid)
    resolutions = codebook_changes_repo.resolution_value_counts(db, variable_uuid)
    return [("coding", t, n) for t, n in codings.items()] + [
        ("resolution", t, n) for t, n in resolutions.items()
    ]


def _uses(text: str, code: Code) -> bool:
    try:
        value = decode_value(text)
    except ValidationError:
        return False
    items = value if isinstance(value, tuple) else (value,)
    key = code_key(code)
    return any(isinstance(i, int | str) and code_key(i) == key for i in items)


def _check_removals(
    project: Project, changes: CodebookChanges, allow_remove: bool, source: str, blocked: set[str]
) -> list[str]:
    """Count the values each removal would retire; without ``allow_remove`` a removal in use is refused.

    Variables in ``blocked`` already have a refused kind change, which says all there is to say.
    """
    problems = []
    hint = "; use --allow-remove to retire it (its values are kept, but no longer coded)"
    for index, removed in enumerate(changes.removed_variables):
        n = sum(count for _, _, count in _stored(project, removed.variable_uuid))
        changes.removed_variables[index] = replace(removed, values=n)
        if n and not allow_remove:
            problems.append(
                f"{source}: the variable '{removed.name}' is not in the sheet but has "
                f"{plural(n, 'value')}{hint}"
            )
    for index, cat in enumerate(changes.removed_categories):
        n = sum(count for _, text, count in _stored(project, cat.variable_uuid) if _uses(text, cat.code))
        changes.removed_categories[index] = replace(cat, values=n)
        if n and not allow_remove and cat.variable_uuid not in blocked:
            what = f"the category {cat.text} of '{cat.variable}'"
            problems.append(f"{source}: {what} is not in the sheet but has {plural(n, 'value')}{hint}")
    return problems


def _check_values(project: Project, plan: _Plan) -> tuple[set[str], list[str]]:
    """Every stored value of a kept variable must be valid, and the same value, under the new codebook.

    Returns the uuids of variables whose kind change is refused, and every problem.
    """
    problems = []
    blocked: set[str] = set()
    for old, new in plan.kept:
        if old == new:  # first: reading a variable's stored values scans every coding (seconds at 1 M)
            continue
        stored = _stored(project, old.uuid)
        if not stored:
            continue
        if old.kind is not new.kind:
            n = sum(count for _, _, count in stored)
            blocked.add(old.uuid)
            problems.append(
                f"'{new.name}' would change from {old.kind.value} to {new.kind.value}, which its "
                f"{plural(n, 'stored value')} cannot follow; add a new variable instead"
            )
            continue
        # Values using a removed category were settled by the removal check: they stay valid as retired.
        lenient = replace(new, choices=new.choices + plan.removed_categories.get(old.uuid, ()))
        for what, text, count in stored:
            problem = _value_problem(lenient, text)
            if problem is not None:
                problems.append(
                    f"'{new.name}': {plural(count, what)} {'holds' if count == 1 else 'hold'} {problem}"
                )
    return blocked, problems


def _value_problem(variable: Variable, text: str) -> str | None:
    try:
        value = decode_value(text)
    except ValidationError:
        return None  # damaged already; not this update's doing
    try:
        checked = validate_value(variable, value)
    except ValidationError as exc:
        return f"{text}, which the new codebook refuses: {'; '.join(exc.problems)}"
    if _canonical(checked) != _canonical(value):
        return f"{text}, which the new codebook would read as a different value"
    return None


def _canonical(value: Value) -> object:
    if isinstance(value, tuple):
        return frozenset(code_key(c) for c in value)
    return value


def _audit(project: Project, plan: _Plan, at: str) -> None:
    """One audit entry per change, each naming the variable's uuid."""
    changes = plan.changes
    uuid_of = {v.name: v.uuid for v in plan.variables}
    for name in changes.added_variables:
        project.audit("codebook: add variable", origin="system", variable=uuid_of[name], new=name, at=at)
    for r in changes.removed_variables:
        project.audit(
            "codebook: remove variable", origin="system", variable=r.variable_uuid, old=r.name, at=at
        )
    for c in changes.added_categories:
        project.audit("codebook: add category", origin="system", variable=c.variable_uuid, new=c.text, at=at)
    for c in changes.removed_categories:
        project.audit(
            "codebook: remove category", origin="system", variable=c.variable_uuid, old=c.text, at=at
        )
    for f in changes.changed:
        project.audit(
            f"codebook: change {f.field}",
            origin="system",
            variable=f.variable_uuid,
            old=f.old,
            new=f.new,
            at=at,
        )
    if changes.order:
        old, new = changes.order
        project.audit(
            "codebook: reorder variables", origin="system", old=", ".join(old), new=", ".join(new), at=at
        )
