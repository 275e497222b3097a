"""PLACEHOLDER — built by the next step: Krippendorff's alpha per variable, its CI, the report.

Replace the class body (keep the name and ``title``); the interface is in ``ictool.gui.lead``.
"""

from __future__ import annotations

from ictool.gui.lead.pages.placeholder import PlaceholderPage


class ReliabilityPage(PlaceholderPage):
    title = "Reliability"
    promise = "Krippendorff's alpha per variable, with its confidence interval and the coders' diagnostics."
