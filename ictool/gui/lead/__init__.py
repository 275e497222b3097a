"""The lead researcher's workspace: set up the study, hand out and merge packages, read reliability,
reconcile disagreements — all on the project file (``*.ictool``).

Layout: ``workspace.LeadWorkspace`` (the shell's ``WorkspaceBase``) hosts ``view.LeadView``, a
navigation list on the left and one page per module in ``pages/`` on the right. Every write goes
through ``session.LeadSession``; long work (hand out, merge) runs in a worker (``gui.workers``)
and ends with ``LeadSession.external_change``.

The page interface (``pages.page.LeadPage``) — what a page must implement to plug in::

    class MyPage(LeadPage):
        title = "Reliability"                 # the navigation entry and the page's heading

        def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
            super().__init__(context, parent)  # context: session, prompter, run_job, message
            self.body.addWidget(...)           # the page's content goes into ``self.body`` (a layout)
            self.add_action(make_action(self, "&Export report…", self.export, ["Ctrl+Shift+R"], "…"))

        def refresh(self) -> None:
            ...                                # re-read everything shown from ``self.session.project``

- ``refresh()`` is called once when the page is first shown and after every data change
  (``LeadSession.dataChanged``: a merge, a resolution, a codebook or team change) — at once if
  the page is shown, else when it is next shown, so an expensive page costs nothing while hidden.
  It must be cheap to call twice and must not write.
- ``add_action`` puts an action in the page's header bar, in the Project menu (grouped by page),
  on the window (its shortcut works on every page: shortcuts must not clash, a test checks) and
  in Help ▸ Keyboard shortcuts.
- A page writes only through ``self.session`` (``session.write``/``session.push``, which emit
  ``dataChanged``), runs long work through ``self.context.run_job`` (the worker opens its own
  connection: ``open_for_job``), and talks to the person through ``self.context.prompter``.
- No SQL and no statistics in a page: it calls the core and shows item models (``lead.models``).

A page registers itself by being listed in ``pages.PAGES``; nothing else changes.
"""
