"""Who codes which document: everyone everything, or a reliability overlap plus a split.

Why the overlap design: reliability needs the same documents coded by several coders, but
coding 220 long interviews three times is rarely affordable. A random fraction F goes to
every coder (the reliability sample); the rest is dealt out evenly. The draw is reproducible
from the seed so a methods section can state it, and it never takes a document away from a
coder who already holds it in an issued package or whose codings were merged.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field

from ictool.core.errors import UserError
from ictool.core.project import Project
from ictool.core.rounds.membership import find_round, round_documents
from ictool.core.store import coders_repo, codings_repo, packages_repo, rounds_repo
from ictool.core.store.clock import now
from ictool.core.text.wording import plural


@dataclass
class AssignmentResult:
    seed: int | None
    overlap: float | None
    reliability_sample: list[str] = field(default_factory=list)  # doc ids coded by everyone
    round: str | None = None  # the round the assignment was limited to
    per_coder: dict[str, int] = field(default_factory=dict)  # coder name -> documents assigned
    kept: int = 0  # (coder, document) pairs kept because they were issued or merged


@dataclass(frozen=True)
class Sizes:
    """How an overlap design splits the documents: the sample everyone codes and the rest, dealt out."""

    shared: int  # documents every coder codes (the reliability sample)
    fewest: int  # documents per coder, at least (shared plus their share of the rest)
    most: int  # … and at most (the rest rarely divides evenly)


def sizes(documents: int, coders: int, overlap: float | None) -> Sizes:
    """The sizes :func:`assign` will draw, known before any project exists (the wizard shows them)."""
    if documents <= 0 or coders <= 0:
        return Sizes(0, 0, 0)
    if overlap is None or overlap >= 1:
        return Sizes(documents, documents, documents)
    shared = max(1, round(overlap * documents))
    rest = documents - shared
    return Sizes(shared, shared + rest // coders, shared + -(-rest // coders))


def locked_pairs(project: Project) -> set[tuple[str, str]]:
    """(coder, document) pairs that may not be unassigned: issued in a package or already coded."""
    pairs = set(packages_repo.issued_pairs(project.db))
    pairs |= set(codings_repo.coded_counts(project.db))
    return pairs


def assign(
    project: Project,
    *,
    overlap: float | None = None,
    seed: int | None = None,
    extend: bool = False,
    round: str | None = None,
) -> AssignmentResult:
    """Assign documents; once packages are out, adding to them takes ``extend`` (a re-run with
    another seed would otherwise quietly give coders more documents on top of those they hold).

    With ``round`` only that round's documents are drawn and dealt, and only their assignments can
    change: the other documents' stay as they are, so rounds are assigned one after the other. Retest
    identities are never dealt documents here, nor lose theirs (``rounds.retest`` gives them theirs).
    """
    retests = rounds_repo.retest_links(project.db)
    coders = [c for c in project.coders() if c.uuid not in retests]
    docs = project.documents()
    round_name = None
    if round is not None:
        round_name = find_round(project, round).name
        in_round = round_documents(project, round)
        docs = [d for d in docs if d.uuid in in_round]
        if not docs:
            raise UserError(
                f"{project.path}: round {round_name} holds no documents yet; "
                f"add them first (ictool rounds add PROJECT {round_name} DOC_ID...)"
            )
    if not coders:
        raise UserError(f"{project.path}: no coders yet; add them first (ictool coders add PROJECT NAME...)")
    if not docs:
        raise UserError(
            f"{project.path}: no documents yet; import them first (ictool import-docs PROJECT PATH)"
        )
    if overlap is not None and not (0 < overlap <= 1):
        raise UserError(f"--overlap must be a fraction greater than 0 and at most 1 (got {overlap})")
    result = AssignmentResult(seed=None, overlap=overlap, round=round_name)
    wanted: set[tuple[str, str]] = set()
    if overlap is None or overlap == 1:
        wanted = {(c.uuid, d.uuid) for c in coders for d in docs}
        result.reliability_sample = [d.doc_id for d in docs]
    else:
        if seed is None:
            seed = secrets.randbelow(2**31)
        result.seed = seed
        rng = random.Random(seed)
        order = list(docs)
        rng.shuffle(order)
        n_overlap = sizes(len(order), len(coders), overlap).shared
        shared, rest = order[:n_overlap], order[n_overlap:]
        result.reliability_sample = sorted(d.doc_id for d in shared)
        wanted = {(c.uuid, d.uuid) for c in coders for d in shared}
        dealer = list(coders)
        rng.shuffle(dealer)
        for i, doc in enumerate(rest):
            wanted.add((dealer[i % len(dealer)].uuid, doc.uuid))
    locked = locked_pairs(project)
    in_scope = {d.uuid for d in docs}
    current = {
        (c, d)
        for c, docs_ in coders_repo.assignments(project.db).items()
        if c not in retests
        for d in docs_
        if d in in_scope
    }
    final = wanted | (current & locked)
    result.kept = len((current & locked) - wanted)
    added = final - current
    if locked and added and not extend:
        names = {c.uuid: c.name for c in coders}
        per: dict[str, int] = {}
        for coder_uuid, _ in added:
            per[names[coder_uuid]] = per.get(names[coder_uuid], 0) + 1
        shown = ", ".join(f"{n} +{k}" for n, k in sorted(per.items()))
        raise UserError(
            f"{project.path}: packages were already handed out; this assignment would add "
            f"{plural(len(added), 'document')} to coders on top of what they hold ({shown}) and keep "
            f"{len(current & locked)} already issued. To do that, run it again with --extend"
        )
    with project.transaction():
        coders_repo.remove_assignments(project.db, current - final)
        coders_repo.add_assignments(project.db, final - current, now())
        project.audit(
            "assign documents",
            origin="system",
            new=f"overlap={overlap if overlap is not None else 1}, seed={seed}, pairs={len(final)}"
            + (f", round={round_name}" if round_name is not None else ""),
        )
    names = {c.uuid: c.name for c in coders}
    for coder_uuid, _ in final:
        result.per_coder[names[coder_uuid]] = result.per_coder.get(names[coder_uuid], 0) + 1
    return result
