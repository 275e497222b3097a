"""A page's read of the project in a worker: the newest read wins, the window never waits for it.

Why: on a project ten times a typical study (2,200 documents, 1.3 M values) reading what the Team
or Reconcile page shows takes from a quarter of a second to many seconds; on the GUI thread that
is a window that neither paints nor answers. So a page hands ``PageRead`` a job (which opens its
own read-only connection with ``open_for_job`` and returns plain data) and gets the result back on
the GUI thread. The rules every page then follows:

- what the page showed stays visible while it reads again, with the page's "Reading…" note
  (``LeadPage.set_reading``); only a page that has shown nothing yet says so in its own words;
- a refresh during a refresh cancels the older read and only the newest result is shown (a
  generation number drops anything older that still arrives);
- a page hidden while it reads stops reading (it waits for the worker to let go of the file, which
  is also what happens before the workspace closes the file) and reads again when next shown;
- a failure reaches the page as the job's sentence (``workers.message_for``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject, Signal

from ictool.gui.lead.reliability.jobs import PageTasks
from ictool.gui.workers import BackgroundTask, Job

T = TypeVar("T")


class PageRead(QObject, Generic[T]):
    """Runs one kind of read for a page; ``readingChanged`` says when the page is waiting for one."""

    readingChanged = Signal(bool)

    def __init__(
        self,
        owner: QObject,
        on_result: Callable[[T], None],
        on_failure: Callable[[str], None],
    ) -> None:
        super().__init__(owner)
        self._tasks = PageTasks(owner)
        self._on_result = on_result
        self._on_failure = on_failure
        self._generation = 0
        self._task: BackgroundTask | None = None
        self._reading = False

    def start(self, job: Job[T]) -> None:
        """Read with ``job``; an older read still running is cancelled and its result dropped."""
        self._generation += 1
        generation = self._generation
        if self._task is not None:
            self._task.cancel()  # not waited for: it lets go of the file on its own, soon
        self._task = self._tasks.start(
            cast(Job[object], job),
            lambda result: self._arrived(generation, cast(T, result)),
            on_failure=lambda message: self._failed(generation, message),
            on_cancel=lambda: self._cancelled(generation),
        )
        self._set_reading(True)

    def is_reading(self) -> bool:
        """True from ``start`` until the newest read's result (or failure) was handed to the page."""
        return self._reading

    def stop(self) -> bool:
        """Cancel the read and wait for its worker to let go of the file; True if one was running."""
        was = self._reading
        self._generation += 1  # whatever still arrives is stale
        self._tasks.stop()
        self._set_reading(False)
        return was

    def _arrived(self, generation: int, result: T) -> None:
        if generation == self._generation:
            self._set_reading(False)
            self._on_result(result)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._set_reading(False)
            self._on_failure(message)

    def _cancelled(self, generation: int) -> None:
        if generation == self._generation:  # cancelled by a Cancel of the job itself, not by a newer read
            self._set_reading(False)

    def _set_reading(self, reading: bool) -> None:
        if reading != self._reading:
            self._reading = reading
            self.readingChanged.emit(reading)
