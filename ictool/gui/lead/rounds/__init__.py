"""The Rounds page's parts: what a methodologist reads to see coders converge and the sample suffice.

- ``jobs``: reading the rounds' alphas (``core.reliability.by_round``) and the sample plan
  (``core.reliability.planner``) in a worker on its own read-only connection, then the same with the
  bootstrap's intervals in another.
- ``models``: the tables (a row per report line, a column per round; the plan; per-category alphas;
  alphas against the reference coder and stability), as read-only item models of text cells.
- ``chart``: the selected line's alpha by round, with its intervals and the study's rule.

No statistics are computed here: every number comes from ``ictool.core.reliability``.
"""
