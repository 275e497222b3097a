"""``ictool export PROJECT -o study.qdpx``: the coded study as a REFI-QDA project for QDA programs.

The ``.qdpx`` is a zip holding ``project.qde`` (XML, ``urn:QDA-XML:project:1.0``) and the transcripts
as ``sources/<document uuid>.txt`` (UTF-8), each a ``TextSource`` with ``plainTextPath
internal://<document uuid>.txt``. The codebook is the code tree of :mod:`.codes`; every coder is a
``User`` (guid = the coder's uuid), and every value a ``Coding`` created by that user:

* a category → its code; multi-select → one coding per chosen category (none chosen → the variable's
  own code); a number → a child code of the variable named by the number (``"42"``, ``"2.5"``), made as
  needed; a text value → the variable's code with a ``NoteRef`` to a ``Note`` holding the text;
* on the coder's evidence quotes (a ``PlainTextSelection`` each) where the coder gave any, otherwise
  on the whole document (a ``Coding`` of the ``TextSource``).

Positions (``startPosition``/``endPosition``) count Unicode code points of the source text, as ictool
stores spans (Python string indices) and as the standard says: an emoji outside the Basic Multilingual
Plane counts one, not two UTF-16 units; Arabic combining marks count one each. The lead's resolutions
go under one more user, ``ictool final values`` (``id="ictool:final"``), on the whole document; the
import reads that user back as resolutions, not as a coder. A coder's memo on a document is a ``Note``
created by that user, which the ``TextSource`` refers to (``NoteRef``), as QDA programs keep memos.

The XML is built in memory (a slice: fine for the demo and studies of hundreds of interviews) and the
zip is written beside the target and renamed into place, so no half file ever has the name asked for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ictool.core.codebook.model import Code, Kind, Value, Variable
from ictool.core.codebook.values import format_number
from ictool.core.errors import UserError
from ictool.core.exchange.codes import ORIGIN, PROJECT_NS, code_elements, derived_guid
from ictool.core.export.frozen import frozen_copy
from ictool.core.paths import write_atomically
from ictool.core.reconcile.stream import open_stream
from ictool.core.records import Evidence

if TYPE_CHECKING:
    from ictool.core.project import Project

FINAL_USER_ID = "ictool:final"
FINAL_USER_NAME = "ictool final values"
SOURCES = "sources"


@dataclass(frozen=True)
class QdpxResult:
    path: Path
    documents: int
    coders: int
    codings: int
    notes: tuple[str, ...] = ()
    memos: int = 0


@dataclass
class _Tree:
    """The code tree being written, with value codes (numbers) added to a variable's code as needed."""

    codes: ET.Element
    by_guid: dict[str, ET.Element]

    def value_code(self, variable: Variable, name: str) -> str:
        guid = derived_guid(variable.uuid, "value", name)
        if guid not in self.by_guid:
            parent = self.by_guid[variable.uuid]
            self.by_guid[guid] = ET.SubElement(
                parent, "Code", {"guid": guid, "name": name, "isCodable": "true"}
            )
        return guid


@dataclass
class _Notes:
    element: ET.Element

    def add(self, guid: str, name: str, text: str, user: str | None = None) -> str:
        attributes = {"guid": guid, "name": name} | ({"creatingUser": user} if user else {})
        note = ET.SubElement(self.element, "Note", attributes)
        ET.SubElement(note, "PlainTextContent").text = text
        return guid


def export_qdpx(project: Project, path: Path) -> QdpxResult:
    """Write the project to ``path`` (.qdpx); nothing appears at ``path`` unless it is complete."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(f"{path}: the folder {path.parent} does not exist")
    with frozen_copy(project, path.parent) as source, open_stream(source) as stream:
        outline = stream.outline
        codebook = outline.codebook
        if not len(codebook):
            raise UserError("the codebook has no variables; a REFI-QDA project needs at least one code")
        root = ET.Element("Project", {"xmlns": PROJECT_NS, "name": outline.title, "origin": ORIGIN})
        users = ET.SubElement(root, "Users")
        for coder in outline.coders:
            ET.SubElement(users, "User", {"guid": coder.uuid, "name": coder.name})
        final_guid = derived_guid(outline.uuid, "final values")
        ET.SubElement(users, "User", {"guid": final_guid, "name": FINAL_USER_NAME, "id": FINAL_USER_ID})
        codes = code_elements(codebook)
        ET.SubElement(root, "CodeBook").append(codes)
        tree = _Tree(codes, {el.get("guid", ""): el for el in codes.iter("Code")})
        sources = ET.SubElement(root, "Sources")
        notes = _Notes(ET.Element("Notes"))
        texts: dict[str, str] = {}
        codings = 0
        skipped = 0
        memo_count = 0
        for cells in stream.documents():
            doc = cells.document
            texts[doc.uuid] = source.text(doc.uuid)
            element = ET.SubElement(
                sources,
                "TextSource",
                {"guid": doc.uuid, "name": doc.doc_id, "plainTextPath": f"internal://{doc.uuid}.txt"},
            )
            if doc.title and doc.title != doc.doc_id:
                ET.SubElement(element, "Description").text = doc.title
            evidence, memos = stream.context(doc.uuid, [c.uuid for c in outline.coders])
            spans: dict[tuple[str, str], list[Evidence]] = {}
            for ev in evidence:
                spans.setdefault((ev.coder_uuid, ev.variable_uuid), []).append(ev)
            selections: list[ET.Element] = []
            whole: list[ET.Element] = []
            for record in cells.records:
                variable = codebook.by_uuid(record.variable_uuid)
                if variable is None:
                    skipped += 1
                    continue
                refs = _code_refs(tree, notes, variable, record.value, (doc.uuid, record.coder_uuid))
                quotes = spans.get((record.coder_uuid, variable.uuid), [])
                for ev in sorted(quotes, key=lambda e: (e.start, e.end)):
                    selection = ET.Element(
                        "PlainTextSelection",
                        {
                            "guid": ev.uuid,
                            "name": ev.quote[:60],
                            "startPosition": str(ev.start),
                            "endPosition": str(ev.end),
                            "creatingUser": record.coder_uuid,
                        },
                    )
                    for ref, note in refs:
                        selection.append(_coding(ref, note, record.coder_uuid, ev.uuid))
                        codings += 1
                    selections.append(selection)
                if not quotes:
                    for ref, note in refs:
                        whole.append(_coding(ref, note, record.coder_uuid, doc.uuid))
                        codings += 1
            for variable_uuid, resolution in cells.resolutions.items():
                variable = codebook.by_uuid(variable_uuid)
                if variable is None:
                    continue
                for ref, note in _code_refs(tree, notes, variable, resolution.value, (doc.uuid, final_guid)):
                    whole.append(_coding(ref, note, final_guid, doc.uuid))
                    codings += 1
            element.extend(selections)
            element.extend(whole)
            for coder in outline.coders:  # a coder's memo on the document: a note the source refers to
                if coder.uuid in memos:
                    note = notes.add(
                        derived_guid(doc.uuid, "memo", coder.uuid),
                        f"Memo by {coder.name} on {doc.doc_id}",
                        memos[coder.uuid],
                        coder.uuid,
                    )
                    ET.SubElement(element, "NoteRef", {"targetGUID": note})
                    memo_count += 1
        if not len(sources):
            root.remove(sources)
        if len(notes.element):
            root.insert(list(root).index(sources) + 1 if len(sources) else 2, notes.element)
        note_list = (f"{skipped} values of retired variables were left out",) if skipped else ()
        ET.indent(root)
        write_atomically(path, lambda tmp: _write_zip(tmp, root, texts))
        return QdpxResult(path, len(texts), len(outline.coders), codings, note_list, memo_count)


def _code_refs(
    tree: _Tree, notes: _Notes, variable: Variable, value: Value, where: Sequence[str]
) -> list[tuple[str, str | None]]:
    """(code guid, note guid or None) for every coding one value needs."""
    kind = variable.kind
    if kind is Kind.TEXT:
        note = notes.add(derived_guid(*where, variable.uuid, "note"), variable.name, str(value))
        return [(variable.uuid, note)]
    if kind is Kind.NUMBER and isinstance(value, int | float):
        return [(tree.value_code(variable, format_number(value)), None)]
    chosen: tuple[Code, ...] = value if isinstance(value, tuple) else (value,)  # type: ignore[assignment]
    refs: list[tuple[str, str | None]] = []
    for code in chosen:
        category = variable.category(code)
        # A code the codebook no longer offers (a retired category) still goes out, as a value code.
        guid = category.uuid if category is not None else tree.value_code(variable, str(code))
        refs.append((guid, None))
    return refs or [(variable.uuid, None)]


def _coding(code: str, note: str | None, user: str, anchor: str) -> ET.Element:
    coding = ET.Element("Coding", {"guid": derived_guid(anchor, user, code), "creatingUser": user})
    ET.SubElement(coding, "CodeRef", {"targetGUID": code})
    if note is not None:
        ET.SubElement(coding, "NoteRef", {"targetGUID": note})
    return coding


def _write_zip(target: Path, root: ET.Element, texts: dict[str, str]) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("project.qde", "w") as fh:
            ET.ElementTree(root).write(fh, encoding="utf-8", xml_declaration=True)
        for doc_uuid, text in texts.items():
            archive.writestr(f"{SOURCES}/{doc_uuid}.txt", text.encode("utf-8"))
