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

from __future__ import annotations

import sys as _sys
from types import ModuleType as _ModuleType
from typing import TYPE_CHECKING as _TYPE_CHECKING

if _TYPE_CHECKING:
    import importlib.abc as _abc
    import importlib.machinery as _machinery


class _WithoutPandas:  # a loader by its methods: importing importlib.abc costs every command 5 ms
    """Runs sqlite-utils' own loader with pandas hidden.

    sqlite-utils imports pandas (0.6 s) when it is installed, only to map pandas timestamps to a column
    type, which ictool never stores. Hiding pandas while sqlite-utils loads keeps every command and the
    app's start that much faster; the exports that do need pandas (SPSS) import it normally afterwards.
    Done when sqlite-utils is first imported, not when this package is: ``ictool --version`` imports
    the core's vocabulary (errors, the codebook model) and needs neither sqlite-utils nor numpy.
    """

    def __init__(self, real: _abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: _machinery.ModuleSpec) -> _ModuleType | None:
        return self.real.create_module(spec)

    def __getattr__(self, name: str) -> object:  # anything else a loader offers (resources, source)
        return getattr(self.real, name)

    def exec_module(self, module: _ModuleType) -> None:
        hidden = "pandas" not in _sys.modules
        if hidden:
            _sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
        try:
            self.real.exec_module(module)
        finally:
            if hidden:
                del _sys.modules["pandas"]


class _SqliteUtilsFinder:  # a meta path finder by its method, for the same reason
    """Finds sqlite-utils as Python would, once, and hands it :class:`_WithoutPandas` as its loader."""

    def find_spec(
        self, name: str, path: object = None, target: _ModuleType | None = None
    ) -> _machinery.ModuleSpec | None:
        if name != "sqlite_utils":
            return None
        _sys.meta_path.remove(self)
        spec = None
        for finder in _sys.meta_path:  # the finders after this one: a bundle's own importer included
            spec = finder.find_spec(name, None, target) if hasattr(finder, "find_spec") else None
            if spec is not None:
                break
        if spec is not None and spec.loader is not None:
            spec.loader = _WithoutPandas(spec.loader)  # type: ignore[assignment]  # a Loader by its methods
        return spec


if "sqlite_utils" not in _sys.modules and "pandas" not in _sys.modules:
    _sys.meta_path.insert(0, _SqliteUtilsFinder())
