"""Transcript import: .txt/.md (UTF-8, UTF-16/32 with BOM, cp1252/latin-1) and .docx.

``read_transcript`` reads one file; ``collect_transcripts`` reads the files and
folders of one import (all or nothing unless ``skip_bad``);
``check_against_existing`` reports ids already taken in a project. Nothing here
touches the project file: storing the documents is the store's job. Import from the modules
(``collect``, ``model``, ``reader``): the store needs only ``model``, and a report should not pay
for the readers of .docx and legacy encodings.
"""
