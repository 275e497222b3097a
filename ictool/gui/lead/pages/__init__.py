"""The pages of the lead's workspace, in the order the navigation lists them."""

from __future__ import annotations

from ictool.gui.lead.pages.codebook import CodebookPage
from ictool.gui.lead.pages.page import LeadPage
from ictool.gui.lead.pages.reconcile import ReconcilePage
from ictool.gui.lead.pages.reliability import ReliabilityPage
from ictool.gui.lead.pages.rounds import RoundsPage
from ictool.gui.lead.pages.team import TeamPage

PAGES: tuple[type[LeadPage], ...] = (TeamPage, CodebookPage, ReliabilityPage, ReconcilePage, RoundsPage)
