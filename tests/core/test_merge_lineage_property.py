"""Property: whatever the team does with copies of packages, a merge never undoes merged work.

Random interleavings of issuing, coding, copying files (laptops, USB sticks) and merging, across three
coders. Invariants after every step:

- an accepted merge of a package continues everything accepted before from that package (the merged
  copy's history contains the last merged revision), so no merged value is lost unless a later
  revision of the same lineage changed it;
- after an accepted merge the project holds exactly that copy's values for that coder;
- a refused merge changes nothing.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ictool.core import coding
from ictool.core.errors import UserError
from ictool.core.project import CoderPackage, Project
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from ictool.core.store import lineage_repo
from ictool.core.team.assign import assign
from ictool.core.team.hand_out import build_package
from ictool.core.team.merge import merge_packages
from tests.conftest import make_codebook, write_transcripts
from tests.core.test_packages_merge import data_hash

CODERS = ("Amira", "Jonas", "Lena")

operation = st.one_of(
    st.tuples(
        st.just("code"), st.integers(0, 2), st.integers(0, 5), st.integers(0, 2), st.sampled_from([1, 2, 9])
    ),
    st.tuples(st.just("copy"), st.integers(0, 2), st.integers(0, 5)),
    st.tuples(st.just("merge"), st.integers(0, 2), st.integers(0, 5)),
    st.tuples(st.just("reissue"), st.integers(0, 2)),
)

_counter = itertools.count()


def gender_values(file: Project | CoderPackage, coder_uuid: str) -> dict[str, object]:
    var = file.codebook.get("gender")
    assert var is not None
    return {
        r.document_uuid: r.value for r in coding.all_values(file, coder_uuid) if r.variable_uuid == var.uuid
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=4, max_size=24))
# The field cases, always tried: a fork merged both ways; an older copy after its continuation; a
# re-issued package and then the old one; copies of copies.
@example(
    ops=[
        ("code", 0, 0, 0, 1),
        ("copy", 0, 0),
        ("code", 0, 0, 0, 2),
        ("code", 0, 1, 1, 9),
        ("merge", 0, 0),
        ("merge", 0, 1),
    ]
)
@example(ops=[("copy", 1, 0), ("code", 1, 1, 0, 2), ("merge", 1, 1), ("code", 1, 0, 2, 1), ("merge", 1, 0)])
@example(
    ops=[
        ("code", 2, 0, 0, 1),
        ("copy", 2, 0),
        ("merge", 2, 0),
        ("code", 2, 0, 1, 2),
        ("merge", 2, 0),
        ("merge", 2, 1),
    ]
)
@example(
    ops=[
        ("code", 0, 0, 0, 1),
        ("merge", 0, 0),
        ("reissue", 0),
        ("code", 0, 1, 1, 2),
        ("merge", 0, 1),
        ("code", 0, 0, 2, 9),
        ("merge", 0, 0),
    ]
)
@example(
    ops=[
        ("copy", 0, 0),
        ("copy", 0, 1),
        ("code", 0, 2, 0, 9),
        ("merge", 0, 2),
        ("code", 0, 1, 0, 1),
        ("merge", 0, 1),
        ("merge", 0, 0),
    ]
)
def test_merges_never_undo_merged_work(tmp_path: Path, ops: list[tuple[object, ...]]) -> None:
    root = tmp_path / f"run{next(_counter)}"
    root.mkdir()
    project = Project.create(root / "study.ictool", make_codebook(), title="Property")
    try:
        import_documents(project, write_transcripts(root / "docs"))
        add_coders(project, list(CODERS))
        assign(project)
        coders = [project.coder(n) for n in CODERS]
        copies: list[list[Path]] = []
        for c in coders:
            path = root / f"{c.name}-0.ictcoder"
            build_package(project, c.name, path)
            copies.append([path])
        merged_head: dict[str, tuple[int, str]] = {}  # package uuid -> (revision, digest) last accepted
        files = itertools.count(1)
        for op in ops:
            kind, who = op[0], int(op[1])  # type: ignore[call-overload]
            mine = copies[who]
            if kind == "code":
                _, _, idx, doc, value = op
                with CoderPackage.open(mine[int(idx) % len(mine)]) as pkg:  # type: ignore[call-overload]
                    docs = pkg.documents()
                    var = pkg.codebook.get("gender")
                    assert var is not None
                    coding.set_value(pkg, pkg.owner.uuid, docs[int(doc) % len(docs)].uuid, var.uuid, value)  # type: ignore[call-overload, arg-type]
            elif kind == "copy":
                source = mine[int(op[2]) % len(mine)]  # type: ignore[call-overload]
                target = root / f"{coders[who].name}-{next(files)}.ictcoder"
                shutil.copy(source, target)
                mine.append(target)
            elif kind == "reissue":
                target = root / f"{coders[who].name}-{next(files)}.ictcoder"
                build_package(project, coders[who].name, target)
                mine.append(target)
            else:
                path = mine[int(op[2]) % len(mine)]  # type: ignore[call-overload]
                with CoderPackage.open(path, readonly=True) as pkg:
                    wanted = gender_values(pkg, pkg.owner.uuid)
                    chain = lineage_repo.chain(pkg.db)
                    package_uuid, revision = pkg.info.package_uuid or "", pkg.revision
                before = data_hash(project.path)
                try:
                    (report,) = merge_packages(project, [path])
                except UserError:
                    assert data_hash(project.path) == before
                    continue
                if report.already_merged:
                    assert data_hash(project.path) == before
                    continue
                if package_uuid in merged_head:
                    last_revision, last_digest = merged_head[package_uuid]
                    assert chain.get(last_revision) == last_digest, "a merge undid merged work (a fork)"
                merged_head[package_uuid] = (revision, chain[revision])
                assert gender_values(project, coders[who].uuid) == wanted
    finally:
        project.close()
