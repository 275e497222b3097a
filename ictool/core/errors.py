"""Errors that reach a person, as opposed to bugs.

A ``UserError`` carries one or more sentences that name the file and the problem;
the CLI prints one line per problem and exits 2, the GUI shows them in a dialog.
Anything else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable


class Cancelled(Exception):
    """A long computation stopped because the person asked it to (Cancel); not an error.

    One class for the core's long work (bootstrap, exports, merges) and the GUI's workers, so a
    cancellation raised anywhere in a job is recognised as one.
    """


class UserError(Exception):
    """Bad input or a refused action, explained in plain sentences."""

    def __init__(self, problems: str | Iterable[str]) -> None:
        if isinstance(problems, str):
            self.problems: list[str] = [problems]
        else:
            self.problems = [str(p) for p in problems]
        if not self.problems:
            self.problems = ["unknown problem"]
        super().__init__("\n".join(self.problems))


class NotAnIctoolFile(UserError):
    """The file is not an ictool project or coder package (or is damaged)."""


class NewerSchemaError(UserError):
    """The file was written by a newer ictool than this one."""


class ValidationError(UserError):
    """A value, sheet or file failed validation; every problem is listed."""


class StorageError(UserError):
    """The file could not be written (disk full, removed drive, read-only)."""
