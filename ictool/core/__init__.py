"""Qt-free core of ictool: everything the GUI can do, headless (and the CLI exposes it).

Where a new use case goes (the rule; ARCHITECTURE.md shows the layers): a use case — something a
person does, like merging packages or resolving a disagreement — is a function in the package named
for what it does (``team``, ``coding``, ``setup``, ``reconcile``, ``export``…, or a new package beside
them), taking the handle it needs first: ``project.Project`` for the lead's work, ``CoderPackage``
for the coder's, ``StudyFile`` where both apply. It changes data inside ``handle.transaction()`` with
``handle.audit(...)``; its SQL lives in ``store``. The root of this package keeps only the handle
(``project``), the vocabulary (``records``, ``errors``) and the shared readers (``tabular``,
``locations``): at most eight modules, checked by a test.

Nothing under this package may import PySide6, ``ictool.gui`` or ``ictool.cli``, and its packages
import only the layers below them; import-linter contracts in ``pyproject.toml`` enforce both and a
test runs them.
"""
