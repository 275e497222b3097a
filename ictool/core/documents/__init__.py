"""Transcript import: .txt/.md (UTF-8, UTF-16/32 with BOM, cp1252/latin-1) and .docx.

``read_transcript`` reads one file; ``collect_transcripts`` reads the files and
folders of one import (all or nothing unless ``skip_bad``);
``check_against_existing`` reports ids already taken in a project. Nothing here
touches the project file: storing the documents is the store's job.
"""

from ictool.core.documents.collect import (
    ProgressCallback,
    check_against_existing,
    collect_transcripts,
    without_clashes,
)
from ictool.core.documents.model import SUPPORTED_EXTENSIONS, ImportBatch, SourceDocument, id_key, text_sha256
from ictool.core.documents.reader import document_id, markdown_title, read_transcript

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ImportBatch",
    "ProgressCallback",
    "SourceDocument",
    "check_against_existing",
    "collect_transcripts",
    "document_id",
    "id_key",
    "markdown_title",
    "read_transcript",
    "text_sha256",
    "without_clashes",
]
