"""What an imported transcript is, independent of the file it came from.

A ``SourceDocument`` is the unit the project stores and coders read. Its text is
final at import: evidence spans are code-point offsets into exactly this string,
so nothing downstream may re-normalise it. The SHA-256 lets a merge or a re-import
tell "the same transcript" from "a different text under the same id".
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

#: File types ictool reads, lower case; the check on a file's suffix is case-insensitive.
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".docx")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of ``text`` (the stored, normalised text)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def id_key(doc_id: str) -> str:
    """The form under which two ids count as the same.

    Ids that differ only in letter case or Unicode composition (macOS stores file
    names decomposed) cannot live side by side in a Windows folder and look the same
    in every export, so they are treated as one id and reported as a clash.
    """
    return unicodedata.normalize("NFC", doc_id).casefold()


@dataclass(frozen=True)
class SourceDocument:
    """One transcript as imported.

    ``doc_id`` is the external id people use (the file stem, e.g. ``INT-007``);
    identity inside the project is a UUID the store assigns. ``metadata`` records
    provenance: ``format`` (txt, md, docx), ``encoding`` (text files only),
    ``line_endings`` (as found in the file, before normalisation) and
    ``relative_path`` (within the imported folder, ``/``-separated; the file name
    when a file was named directly). Full paths are not kept: they leak user names
    and mean nothing on the lead's colleague's machine.
    """

    doc_id: str
    title: str
    text: str
    sha256: str
    source_name: str
    metadata: dict[str, str] = field(default_factory=dict, hash=False)

    @classmethod
    def from_text(
        cls,
        doc_id: str,
        title: str,
        text: str,
        source_name: str,
        metadata: dict[str, str] | None = None,
    ) -> SourceDocument:
        """Build a document whose hash is computed here, so it cannot disagree with the text."""
        return cls(doc_id, title, text, text_sha256(text), source_name, dict(metadata or {}))


@dataclass(frozen=True)
class ImportBatch:
    """The outcome of collecting transcripts: what can be imported and, per refused file, why.

    ``skipped`` names the files of other types found in a folder and not read (``OLD.doc``), with
    what to do about each: they are not problems, since a folder holds other files, but a transcript
    saved in the wrong format must not vanish from an import without a word.
    """

    documents: list[SourceDocument]
    problems: list[str]
    skipped: list[str] = field(default_factory=list)


class DocumentRefused(Exception):
    """Internal: a reader refuses the content; the caller adds the file name.

    Readers work on bytes and do not know how the user named the file, so they
    raise this with a reason and ``read_transcript`` turns it into a
    ``ValidationError`` sentence that names the file.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
