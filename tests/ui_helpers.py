"""Helpers for Pilot tests: build the app through the factory, wait, read the screen."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Callable

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import Worker, WorkerCancelled

from studyapp.locations import Locations
from studyapp.ui.app import StudyApp, make_app
from tests.conftest import fixed_clock


def build_app(
    locations: Locations,
    language: str = "en",
    import_bundled: bool = True,
    clock: Callable[[], dt.datetime] = fixed_clock,
) -> StudyApp:
    """The app as the CLI builds it, on a test data dir with a fixed clock."""
    return make_app(locations, language=language, clock=clock, import_bundled=import_bundled)


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += dt.timedelta(seconds=seconds)


async def settle(pilot: Pilot[int]) -> None:
    """Wait for every worker to finish and the messages they posted to be handled.

    A worker cancelled by a newer one of its exclusive group (a screen loading again when
    the service opens) has finished too; a worker that failed still fails the test.
    """
    for _ in range(3):
        await asyncio.gather(*(_finished(worker) for worker in list(pilot.app.workers)))
        await pilot.pause()


async def _finished(worker: Worker[object]) -> None:
    with contextlib.suppress(WorkerCancelled, asyncio.CancelledError):
        await worker.wait()


async def wait_until(pilot: Pilot[int], ready: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until ``ready()`` holds (a timer fired, a worker posted), or fail."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert time.monotonic() < deadline, "the app never got there"
        await pilot.pause(0.02)
    await settle(pilot)


async def run_palette_command(pilot: Pilot[int], name: str) -> None:
    """Open the command palette, type ``name``, pick the first match and let it finish."""
    await pilot.press("ctrl+p")
    await pilot.press(*name)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def notifications(app: StudyApp) -> list[str]:
    """The texts of the notifications the app is showing."""
    return [str(note.message) for note in app._notifications]


def rendered_text(widget: Widget) -> str:
    """The text a widget actually renders, line by line, as terminal cells show it."""
    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    return "\n".join(strip.text.strip() for strip in lines)


def screen_text(pilot: Pilot[int]) -> str:
    """Every line of the current screen as plain text, as the terminal would show it."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
