"""Package namespaces that import their modules on first use.

Why: ``ictool --version`` and ``ictool --help`` should answer in a tenth of a second, and every
command should load only what it uses; a package ``__init__`` that imports all of its modules (numpy,
sqlite-utils, openpyxl…) just to re-export their names makes the lightest import cost half a second.
A package lists where each public name lives; the module is imported when the name is first read.
Type checkers still see the real imports (under ``TYPE_CHECKING`` in the package).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: name -> the submodule (relative) that defines it."""

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        return value

    return __getattr__
