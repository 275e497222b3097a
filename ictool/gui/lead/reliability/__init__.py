"""The Reliability page's parts: what the lead reads to decide which variables can be trusted.

- ``jobs``: reading the project and computing alphas in a worker, then the bootstrap intervals in
  another, streamed line by line (``core.reliability.intervals``); both stop when the page is hidden.
- ``table_model``: the report as a sortable, filterable table (a row per report line).
- ``chart``: alpha per line with its interval and the .667 / .800 thresholds (QtCharts), savable.
- ``coders``: the coder × coder alpha matrix as a heat map, and alpha with each coder left out.
- ``coincidences``: which categories coders confuse, and the alpha a merge would give (a what-if).
- ``detail``: the selected line's panel, made of the last two.
- ``panels``: the widgets without logic of their own (intervals bar, filters, table, chart tab).
- ``style``: status words, colours and shapes — colour is never the only signal.

No statistics are computed here: every number comes from ``ictool.core.reliability``.
"""
