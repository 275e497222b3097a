"""The choices of a new project as the wizard's pages collect them (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ictool.core.codebook.model import Codebook
from ictool.gui.lead.models.transcripts import FoundTranscript


@dataclass
class Draft:
    title: str = ""
    path: Path | None = None
    sheet: Path | None = None
    codebook: Codebook | None = None
    sources: list[Path] = field(default_factory=list)  # files and folders, as chosen
    skip_bad: bool = False
    found: list[FoundTranscript] = field(default_factory=list)  # what the sources hold
    refused: list[str] = field(default_factory=list)  # files the import would refuse, and why
    skipped: list[str] = field(default_factory=list)  # files of other types passed over, and what to do
    notes: list[str] = field(default_factory=list)  # transcripts read in another encoding than UTF-8
    coders: list[str] = field(default_factory=list)
    overlap: float | None = None  # None: everyone codes everything
    seed: int | None = None
    passphrase: str | None = field(default=None, repr=False)  # None: a plain (unencrypted) file
    recovery: bool = False  # with a passphrase: a recovery key for the study's encrypted packages
