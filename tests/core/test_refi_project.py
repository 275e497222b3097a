"""The coded study as a REFI-QDA ``.qdpx`` and back: valid against the Project schema, positions in code
points, every document, coder, value, quote, memo and resolution kept; foreign files refused untouched."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from ictool.core import coding
from ictool.core.coding import ValueChange
from ictool.core.demo.build import build_demo
from ictool.core.errors import UserError
from ictool.core.exchange import qdpx_out
from ictool.core.exchange.codes import PROJECT_NS
from ictool.core.exchange.qdpx_in import new_project_from_qdpx
from ictool.core.exchange.qdpx_out import FINAL_USER_ID, export_qdpx
from ictool.core.project import Project
from ictool.core.reconcile.resolutions import document_resolutions, set_resolution
from ictool.core.setup.coders import add_coders
from ictool.core.setup.documents import import_documents
from tests.conftest import make_codebook
from tests.refi_qda.schemas import PROJECT_XSD, errors

Q = f"{{{PROJECT_NS}}}"


def snapshot(project: Project) -> dict[str, object]:
    """Everything the round trip must keep, by names (uuids are the file's own)."""
    docs = {d.uuid: d.doc_id for d in project.documents()}
    coders = {c.uuid: c.name for c in project.coders()}
    names = {v.uuid: v.name for v in project.codebook}
    return {
        "documents": {d.doc_id: (d.title, project.text(d.uuid)) for d in project.documents()},
        "coders": sorted(coders.values()),
        "values": {
            (coders[r.coder_uuid], docs[r.document_uuid], names[r.variable_uuid]): r.value
            for r in coding.all_values(project)
        },
        "evidence": sorted(
            (coders[e.coder_uuid], docs[e.document_uuid], names[e.variable_uuid], e.start, e.end, e.quote)
            for e in coding.evidence(project)
        ),
        "memos": {(coders[m.coder_uuid], docs[m.document_uuid]): m.text for m in coding.memos(project)},
        "resolutions": {
            (docs[doc], names[var]): res.value
            for doc in docs
            for var, res in document_resolutions(project, doc).items()
        },
        "codebook": project.codebook,
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_demo(tmp_path_factory.mktemp("demo") / "demo.ictool")
    with Project.open(path, actor="lead") as project:
        docs = project.documents()
        codebook = project.codebook
        set_resolution(project, docs[0].uuid, codebook.get("age_joining").uuid, 31, note="checked")  # type: ignore[union-attr]
        set_resolution(project, docs[1].uuid, codebook.get("gender").uuid, 2)  # type: ignore[union-attr]
        set_resolution(project, docs[1].uuid, codebook.get("motivations").uuid, (1, 3))  # type: ignore[union-attr]
    return path


def test_the_demo_goes_out_valid_and_comes_back_with_everything(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "study.qdpx"
    with Project.open(demo, readonly=True) as project:
        before = snapshot(project)
        result = export_qdpx(project, out)
    assert result.documents == 12 and result.coders == 3
    with zipfile.ZipFile(out) as archive:
        assert errors(archive.read("project.qde"), PROJECT_XSD) == []
        assert sum(n.startswith("sources/") and n.endswith(".txt") for n in archive.namelist()) == 12
    report = new_project_from_qdpx(tmp_path / "back.ictool", out)
    assert report.unmapped == []
    with Project.open(tmp_path / "back.ictool", readonly=True) as back:
        after = snapshot(back)
    assert after == before
    numbers = [v for (_, _, name), v in before["values"].items() if name == "age_joining"]  # type: ignore[attr-defined]
    assert numbers and all(isinstance(v, int) for v in numbers)
    assert report.resolutions == 3 and report.evidence == len(before["evidence"])  # type: ignore[arg-type]
    assert result.memos == report.memos == len(before["memos"]) > 10  # type: ignore[arg-type]


def test_values_go_on_quotes_else_the_whole_document_and_final_values_under_their_own_user(
    demo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "study.qdpx"
    with Project.open(demo, readonly=True) as project:
        export_qdpx(project, out)
        coders = {c.uuid for c in project.coders()}
        quotes = coding.evidence(project)
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
    users = root.findall(f"{Q}Users/{Q}User")
    final = [u for u in users if u.get("id") == FINAL_USER_ID]
    assert len(final) == 1 and {u.get("guid") for u in users} == coders | {final[0].get("guid")}
    selections = list(root.iter(f"{Q}PlainTextSelection"))
    assert {s.get("guid") for s in selections} == {e.uuid for e in quotes}
    whole = [c for s in root.iter(f"{Q}TextSource") for c in s.findall(f"{Q}Coding")]
    assert whole and all(c.get("creatingUser") in coders | {final[0].get("guid")} for c in whole)
    age = next(c for c in root.iter(f"{Q}Code") if c.get("name") == "age_joining")
    assert "31" in {child.get("name") for child in age.findall(f"{Q}Code")}  # a number: a child code by value


def test_positions_are_code_points_with_arabic_and_an_emoji_outside_the_bmp(tmp_path: Path) -> None:
    text = "R: 😀 قالَ المُجنِّد: تعالَ معنا 🙂 — the recruiter said come with us.\n"
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "INT-001.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "study.ictool"
    with Project.create(path, make_codebook(), actor="lead") as project:
        import_documents(project, [folder])
        (coder,) = add_coders(project, ["Amira"])
        doc = project.documents()[0]
        stored = project.text(doc.uuid)
        variable = project.codebook.get("gender")
        assert variable is not None
        coding.apply(project, [ValueChange(coder.uuid, doc.uuid, variable.uuid, 2)])
        arabic = "المُجنِّد"
        start = stored.index(arabic)
        coding.add_evidence(project, coder.uuid, doc.uuid, variable.uuid, start, start + len(arabic))
        after_emoji = stored.index("the recruiter")
        coding.add_evidence(project, coder.uuid, doc.uuid, variable.uuid, after_emoji, after_emoji + 13)
        out = tmp_path / "study.qdpx"
        export_qdpx(project, out)
    with zipfile.ZipFile(out) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        source = archive.read(f"sources/{doc.uuid}.txt").decode("utf-8")
    spans = sorted(
        (int(s.get("startPosition", "")), int(s.get("endPosition", "")))
        for s in root.iter(f"{Q}PlainTextSelection")
    )
    assert spans == [(start, start + len(arabic)), (after_emoji, after_emoji + 13)]
    assert [source[a:b] for a, b in spans] == [arabic, "the recruiter"]
    utf16 = len(stored[:after_emoji].encode("utf-16-le")) // 2
    assert utf16 == after_emoji + 2  # two emoji: UTF-16 would be off by two; code points are not
    new_project_from_qdpx(tmp_path / "back.ictool", out)
    with Project.open(tmp_path / "back.ictool", readonly=True) as back:
        assert sorted((e.start, e.end, e.quote) for e in coding.evidence(back)) == [
            (start, start + len(arabic), arabic),
            (after_emoji, after_emoji + 13, "the recruiter"),
        ]


def test_a_failed_export_leaves_no_file(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(target: Path, root: ET.Element, texts: dict[str, str]) -> None:
        target.write_bytes(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(qdpx_out, "_write_zip", broken)
    with Project.open(demo, readonly=True) as project, pytest.raises(UserError, match="No space"):
        export_qdpx(project, tmp_path / "study.qdpx")
    assert list(tmp_path.iterdir()) == []


def _zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (None, "not a zip file"),
        ({"readme.txt": "hello"}, "holds no project.qde"),
        ({"project.qde": "<Project"}, "not well-formed XML"),
        ({"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}, "not a REFI-QDA project"),
        ({"project.qde": '<Project name="x"/>'}, "not a REFI-QDA project"),
    ],
)
def test_a_malformed_or_foreign_file_is_refused_and_nothing_created(
    tmp_path: Path, members: dict[str, str | bytes] | None, message: str
) -> None:
    qdpx = tmp_path / "study.qdpx"
    if members is None:
        qdpx.write_bytes(b"not a zip at all")
    else:
        _zip(qdpx, members)
    with pytest.raises(UserError, match=message):
        new_project_from_qdpx(tmp_path / "new.ictool", qdpx, codebook=make_codebook())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.qdpx"]


def test_without_a_codebook_a_foreign_project_is_refused_naming_the_option(tmp_path: Path) -> None:
    qdpx = _zip(tmp_path / "study.qdpx", {"project.qde": f'<Project xmlns="{PROJECT_NS}" name="x"/>'})
    with pytest.raises(UserError, match="--codebook"):
        new_project_from_qdpx(tmp_path / "new.ictool", qdpx)
    assert not (tmp_path / "new.ictool").exists()
