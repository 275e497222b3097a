"""PLACEHOLDER — built by the next step: the disagreement queue and the lead's resolutions.

Replace the class body (keep the name and ``title``); the interface is in ``ictool.gui.lead``.
"""

from __future__ import annotations

from ictool.gui.lead.pages.placeholder import PlaceholderPage


class ReconcilePage(PlaceholderPage):
    title = "Reconcile"
    promise = "Where coders disagree, document by document: read their evidence and settle the final value."
