"""Exchange with QDA programs (ATLAS.ti, MAXQDA, NVivo, QualCoder) through the REFI-QDA standard.

A codebook goes out as a ``.qdc`` (:mod:`.qdc`), a coded study as a ``.qdpx`` (:mod:`.qdpx_out`), and a
study started in a QDA program comes in from a ``.qdpx`` (:mod:`.qdpx_in`). What ictool knows that a
REFI code cannot hold (level, order, missing codes, multi-select, range) travels in the code's
description in a form the import reads back (:mod:`.codes`), so a ``.qdpx`` alone restores the
codebook. The XML is written and read with the standard library's ElementTree: no dependency beyond
what ictool already has, and nothing of it loads before an exchange is asked for.
"""
