"""Large generated projects for the reliability dashboard's benchmark and screenshots (not tests).

Built through the core as a real study is (``Project.create``, ``import_documents``, ``add_coders``,
``assign``, ``coding.apply``), so the dashboard reads them exactly as it reads real files. Each
variable has a true value per document and each coder misses it with that variable's own error
rate, so alphas spread over the whole range, as in a real pilot round.
"""

from __future__ import annotations

import random
from pathlib import Path

from ictool.core import coding
from ictool.core.codebook.model import Category, Codebook, Kind, Level, Variable
from ictool.core.coding import ValueChange
from ictool.core.project import Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.team.assign import assign

CODERS = ("Amira", "Jonas", "Lena", "Tess", "Omar")
TOPICS = (
    "recruitment",
    "family",
    "ideology",
    "violence",
    "doubts",
    "exit",
    "afterwards",
    "prison",
)


def codebook(count: int) -> Codebook:
    """``count`` variables in groups of 25 (long, realistic names), every level and kind."""
    rng = random.Random(count)
    out = []
    for i in range(count):
        group = f"{TOPICS[(i // 25) % len(TOPICS)].capitalize()} ({i // 25 + 1})"
        name = f"{TOPICS[i % len(TOPICS)]}_{'long_descriptive_' if i % 7 == 0 else ''}item_{i:03d}"
        kind = i % 6
        if kind in (0, 1):
            k = rng.randint(2, 6)
            choices = (*(Category(c, f"Answer {c}") for c in range(1, k + 1)), Category(9, "n/a"))
            out.append(
                Variable(
                    name, Level.NOMINAL, label=f"Nominal item {i}", group=group, choices=choices, missing=(9,)
                )
            )
        elif kind == 2:
            choices = tuple(Category(c, f"Level {c}") for c in range(1, 6))
            out.append(Variable(name, Level.ORDINAL, label=f"Scale item {i}", group=group, choices=choices))
        elif kind == 3:
            choices = tuple(Category(c, f"Reason {c}") for c in range(1, 5))
            out.append(
                Variable(
                    name, Level.NOMINAL, label=f"Reasons {i}", group=group, multiple=True, choices=choices
                )
            )
        elif kind == 4:
            out.append(Variable(name, Level.RATIO, label=f"Count {i}", group=group, minimum=0, maximum=100))
        else:
            out.append(
                Variable(name, Level.INTERVAL, label=f"Year {i}", group=group, minimum=1950, maximum=2030)
            )
    return Codebook(tuple(out))


def _value(var: Variable, truth: object, wrong: bool, rng: random.Random) -> object:
    if var.kind is Kind.MULTI:
        assert isinstance(truth, tuple)
        if not wrong:
            return truth
        flip = rng.choice(var.choices).code
        return tuple(sorted(set(truth) ^ {flip}))
    if var.kind is Kind.SINGLE:
        return (
            rng.choice([c.code for c in var.choices if not var.is_missing_code(c.code)]) if wrong else truth
        )
    assert isinstance(truth, int)
    low, high = int(var.minimum or 0), int(var.maximum or 100)
    return min(max(truth + rng.randint(-8, 8), low), high) if wrong else truth


def _truth(var: Variable, rng: random.Random) -> object:
    if var.kind is Kind.MULTI:
        return tuple(sorted(c.code for c in var.choices if rng.random() < 0.4))  # type: ignore[type-var]
    if var.kind is Kind.SINGLE:
        return rng.choice([c.code for c in var.choices if not var.is_missing_code(c.code)])
    return rng.randint(int(var.minimum or 0), int(var.maximum or 100))


def build_project(path: Path, *, documents: int, variables: int, coders: int = 3, seed: int = 1) -> Path:
    """A project at ``path``: every coder coded every variable of every document."""
    rng = random.Random(seed)
    folder = path.parent / f"{path.stem}-docs"
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(documents):
        (folder / f"INT-{d:03d}.txt").write_text(
            f"I: Tell me.\nR: Respondent {d} answers.\n", encoding="utf-8"
        )
    with Project.create(path, codebook(variables), title=f"{variables} variables", actor="lead") as p:
        import_documents(p, [folder])
        add_coders(p, list(CODERS[:coders]))
        assign(p)
        people = [c.uuid for c in p.coders()]
        docs = [d.uuid for d in p.documents()]
        changes = []
        for var in p.codebook:
            error = rng.uniform(0.02, 0.45)
            for doc in docs:
                truth = _truth(var, rng)
                for coder in people:
                    value = _value(var, truth, rng.random() < error, rng)
                    changes.append(ValueChange(coder, doc, var.uuid, value))  # type: ignore[arg-type]
        coding.apply(p, changes, origin="imported")
    return path
