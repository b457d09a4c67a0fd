"""One fresh interpreter: build an app, run it headless, stamp milestones, exit at once.

Started by ``bench/startup.py``; never imported. ``python bench/child.py MODE [VARIANT]``:

- ``bare``: a plain Textual app (Header, Static, Footer); exits after the first frame.
- ``studyapp``: studyapp's app from ``make_app``; exits after the first frame.
- ``library``: studyapp's app; exits once the library table is filled and repainted.

VARIANT is for ``--why`` diagnoses only, never for the figures: ``noworker`` switches the
library worker off; ``deferred`` starts it after the first frame instead of in ``on_mount``.

The data dir comes from ``STUDYAPP_HOME``. The child prints one JSON line of wall-clock
stamps (``time.time()``) and leaves with ``os._exit(0)`` so no shutdown work is timed:
``App.exit()`` would make the process wait for studyapp's library worker thread.
With ``BENCH_MODULES`` set, it also writes the modules loaded at the first frame there.
"""

from __future__ import annotations

import time

STAMPS: dict[str, float] = {"started": time.time()}

import json  # noqa: E402  (after the first stamp on purpose)
import os  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (100, 30)


def stamp(name: str) -> None:
    """Record a milestone; mark it on fd 2 too, for ``-X importtime`` logs."""
    STAMPS[name] = time.time()
    os.write(2, f"#bench {name}\n".encode())


def finish() -> None:
    """Report the stamps on fd 1 and leave without any shutdown work."""
    modules_file = os.environ.get("BENCH_MODULES")
    if modules_file:
        with open(modules_file, "w", encoding="utf-8") as handle:
            handle.write("\n".join(sorted(sys.modules)))
    os.write(1, (json.dumps(STAMPS) + "\n").encode())
    os._exit(0)


def build_bare(exit_on: str) -> Any:
    """A bare Textual app with Header, Static and Footer, instrumented."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class BareApp(App[int]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    stamp("imported")
    return instrument(BareApp, exit_on)()


def build_studyapp(exit_on: str, variant: str = "") -> Any:
    """studyapp's app, built by its factory, instrumented the same way."""
    import studyapp.ui.app as app_module
    from studyapp.locations import resolve_locations

    stamp("imported")
    # make_app builds whatever ``StudyApp`` names in its module: point it at our subclass.
    base = app_module.StudyApp
    extra = {
        "": {},
        "noworker": {"load_library": _no_library},
        "deferred": {"load_library": _after_first_frame(base.load_library)},
    }[variant]
    app_module.StudyApp = instrument(base, exit_on, extra)  # type: ignore[misc]
    return app_module.make_app(resolve_locations(os.environ["STUDYAPP_HOME"]), language="en")


def _no_library(_app: object) -> None:
    """Stands in for ``StudyApp.load_library`` in the ``noworker`` diagnosis."""


def _after_first_frame(load: Callable[[Any], object]) -> Callable[[Any], None]:
    """``load``, postponed until the screen has been painted (the ``deferred`` diagnosis)."""

    def load_after_refresh(app: Any) -> None:
        app.call_after_refresh(load, app)

    return load_after_refresh


def instrument(base: type[Any], exit_on: str, extra: dict[str, Any] | None = None) -> type[Any]:
    """``base`` with the benchmark's hooks, identical for every app.

    The hooks live in a class placed *after* ``base`` in the MRO, so Textual calls them
    after the app's own ``on_mount`` / ``on_library_loaded`` handlers. The subclass keeps
    ``base``'s module so Textual finds ``CSS_PATH`` next to ``base``.
    """
    from textual.app import App

    class Milestones(App[int]):
        def on_mount(self) -> None:
            stamp("mount")
            self.call_after_refresh(self.bench_first_frame)

        def bench_first_frame(self) -> None:
            stamp("frame")
            if exit_on == "frame":
                finish()

        def on_library_loaded(self, _message: object) -> None:
            stamp("loaded")
            self.call_after_refresh(self.bench_library_shown)

        def bench_library_shown(self) -> None:
            stamp("shown")
            finish()

        def on_library_failed(self, message: Any) -> None:
            STAMPS["failed"] = time.time()
            os.write(2, f"#bench failed: {message.reason}\n".encode())
            finish()

    namespace = {"__module__": base.__module__, **(extra or {})}
    return type(f"Bench{base.__name__}", (base, Milestones), namespace)


def main() -> None:
    """Build the app named on the command line and run it headless."""
    mode, variant = sys.argv[1], (sys.argv[2:] or [""])[0]
    exit_on = "shown" if mode == "library" else "frame"
    app = build_bare(exit_on) if mode == "bare" else build_studyapp(exit_on, variant)
    stamp("built")
    app.run(headless=True, size=SIZE)
    stamp("returned")  # only reached if a milestone never came
    finish()


if __name__ == "__main__":
    main()
