"""Exports a statistician can use without wrangling: xlsx workbook, CSV and SPSS ``.sav``.

The project is read once, a document at a time, from a frozen copy (:mod:`.frozen`); the tables are
built as plain rows (:mod:`.sheets`, :mod:`.context_sheets`; for the workbook all at once, in
:mod:`.workbook`) and written by format-specific writers that only decide how a cell looks
(:mod:`.xlsx`, :mod:`.csv_export`, :mod:`.sav`); :mod:`.cells` makes untrusted text safe; every file is
written beside its target and renamed into place (:mod:`.files`). Entry point: :func:`export_project`.
"""

from ictool.core.export.project_export import FORMATS, ExportResult, export_format, export_project

__all__ = ["FORMATS", "ExportResult", "export_format", "export_project"]
