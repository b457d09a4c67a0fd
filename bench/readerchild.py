"""One fresh interpreter for the reader benchmark: open a material, jump to its end, resize.

Started by ``bench/readerbench.py``; never imported. ``python bench/readerchild.py MODE [ID]``:

- ``bare``: a plain Textual app (Header, Static, Footer); stops after the first frame.
- ``reader ID``: studyapp from ``make_app(..., open_material=ID)``. Milestones, each taken
  on the first refresh after its condition holds:

  1. ``shown``: the reader screen's ``_show`` has run and its ``ReaderView`` has lines
     (the text is painted);
  2. ``jumped``: after ``action_edge(1)`` (the ``G`` key), the view is at its last line and
     the screen has handled the resulting ``Moved`` message;
  3. ``resized``: after the terminal went from 100 to 80 columns, the view has wrapped
     the text again and scrolled back to the same place.

The data dir comes from ``STUDYAPP_HOME``. The child prints one JSON line: wall-clock
stamps (``time.time()``), the peak RSS (``VmHWM``) at each milestone, the seconds spent
per phase (``open``, ``jump``, ``resize``) in a few studyapp functions (wrapped here, in
this process only) and in garbage collection, and the view's line counts; then it leaves
with ``os._exit(0)``. With ``BENCH_PROFILE=FILE`` set, the main thread runs under
``cProfile`` from the imports to the end and the stats are written to FILE.
"""

from __future__ import annotations

import time

STAMPS: dict[str, float] = {"started": time.time()}

import cProfile  # noqa: E402  (after the first stamp on purpose)
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from functools import partial, wraps  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (100, 30)
RESIZED = (80, 30)
POLL_SECONDS = 0.001
RSS_KIB: dict[str, int] = {}
SPENT: dict[str, dict[str, float]] = {"open": {}}  # phase -> function -> seconds
PHASE_STARTS = ("jump", "resize")  # stamps that start a new phase in SPENT
FACTS: dict[str, int] = {}
GC_STARTED: list[float] = [0.0]
PROFILER = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
Check = Callable[[], bool]


def stamp(name: str) -> None:
    """Record a milestone and the peak resident set size so far."""
    STAMPS[name] = time.time()
    if name in PHASE_STARTS:
        SPENT[name] = {}
    RSS_KIB[name] = peak_rss_kib()


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB: ``VmHWM`` in ``/proc/self/status``.

    Not ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries the peak of the process that
    forked this one over ``execve``, so every child would report at least the peak of the
    benchmark itself (about 90 MiB). Without ``/proc``, ``ru_maxrss`` it is.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def finish() -> None:
    """Report on fd 1 and leave without any shutdown work."""
    profile_file = os.environ.get("BENCH_PROFILE")
    if PROFILER is not None and profile_file:
        PROFILER.disable()
        PROFILER.dump_stats(profile_file)
    FACTS["ru_maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = {"stamps": STAMPS, "rss_kib": RSS_KIB, "spent": SPENT, "facts": FACTS}
    os.write(1, (json.dumps(report) + "\n").encode())
    os._exit(0)


def fail(reason: str) -> None:
    """Leave without the milestones: the parent reports ``reason``."""
    STAMPS["failed"] = time.time()
    os.write(2, f"#bench failed: {reason}\n".encode())
    finish()


def current_phase() -> str:
    """``open`` until the jump starts, then ``jump``, then ``resize``."""
    return next(reversed(SPENT))


def when(node: Any, ready: Check, then: Callable[[], None], tries: int = 5_000) -> None:
    """Run ``then`` on the first refresh after ``ready()`` holds.

    ``ready`` is checked after each refresh. While it does not hold, the next check waits
    for a 1 ms timer first: checking again at once would keep the screen's message queue
    busy and starve the app's (a posted ``Resize`` would never be handled).
    """
    if ready():
        node.call_after_refresh(then)
    elif tries:
        node.set_timer(
            POLL_SECONDS, partial(node.call_after_refresh, when, node, ready, then, tries - 1)
        )
    else:
        fail(f"gave up waiting before {getattr(then, '__name__', then)}")


def spent(owner: Any, name: str, label: str) -> None:
    """Wrap ``owner.name`` so that its calls add their seconds to ``SPENT[phase][label]``."""
    original = getattr(owner, name)

    @wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        phase = SPENT[current_phase()]
        phase.setdefault(label, 0.0)  # so the labels come in the order the calls start
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            phase[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def track_gc(event: str, info: dict[str, int]) -> None:
    """A ``gc.callbacks`` hook: each collection's seconds go to ``SPENT``, gen 2 apart."""
    if event == "start":
        GC_STARTED[0] = time.perf_counter()
        return
    label = "gc, gen 2" if info["generation"] == 2 else "gc, gen 0-1"
    phase = SPENT[current_phase()]
    phase[label] = phase.get(label, 0.0) + time.perf_counter() - GC_STARTED[0]


# -- the bare baseline ------------------------------------------------------------------


def build_bare() -> Any:
    """A bare Textual app with Header, Static and Footer; stops after its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class BareApp(App[int]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            stamp("mount")
            self.call_after_refresh(self.bench_frame)

        def bench_frame(self) -> None:
            stamp("frame")
            finish()

    stamp("imported")
    return BareApp()


# -- studyapp opening one material -----------------------------------------------------


def build_reader(material_id: str) -> Any:
    """studyapp from its factory, told to open ``material_id``, instrumented."""
    import studyapp.ui.app as app_module
    from studyapp.locations import resolve_locations

    stamp("imported")
    base = app_module.StudyApp
    namespace = {"__module__": base.__module__, "open_material": _open_material_hook(base)}
    bench_app = type(f"Bench{base.__name__}", (base, _app_milestones()), namespace)
    app_module.StudyApp = bench_app  # type: ignore[misc]  (make_app builds this name)
    locations = resolve_locations(os.environ["STUDYAPP_HOME"])
    return app_module.make_app(locations, language="en", open_material=material_id)


def _app_milestones() -> type[Any]:
    """Handlers placed after ``StudyApp`` in the MRO: Textual runs them after the app's own."""
    from textual.app import App

    class AppMilestones(App[int]):
        def on_mount(self) -> None:
            stamp("mount")

        def on_library_loaded(self, _message: object) -> None:
            stamp("loaded")  # the app has pushed the reader screen by now

        def on_library_failed(self, message: Any) -> None:
            fail(message.reason)

    return AppMilestones


def _open_material_hook(base: type[Any]) -> Callable[..., bool]:
    """``StudyApp.open_material`` that first instruments the reader (imported only now)."""

    def open_material(self: Any, material_id: str, section: str | None = None) -> bool:
        _instrument_reader()
        opened: bool = base.open_material(self, material_id, section)
        if not opened:
            fail(f"no material {material_id}")
        return opened

    return open_material


def _instrument_reader() -> None:
    """Point ``reader.ReaderScreen`` at the benchmark's subclass; time a few functions.

    Runs when the app opens the material, i.e. after its library worker has imported the
    services, so nothing is imported earlier than the app itself would import it.
    """
    import studyapp.ui.screens.reader as reader_module
    import studyapp.ui.widgets.reader_view as view_module
    from studyapp.db.materials_repo import MaterialRepository
    from studyapp.services import StudyService

    screen = reader_module.ReaderScreen
    for owner, name, label in (
        (StudyService, "reader_data", "reader_data (worker)"),
        (MaterialRepository, "full_text", "  full_text"),
        (reader_module, "document_blocks", "document_blocks"),
        (view_module.ReaderView, "load", "ReaderView.load"),
        (view_module, "layout", "  layout"),
        (screen, "_fill_toc", "_fill_toc"),
        (screen, "_update_status", "_update_status"),
        (screen, "on_reader_view_moved", "on Moved"),
        (screen, "_passed", "  _passed"),
    ):
        spent(owner, name, label)
    reader_module.ReaderScreen = _bench_screen(screen)  # type: ignore[misc]


def _bench_screen(base: type[Any]) -> type[Any]:
    """``ReaderScreen`` with the three milestones."""
    from textual.screen import Screen

    class ScreenMilestones(Screen[None]):
        """After ``base`` in the MRO: its ``Moved`` handler runs after the reader's own."""

        def on_reader_view_moved(self, _message: object) -> None:
            STAMPS.setdefault(f"moved ({current_phase()})", time.time())

    class BenchReaderScreen(base, ScreenMilestones):  # type: ignore[misc, valid-type]
        def _show(self, data: Any) -> None:
            stamp("data")
            super()._show(data)
            stamp("show done")
            view = self.query_one("#reader")
            when(self, lambda: bool(view.lines) and view._pending is None, self.bench_shown)

        def bench_shown(self) -> None:
            stamp("shown")
            FACTS["lines"] = len(self.query_one("#reader").lines)
            self.call_after_refresh(self.bench_jump)

        def bench_jump(self) -> None:
            view = self.query_one("#reader")
            if _at_end(view) or not view.max_scroll_y:
                fail("the material opened at its end: there is nothing to jump over")
            stamp("jump")
            view.action_edge(1)
            when(self, lambda: _at_end(view) and "moved (jump)" in STAMPS, self.bench_jumped)

        def bench_jumped(self) -> None:
            stamp("jumped")
            FACTS["top_line_at_end"] = round(self.query_one("#reader").scroll_y)
            self.call_after_refresh(self.bench_resize)

        def bench_resize(self) -> None:
            view = self.query_one("#reader")
            width = view._width
            stamp("resize")
            _resize_terminal(self.app, *RESIZED)
            when(self, lambda: view._width != width and view._pending is None, self.bench_resized)

        def bench_resized(self) -> None:
            stamp("resized")
            FACTS["lines_resized"] = len(self.query_one("#reader").lines)
            finish()

    return BenchReaderScreen


def _at_end(view: Any) -> bool:
    return bool(view.max_scroll_y) and round(view.scroll_y) == round(view.max_scroll_y)


def _resize_terminal(app: Any, width: int, height: int) -> None:
    """What Textual's ``Pilot.resize_terminal`` does: set the headless size, post Resize."""
    from textual.events import Resize
    from textual.geometry import Size

    size = Size(width, height)
    app._driver._size = size
    app.post_message(Resize(size, size))


def main() -> None:
    """Build the app named on the command line and run it headless."""
    if PROFILER is not None:
        PROFILER.enable()
    mode = sys.argv[1]
    if mode != "bare":
        gc.callbacks.append(track_gc)
    app = build_bare() if mode == "bare" else build_reader(sys.argv[2])
    stamp("built")
    app.run(headless=True, size=SIZE)
    fail("the app returned before its last milestone")


if __name__ == "__main__":
    main()
