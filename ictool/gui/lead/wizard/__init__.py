"""File ▸ New Project…: a wizard that collects every choice, then creates the project in one step.

Why collect first: nothing is written until the last page's "Create project", so cancelling (or a
problem found late) leaves no half-made file; the creation itself is the core's
(``team.new_project``), run in a worker. Each page checks its own input as it is given — the
codebook sheet's problems by row, the transcripts' import report, the coders' names — so the
person fixes things where they are, without leaving the wizard.

Pages, one module each: ``location`` (title and file), ``codebook_sheet``, ``transcripts``,
``coders``, ``assignment``, ``summary``; ``draft`` holds the choices, ``wizard`` joins them.
"""
