"""A ``.qdpx`` written by hand in the style another QDA program writes (not ictool's export renamed):
braced upper-case GUIDs, sources as files under ``sources/`` with Windows line breaks, whole-source
codings, codes grouped in folders, nested codes the codebook does not know, a user who coded nothing that
maps, a coding by a user the file does not list and two memos (one by that user). It imports with a report
of what mapped."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ictool.core import coding
from ictool.core.exchange.qdpx_in import new_project_from_qdpx
from ictool.core.project import Project
from tests.conftest import make_codebook

_NAMES = (
    "amira jonas ghost src1 src2 demo gender woman man veteran age a34 motives ideology money themes hope "
    "sel1 c1 c2 c3 c4 c5 c6 c7 c8 c9 pdf note1 note2"
)
G = {name: f"{{{i:08X}-0000-4000-8000-{i:012X}}}" for i, name in enumerate(_NAMES.split(), start=1)}

TEXT1 = "I: How old were you?\r\nR: I was 34 when I joined. المُجنِّد 😀 came to me.\r\n"
TEXT2 = "I: Why did you go?\r\nR: For the cause, and for money.\r\n"

PROJECT = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Exit interviews" origin="Other QDA 24.1">
  <Users>
    <User guid="{G["amira"]}" name="Amira"/>
    <User guid="{G["jonas"]}" name="jonas.k"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="{G["demo"]}" name="Demographics" isCodable="false">
      <Code guid="{G["gender"]}" name="gender" isCodable="true">
        <Code guid="{G["woman"]}" name="woman" isCodable="true"/>
        <Code guid="{G["man"]}" name="Man" isCodable="true">
          <Code guid="{G["veteran"]}" name="Veteran" isCodable="true"/>
        </Code>
      </Code>
      <Code guid="{G["age"]}" name="age_join" isCodable="true">
        <Code guid="{G["a34"]}" name="34" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="{G["motives"]}" name="motives" isCodable="true">
      <Code guid="{G["ideology"]}" name="Ideology" isCodable="true"/>
      <Code guid="{G["money"]}" name="3" isCodable="true"/>
    </Code>
    <Code guid="{G["themes"]}" name="Themes" isCodable="false">
      <Code guid="{G["hope"]}" name="Hope" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{G["src1"]}" name="Interview 1" plainTextPath="internal://{G["src1"]}.txt">
      <PlainTextSelection guid="{G["sel1"]}" startPosition="{TEXT1.index("34")}"
          endPosition="{TEXT1.index("came")}" creatingUser="{G["amira"]}">
        <Coding guid="{G["c1"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["a34"]}"/></Coding>
      </PlainTextSelection>
      <Coding guid="{G["c2"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["woman"]}"/></Coding>
      <Coding guid="{G["c3"]}" creatingUser="{G["jonas"]}"><CodeRef targetGUID="{G["hope"]}"/></Coding>
      <Coding guid="{G["c4"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["veteran"]}"/></Coding>
      <NoteRef targetGUID="{G["note1"]}"/>
    </TextSource>
    <TextSource guid="{G["src2"]}" name="Interview 2" plainTextPath="internal://{G["src2"]}.txt">
      <Coding guid="{G["c5"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["ideology"]}"/></Coding>
      <Coding guid="{G["c6"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["money"]}"/></Coding>
      <Coding guid="{G["c7"]}" creatingUser="{G["ghost"]}"><CodeRef targetGUID="{G["man"]}"/></Coding>
      <Coding guid="{G["c8"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["woman"]}"/></Coding>
      <Coding guid="{G["c9"]}" creatingUser="{G["amira"]}"><CodeRef targetGUID="{G["man"]}"/></Coding>
      <NoteRef targetGUID="{G["note2"]}"/>
    </TextSource>
    <PDFSource guid="{G["pdf"]}" name="Field notes" path="internal://notes.pdf"/>
  </Sources>
  <Notes>
    <Note guid="{G["note1"]}" name="Memo" creatingUser="{G["amira"]}">
      <PlainTextContent>Recruited through a cousin; check the dates.</PlainTextContent>
    </Note>
    <Note guid="{G["note2"]}" name="Memo" creatingUser="{G["jonas"]}">
      <PlainTextContent>Unclear about money.</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""


def write_foreign(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", PROJECT)
        archive.writestr(f"sources/{G['src1']}.txt", TEXT1.encode("utf-8"))
        archive.writestr(f"Sources/{G['src2']}.TXT", TEXT2.encode("utf-8"))  # another tool's letter case
    return path


def test_another_tools_project_imports_with_a_report_of_what_mapped(tmp_path: Path) -> None:
    qdpx = write_foreign(tmp_path / "exit.qdpx")
    report = new_project_from_qdpx(tmp_path / "study.ictool", qdpx, codebook=make_codebook(), actor="lead")
    assert (report.documents, report.coders, report.values, report.evidence) == (2, ["Amira"], 3, 1)
    unmapped = "\n".join(report.unmapped)
    assert "source ‘Field notes’: a PDFSource, not a text; not imported" in unmapped
    assert "1 coding: code ‘Themes/Hope’ (no variable or category of the codebook); not imported" in unmapped
    assert "1 coding: code ‘Demographics/gender/Man/Veteran’ (no variable" in unmapped
    assert "1 coding: codings by a user the file does not list; not imported" in unmapped
    assert "user ‘jonas.k’: no coding that maps; not added as a coder" in unmapped
    assert "a memo by ‘jonas.k’ on ‘Interview 2’: its author is no coder here; not imported" in unmapped
    assert report.memos == 1
    several = "‘Amira’ on ‘Interview 2’, ‘gender’: several values (1, 2) where the variable takes one"
    assert several in unmapped
    with Project.open(tmp_path / "study.ictool", readonly=True) as project:
        docs = {d.doc_id: d for d in project.documents()}
        assert list(docs) == ["Interview 1", "Interview 2"]
        text = project.text(docs["Interview 1"].uuid)
        assert text == TEXT1.replace("\r\n", "\n")  # line breaks normalised like every transcript
        names = {v.uuid: v.name for v in project.codebook}
        values = {
            (d.doc_id, names[r.variable_uuid]): r.value
            for d in docs.values()
            for r in coding.all_values(project)
            if r.document_uuid == d.uuid
        }
        assert values == {
            ("Interview 1", "gender"): 1,  # whole-source coding, category matched by label, any case
            ("Interview 1", "age_join"): 34,  # a number as a child code named by its value
            ("Interview 2", "motives"): (1, 3),  # by label and by code
        }
        (quote,) = coding.evidence(project)
        assert quote.quote == "34 when I joined. المُجنِّد 😀 "  # positions moved with the removed \r
        assert project.assigned_documents(project.coders()[0].uuid) == {d.uuid for d in docs.values()}
        (memo,) = coding.memos(project)  # a note the source refers to: its author's memo on it
        assert memo.document_uuid == docs["Interview 1"].uuid
        assert memo.text == "Recruited through a cousin; check the dates."
