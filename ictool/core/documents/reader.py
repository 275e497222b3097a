"""Read one transcript file into a ``SourceDocument``, or explain why not.

Every refusal is a ``ValidationError`` whose sentence starts with the path as the
user gave it, so a batch import can list many of them and each still says which
file is meant.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ictool.core.documents.encodings import decode_text_bytes, describe_line_endings, normalise_text
from ictool.core.documents.model import SUPPORTED_EXTENSIONS, DocumentRefused, SourceDocument
from ictool.core.errors import ValidationError

_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def document_id(path: Path) -> str:
    """The external id of the transcript at ``path``: its file stem.

    Normalised to NFC (macOS hands out decomposed names, so ``Müller`` would
    otherwise be two different ids on two machines) and stripped of surrounding
    spaces, which nobody can see in a list.
    """
    return unicodedata.normalize("NFC", path.stem).strip()


def read_transcript(path: Path, *, relative_path: str | None = None) -> SourceDocument:
    """Read a .txt, .md or .docx transcript.

    ``relative_path`` is recorded in the metadata (``collect_transcripts`` passes
    the path within the imported folder); it defaults to the file name.
    Raises ``ValidationError`` naming the file when it cannot be imported.
    """
    try:
        return _read(path, relative_path or path.name)
    except DocumentRefused as refused:
        raise ValidationError(f"{path}: {refused.reason}") from None


#: What to do with a file type people keep transcripts in that ictool does not read.
_CONVERT = {
    ".doc": "save it from Word as .docx (the old .doc format cannot be read)",
    ".rtf": "save it as .docx or as plain text",
    ".odt": "save it as .docx or as plain text",
    ".pages": "export it from Pages as .docx or as plain text",
    ".pdf": "export the transcript as .docx or plain text (a PDF cannot be read)",
}


def unsupported_reason(path: Path) -> str:
    """Why a file of another type is not imported, and how to make it importable."""
    shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
    advice = _CONVERT.get(path.suffix.lower())
    return f"unsupported file type {shown}; ictool imports .txt, .md and .docx files" + (
        f", so {advice}" if advice else ""
    )


def _read(path: Path, relative_path: str) -> SourceDocument:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise DocumentRefused(unsupported_reason(path))
    doc_id = document_id(path)
    if not doc_id:
        raise DocumentRefused("the file name is blank, so it gives no document id")
    data = _read_bytes(path)
    if not data:
        raise DocumentRefused("the file is empty (0 bytes)")
    metadata = {"format": suffix[1:], "relative_path": relative_path}
    if suffix == ".docx":
        # python-docx and lxml load only here: every project open imports this module (0.05 s)
        from ictool.core.documents.docx_reader import read_docx

        content = read_docx(data)
        text, title = normalise_text(content.text), content.title
    else:
        decoded = decode_text_bytes(data)
        text = normalise_text(decoded.text)
        title = markdown_title(text) if suffix == ".md" else first_line_title(text)
        metadata["encoding"] = decoded.encoding
        metadata["line_endings"] = describe_line_endings(decoded.text)
    if not text.strip():
        empty = "the document contains no text" if suffix == ".docx" else "the file holds only white space"
        raise DocumentRefused(empty)
    return SourceDocument.from_text(doc_id, title or doc_id, text, path.name, metadata)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentRefused("no such file") from None
    except IsADirectoryError:
        raise DocumentRefused("is a folder, not a file") from None
    except PermissionError:
        raise DocumentRefused("cannot be read: permission denied") from None
    except OSError as exc:
        raise DocumentRefused(f"cannot be read ({exc.strerror or exc})") from None


def first_line_title(text: str) -> str | None:
    """A plain-text transcript whose first non-blank line is a ``# Heading`` is titled by it.

    Many teams keep transcripts as .txt with a Markdown-style first line; anywhere else a ``#``
    is just text, so only the very first line counts.
    """
    for line in text.split("\n"):
        if line.strip():
            match = _ATX_H1.match(line)
            title = re.sub(r"\s+", " ", match.group(1)).strip() if match else ""
            return title or None
    return None


def markdown_title(text: str) -> str | None:
    """The first level-1 ATX heading (``# Title``) outside fenced code blocks.

    Only level 1: a ``## Section`` names a part of the interview, not the interview.
    """
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := _ATX_H1.match(line)):
            title = re.sub(r"\s+", " ", match.group(1)).strip()
            if title:
                return title
    return None
