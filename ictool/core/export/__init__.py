"""Exports a statistician can use without wrangling: xlsx workbook, CSV and SPSS ``.sav``.

The tables are built once as plain rows (:mod:`.sheets`, :mod:`.context_sheets`) and written by
format-specific writers that only decide how a cell looks (:mod:`.xlsx`, :mod:`.csv_export`,
:mod:`.sav`); :mod:`.cells` makes untrusted text safe; every file is written beside its target and
renamed into place (:mod:`.files`). Entry point: :func:`export_project`.
"""

from ictool.core.export.project_export import FORMATS, ExportResult, export_format, export_project

__all__ = ["FORMATS", "ExportResult", "export_format", "export_project"]
