"""The Reconcile page's parts: where coders disagree, what each of them saw, and the lead's decision.

The page (``lead.pages.reconcile``) joins them; each part knows only what it shows:

- ``queue_model`` — the core's queue (``core.reconcile.disagreements``) as a table model, one row per
  (document, variable); ``queue_filter`` narrows it by variable, group, document, coder and status.
  A model and a proxy rather than a widget per row, so 20,000 items scroll and filter at once.
- ``comparison`` — the selected item: every coder's value side by side with their quotes and memo.
- ``decision`` — the final value (a coder's or any other valid one) and the note, not yet written.
- ``writes`` — resolutions as undo steps of the lead's session (``session.push``).
- ``keys`` — which widgets keep the keys the page uses as shortcuts (digits in a text field).
"""
