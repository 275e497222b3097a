"""Jobs that build a million small objects (the disagreement queue of a large project) without the
GUI thread waiting for Python's garbage collector or for the old result to be freed."""

from __future__ import annotations

import gc
import threading
import time
import weakref
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from ictool.gui import workers
from ictool.gui.workers import gc_paused, release_in_background, thaw


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_while_any_job_builds_and_on_after_the_last() -> None:
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # a second job, overlapping
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first still builds
    assert gc.isenabled()


def test_what_a_job_built_is_out_of_the_collectors_sight_but_still_freed_when_dropped() -> None:
    class Item:
        pass

    frozen = gc.get_freeze_count()
    with gc_paused():
        built = [Item() for _ in range(1_000)]
    assert gc.get_freeze_count() >= frozen + len(built)  # a collection will not walk them
    probe = weakref.ref(built[0])
    del built
    assert probe() is None  # reference counting freed them at once


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_large_lists_are_freed_in_a_thread(qtbot: QtBot) -> None:
    class Item:
        pass

    items: list[object] = [Item() for _ in range(10_000)]
    probe = weakref.ref(items[-1])
    threads = threading.active_count()
    release_in_background(items)
    qtbot.waitUntil(lambda: not items and probe() is None)
    qtbot.waitUntil(lambda: threading.active_count() <= threads)


def test_thawing_gives_everything_back_to_the_collector() -> None:
    with gc_paused():
        pass
    assert gc.get_freeze_count() > 0
    thaw()
    assert gc.get_freeze_count() == 0


def test_large_dicts_are_freed_in_a_thread(qtbot: QtBot) -> None:
    class Item:
        pass

    rows = {(str(i), "v"): Item() for i in range(10_000)}
    probe = weakref.ref(rows[("9999", "v")])
    release_in_background(rows)
    qtbot.waitUntil(lambda: not rows and probe() is None)


def test_the_release_pauses_between_chunks_so_the_window_gets_the_interpreter(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Freeing in one go, or in chunks back to back, made every call the window's repaint makes into
    Python wait for the interpreter's switch interval; between chunks the releasing thread sleeps."""
    pauses: list[float] = []
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        if threading.current_thread().name == "ictool-release":
            pauses.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(workers.time, "sleep", sleep)
    chunks = 5
    items = [object() for _ in range(chunks * workers.RELEASE_CHUNK)]
    rows = {i: object() for i in range(chunks * workers.RELEASE_CHUNK)}
    release_in_background(items, rows)
    qtbot.waitUntil(lambda: not items and not rows)
    qtbot.waitUntil(lambda: len(pauses) >= 2 * chunks)
    assert pauses == [workers.RELEASE_PAUSE] * (2 * chunks)
