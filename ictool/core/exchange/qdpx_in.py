"""``ictool new PROJECT --from-qdpx study.qdpx [--codebook SHEET]``: a study from a QDA program.

Why a new project rather than an import into one: a ``.qdpx`` brings documents, coders and values at
once, and a lead comparing coders wants them exactly as the QDA program had them; building the file
beside the target and renaming it in (as :mod:`ictool.core.team.new_project` does) means a refused or
failed import leaves nothing behind.

What is read, and how it maps:

* the codebook: ``--codebook`` when given, else the one ictool's own export carries in its codes'
  descriptions (:mod:`.codes`); a ``.qdpx`` with neither is refused, naming the option;
* each ``TextSource`` becomes a document: its ``PlainTextContent``, or the file its ``plainTextPath``
  names inside the zip (``internal://NAME`` → ``sources/NAME``, any letter case). Line breaks are
  normalised to ``\\n`` as for every transcript, and positions are moved with them; other sources
  (PDF, pictures, audio, video) are listed as not imported;
* each ``User`` who made a coding that maps becomes a coder; the user ``id="ictool:final"`` is the lead's
  final values and becomes resolutions;
* a code maps when it is a variable's code (by name, any depth of the tree) or a child of one: a
  category (ictool's ``code:`` line, else the label, else the code, case-insensitive), a number for a
  numeric variable, and for a text variable the note its coding points to. A coding on a selection
  also becomes that coder's evidence for the variable (``startPosition``/``endPosition`` in code points);
* a note a ``TextSource`` refers to (``NoteRef``) is its creating user's memo on that document, as QDA
  programs keep document memos (a coder's notes on one document are joined into one memo);
* everything else — codes that match no variable, codings by no known user, two categories of a
  single-choice variable from one coder on one document, values outside the codebook — is counted and
  listed in the report, never dropped silently.
"""

from __future__ import annotations

import bisect
import contextlib
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ictool.core import coding
from ictool.core.codebook.model import Code, Codebook, Kind, Value, Variable
from ictool.core.codebook.values import parse_number, validate_value
from ictool.core.coding import ValueChange
from ictool.core.documents.model import SourceDocument, id_key
from ictool.core.errors import UserError
from ictool.core.exchange.codes import (
    PROJECT_NS,
    CodeNode,
    category_for,
    codebook_from_tree,
    read_code_tree,
    walk,
)
from ictool.core.exchange.qdpx_out import FINAL_USER_ID
from ictool.core.paths import replace_file
from ictool.core.project import Project
from ictool.core.reconcile.resolutions import set_resolution
from ictool.core.records import Coder
from ictool.core.setup.coders import MAX_NAME
from ictool.core.store import coders_repo, documents_repo
from ictool.core.store.clock import now

_Q = f"{{{PROJECT_NS}}}"
_SHOWN = 20


@dataclass
class QdpxReport:
    """What an import brought in and, line by line, what it could not map."""

    path: Path
    documents: int = 0
    coders: list[str] = field(default_factory=list)
    values: int = 0
    evidence: int = 0
    memos: int = 0
    resolutions: int = 0
    unmapped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Memo:
    """A note a text source refers to: its creating user's memo on that document."""

    user: str
    document: str  # the source's guid
    text: str


@dataclass(frozen=True)
class _Hit:
    """One coding that maps: a part of a value (a category, a number, a text), maybe with a span."""

    user: str
    document: str
    variable: Variable
    part: Code | float | str | None  # None: the variable's own code (multi-select, none chosen)
    span: tuple[int, int] | None


def new_project_from_qdpx(
    target: Path, qdpx: Path, *, codebook: Codebook | None = None, title: str = "", actor: str = "unknown"
) -> QdpxReport:
    """Create the project ``target`` from ``qdpx``; refuse (creating nothing) a malformed or foreign file."""
    target, qdpx = Path(target), Path(qdpx)
    if target.exists():
        raise UserError(f"{target}: already exists; a new project never replaces a file")
    if not target.parent.is_dir():
        raise UserError(f"{target.parent}: no such folder")
    with _open_zip(qdpx) as archive:
        root = _project_root(archive, qdpx)
        nodes = read_code_tree(root.find(f"{_Q}CodeBook/{_Q}Codes"), PROJECT_NS)
        if codebook is None:
            codebook = codebook_from_tree(nodes, qdpx.name)
            if codebook is None:
                raise UserError(
                    f"{qdpx}: carries no ictool codebook (it was not written by ictool); "
                    "name the codebook sheet with --codebook"
                )
        report = QdpxReport(target)
        docs, mappers = _documents(root, archive, report)
    users = {u.get("guid", "").strip("{}").lower(): u for u in root.iter(f"{_Q}User")}
    notes = {
        n.get("guid", "").strip("{}").lower(): n.findtext(f"{_Q}PlainTextContent") or ""
        for n in root.iter(f"{_Q}Note")
    }
    codes = _CodeMap(codebook, nodes)
    hits = _hits(root, docs, mappers, users, codes, notes, report)
    memos = _memos(root, docs, notes)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.building")
    try:
        with Project.create(tmp, codebook, title=title or target.stem, actor=actor) as project:
            coders, doc_uuids = _fill(project, docs, users, hits, report)
            _fill_memos(project, docs, users, coders, doc_uuids, memos, report)
        if target.exists():
            raise UserError(f"{target}: appeared while the project was being built; it was left alone")
        replace_file(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return report


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise UserError(f"{path}: is not a REFI-QDA project (.qdpx): not a zip file ({exc})") from None
    with archive:
        yield archive


def _project_root(archive: zipfile.ZipFile, path: Path) -> ET.Element:
    names = [n for n in archive.namelist() if n.lower().endswith(".qde") and "/" not in n.strip("/")]
    if len(names) != 1:
        raise UserError(f"{path}: is not a REFI-QDA project (.qdpx): it holds no project.qde at its top")
    try:
        root = ET.fromstring(archive.read(names[0]))
    except (ET.ParseError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UserError(f"{path}: its {names[0]} is not well-formed XML ({exc})") from None
    if root.tag != f"{_Q}Project":
        raise UserError(
            f"{path}: its {names[0]} is not a REFI-QDA project (root {root.tag}, not Project in {PROJECT_NS})"
        )
    return root


class _Positions:
    """Maps a position in the source's text to the position in the stored (normalised) text."""

    def __init__(self, text: str) -> None:
        self.removed = [i for i, ch in enumerate(text) if ch == "\r" and text[i + 1 : i + 2] == "\n"]

    def __call__(self, position: int) -> int:
        return position - bisect.bisect_left(self.removed, position)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def _documents(
    root: ET.Element, archive: zipfile.ZipFile, report: QdpxReport
) -> tuple[dict[str, SourceDocument], dict[str, _Positions]]:
    members = {name.lower(): name for name in archive.namelist()}
    docs: dict[str, SourceDocument] = {}
    mappers: dict[str, _Positions] = {}
    taken: set[str] = set()
    sources = root.find(f"{_Q}Sources")
    for element in sources if sources is not None else ():
        kind = element.tag.removeprefix(_Q)
        name = (element.get("name") or "").strip()
        guid = element.get("guid", "").strip("{}").lower()
        if kind != "TextSource":
            report.unmapped.append(f"source ‘{name or guid}’: a {kind}, not a text; not imported")
            continue
        text = element.findtext(f"{_Q}PlainTextContent")
        if text is None:
            text = _member_text(archive, members, element.get("plainTextPath") or "")
        if text is None:
            report.unmapped.append(
                f"source ‘{name or guid}’: its text "
                f"({element.get('plainTextPath') or 'no path'}) is not in the file"
            )
            continue
        raw = text.removeprefix("\ufeff")
        doc_id = _unique(name or f"source-{len(docs) + 1}", taken)
        title = (element.findtext(f"{_Q}Description") or "").strip() or doc_id
        docs[guid] = SourceDocument.from_text(
            doc_id, title, _normalise(raw), f"{doc_id}.txt", {"format": "qdpx", "refi_guid": guid}
        )
        mappers[guid] = _Positions(raw)
    report.documents = len(docs)
    return docs, mappers


def _member_text(archive: zipfile.ZipFile, members: dict[str, str], path: str) -> str | None:
    if not path.lower().startswith("internal://"):
        return None
    relative = PurePosixPath(path[len("internal://") :].lstrip("/"))
    for candidate in (f"sources/{relative}", str(relative)):
        member = members.get(candidate.lower())
        if member is not None:
            data = archive.read(member)
            for encoding in ("utf-8-sig", "utf-16"):
                with contextlib.suppress(UnicodeDecodeError):
                    return data.decode(encoding)
    return None


def _unique(name: str, taken: set[str]) -> str:
    base, n, candidate = name, 1, name
    while id_key(candidate) in taken:
        n += 1
        candidate = f"{base} ({n})"
    taken.add(id_key(candidate))
    return candidate


class _CodeMap:
    """Code guid → (variable, part) for every code of the tree that maps; the rest by path."""

    def __init__(self, codebook: Codebook, nodes: Sequence[CodeNode]) -> None:
        self.mapped: dict[str, tuple[Variable, Code | float | str | None]] = {}
        self.paths: dict[str, str] = {}
        for node in walk(nodes):
            self.paths[_guid(node.guid)] = node.path
            variable = codebook.get(node.name.strip())
            if variable is None or _guid(node.guid) in self.mapped:
                continue
            self.mapped[_guid(node.guid)] = (variable, None)
            for child in node.children:
                part = self._part(variable, child)
                if part is not None:
                    self.mapped[_guid(child.guid)] = (variable, part)

    @staticmethod
    def _part(variable: Variable, child: CodeNode) -> Code | float | str | None:
        if variable.is_categorical:
            category = category_for(variable, child)
            return None if category is None else category.code
        if variable.kind is Kind.NUMBER:
            return parse_number(child.name.strip())
        return None


def _guid(text: str) -> str:
    return text.strip().strip("{}").lower()


def _hits(
    root: ET.Element,
    docs: dict[str, SourceDocument],
    mappers: dict[str, _Positions],
    users: dict[str, ET.Element],
    codes: _CodeMap,
    notes: dict[str, str],
    report: QdpxReport,
) -> list[_Hit]:
    hits: list[_Hit] = []
    unmapped: dict[str, int] = {}
    for source in root.iter(f"{_Q}TextSource"):
        doc_guid = _guid(source.get("guid", ""))
        if doc_guid not in docs:
            continue
        positions = mappers[doc_guid]
        places: list[tuple[ET.Element, tuple[int, int] | None]] = [(source, None)]
        for selection in source.findall(f"{_Q}PlainTextSelection"):
            try:
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            except ValueError:
                what = "a selection without numeric positions"
                unmapped[what] = unmapped.get(what, 0) + 1
                continue
            places.append((selection, (positions(start), positions(end))))
        for place, span in places:
            user_default = place.get("creatingUser")
            for element in place.findall(f"{_Q}Coding"):
                user = _guid(element.get("creatingUser") or user_default or "")
                ref = element.find(f"{_Q}CodeRef")
                target = _guid(ref.get("targetGUID", "") if ref is not None else "")
                found = codes.mapped.get(target)
                if found is None:
                    what = (
                        f"code ‘{codes.paths.get(target, target)}’ (no variable or category of the codebook)"
                    )
                    unmapped[what] = unmapped.get(what, 0) + 1
                    continue
                if user not in users:
                    what = "codings by a user the file does not list"
                    unmapped[what] = unmapped.get(what, 0) + 1
                    continue
                variable, part = found
                if variable.kind is Kind.TEXT:
                    refs = [_guid(n.get("targetGUID", "")) for n in element.findall(f"{_Q}NoteRef")]
                    texts = [notes[r] for r in refs if r in notes]
                    if not texts:
                        what = (
                            f"codings of the text variable ‘{variable.name}’ without a note holding the text"
                        )
                        unmapped[what] = unmapped.get(what, 0) + 1
                        continue
                    part = "\n".join(texts)
                hits.append(_Hit(user, doc_guid, variable, part, span))
    report.unmapped.extend(
        f"{n} coding{'s' if n != 1 else ''}: {what}; not imported" for what, n in unmapped.items()
    )
    return hits


def _memos(root: ET.Element, docs: dict[str, SourceDocument], notes: dict[str, str]) -> list[_Memo]:
    """The memos: each note a kept text source refers to, by the note's creating user."""
    users = {_guid(n.get("guid", "")): _guid(n.get("creatingUser", "")) for n in root.iter(f"{_Q}Note")}
    found: list[_Memo] = []
    for source in root.iter(f"{_Q}TextSource"):
        doc_guid = _guid(source.get("guid", ""))
        if doc_guid not in docs:
            continue
        for ref in source.findall(f"{_Q}NoteRef"):
            target = _guid(ref.get("targetGUID", ""))
            text = notes.get(target, "").strip()
            if text:
                found.append(_Memo(users.get(target, ""), doc_guid, text))
    return found


def _fill_memos(
    project: Project,
    docs: dict[str, SourceDocument],
    users: dict[str, ET.Element],
    coders: dict[str, str],
    doc_uuids: dict[str, str],
    memos: list[_Memo],
    report: QdpxReport,
) -> None:
    """Each coder's memos on a document, joined; a memo by anyone who is no coder here is listed."""
    by_coder: dict[tuple[str, str], list[str]] = {}
    for memo in memos:
        coder = coders.get(memo.user)
        if coder is None:
            who = _user_name(users[memo.user]) if memo.user in users else "no user"
            report.unmapped.append(
                f"a memo by ‘{who}’ on ‘{docs[memo.document].doc_id}’: its author is no coder here; "
                "not imported"
            )
            continue
        by_coder.setdefault((coder, doc_uuids[memo.document]), []).append(memo.text)
    with project.transaction():  # one commit for them all; each memo joins it as before
        for (coder, document), texts in by_coder.items():
            coding.set_memo(project, coder, document, "\n\n".join(texts), origin="imported")
            report.memos += 1


def _fill(
    project: Project,
    docs: dict[str, SourceDocument],
    users: dict[str, ET.Element],
    hits: list[_Hit],
    report: QdpxReport,
) -> tuple[dict[str, str], dict[str, str]]:
    """Documents, coders, values, quotes and resolutions; returns (user guid → coder uuid, source
    guid → document uuid)."""
    at = now()
    final = {g for g, u in users.items() if u.get("id") == FINAL_USER_ID}
    doc_uuids = {guid: str(uuid.uuid4()) for guid in docs}
    cells: dict[tuple[str, str, str], list[_Hit]] = {}
    for hit in hits:
        cells.setdefault((hit.user, hit.document, hit.variable.uuid), []).append(hit)
    coder_users = sorted(
        {user for user, _, _ in cells if user not in final}, key=lambda g: _user_name(users[g]).casefold()
    )
    for guid, element in users.items():
        if guid not in final and guid not in coder_users:
            report.unmapped.append(f"user ‘{_user_name(element)}’: no coding that maps; not added as a coder")
    coders: dict[str, str] = {}
    names: set[str] = set()
    with project.transaction() as db:
        documents_repo.insert_documents(db, list(docs.values()), list(doc_uuids.values()), at)
        for guid, doc_uuid in doc_uuids.items():
            project.audit(
                "import document",
                origin="imported",
                document=doc_uuid,
                new=f"{docs[guid].doc_id} (.qdpx)",
                at=at,
            )
        for user in coder_users:
            name = _unique_name(_user_name(users[user]), names)
            coder = Coder(str(uuid.uuid4()), name)
            coders_repo.insert_coder(db, coder, at)
            project.audit("add coder", origin="imported", coder=coder.uuid, new=coder.name, at=at)
            coders[user] = coder.uuid
            report.coders.append(name)
        changes: list[ValueChange] = []
        resolved: list[tuple[str, str, Value]] = []
        evidence: list[tuple[str, str, str, int, int]] = []
        for (user, doc_guid, _), group in cells.items():
            variable = group[0].variable
            where = f"‘{_user_name(users[user])}’ on ‘{docs[doc_guid].doc_id}’, ‘{variable.name}’"
            value, problem = _value(variable, group)
            if problem is not None:
                report.unmapped.append(f"{where}: {problem}; not imported")
                continue
            if user in final:
                resolved.append((doc_uuids[doc_guid], variable.uuid, value))
                continue
            changes.append(ValueChange(coders[user], doc_uuids[doc_guid], variable.uuid, value))
            spans = sorted({h.span for h in group if h.span is not None})
            evidence.extend((coders[user], doc_uuids[doc_guid], variable.uuid, s, e) for s, e in spans)
        # Each coder is assigned the documents they coded, as the QDA program had it.
        pairs = sorted({(ch.coder_uuid, ch.document_uuid) for ch in changes})
        coders_repo.add_assignments(db, pairs, at)
        if changes:
            coding.apply(project, changes, origin="imported")
        report.values = len(changes)
        for coder_uuid, doc_uuid, variable_uuid, start, end in evidence:
            try:
                coding.add_evidence(
                    project, coder_uuid, doc_uuid, variable_uuid, start, end, origin="imported"
                )
            except UserError as exc:
                report.unmapped.append(f"a quote at {start}–{end}: {exc}; not imported")
                continue
            report.evidence += 1
        for doc_uuid, variable_uuid, value in resolved:
            set_resolution(
                project, doc_uuid, variable_uuid, value, note="from the .qdpx (ictool final values)"
            )
            report.resolutions += 1
    return coders, doc_uuids


def _user_name(user: ET.Element) -> str:
    return (user.get("name") or user.get("id") or user.get("guid") or "user").strip()[:MAX_NAME]


def _unique_name(name: str, taken: set[str]) -> str:
    base, n, candidate = name or "user", 1, name or "user"
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{base} ({n})"[:MAX_NAME]
    taken.add(candidate.casefold())
    return candidate


def _value(variable: Variable, group: Sequence[_Hit]) -> tuple[Value, str | None]:
    """The one value a coder's codings of a variable on a document make, or why they make none."""
    parts: list[Code | float | str] = []
    for hit in group:
        if hit.part is not None and hit.part not in parts:
            parts.append(hit.part)
    kind = variable.kind
    try:
        if kind is Kind.MULTI:
            return validate_value(variable, tuple(parts)), None
        if not parts:
            return "", "coded with the variable's own code, which holds no value of it"
        if len(parts) > 1:
            shown = ", ".join(str(p) for p in parts)
            return "", f"several values ({shown}) where the variable takes one"
        return validate_value(variable, parts[0]), None
    except UserError as exc:
        return "", "; ".join(exc.problems)
