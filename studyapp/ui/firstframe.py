"""The first useful frame: the library, Today or the reader, filled before the ORM loads.

``on_mount`` reads the first screen's rows through :mod:`studyapp.db.firstscreen`
(the standard library's sqlite3, read-only, a few milliseconds) and shows them at once;
the full service (SQLAlchemy, migrations, the bundled-material check, the automatic
backup) opens in a worker only after that frame. When the fast path steps aside (a first
start, an older schema, another database URL, an unreadable file) the status line says
what happens and the service opens at once, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from studyapp.config import load_settings
from studyapp.db.firstscreen import MISSING, OLD, READY, FirstScreen, first_screen
from studyapp.i18n import _

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.screen import Screen

    from studyapp.db.firstscreen import QuickReaderData
    from studyapp.locations import Locations
    from studyapp.services import ReaderData, StudyService
    from studyapp.ui.app import StudyApp

# Start the service at the latest this long after mount, even if the first screen never
# reported its useful frame (the reader may wait for data the fast path could not read).
SERVICE_DEADLINE = 0.5


def local_today(app: StudyApp) -> dt.date:
    """The learner's local day, by the app's clock and the configured time zone."""
    now = app.clock() if app.clock is not None else dt.datetime.now(dt.UTC)
    return now.astimezone(load_settings(app.locations.config_file).tzinfo()).date()


def read_first_screen(app: StudyApp) -> FirstScreen:
    """Read the first screen's rows (``app.materials``) or the status line that replaces them."""
    snapshot = first_screen(app.locations.db_url, local_today(app))
    if snapshot.state == READY:
        app.materials = snapshot.materials
    else:
        app.start_note = _status(snapshot)
    return snapshot


def covered_at_start(app: StudyApp, snapshot: FirstScreen) -> bool:
    """Whether :func:`open_first_screen` will open Today or the reader above the library
    (whose widgets can then wait until it is shown)."""
    if snapshot.state != READY:
        return False
    return app.open_at is not None or (snapshot.has_plans and app.open_screen is None)


def open_first_screen(app: StudyApp, snapshot: FirstScreen) -> None:
    """Above the library, open Today or the reader from the snapshot.

    The service opens once the top screen has painted its rows or its status line
    (:meth:`StudyApp.painted`), the reader's text, or :data:`SERVICE_DEADLINE` at the latest:
    its imports would otherwise take the interpreter from the first frame.
    """
    app.set_timer(SERVICE_DEADLINE, app.start_service)
    if snapshot.state != READY:
        return
    if app.open_at is not None:
        material, section = app.open_at
        read = app.first_reader is not None and app.first_reader.material.id == material
        if not read and app.find_material(material) is not None:
            from studyapp.db.firstscreen import reader_data

            app.first_reader = reader_data(app.locations.db_url, material)
        if app.open_material(material, section):
            app.open_at = None
    elif snapshot.has_plans and app.open_screen is None:
        from studyapp.ui.screens.today import TodayScreen

        app.push_screen(TodayScreen(snapshot.today))


def _soon(loop: asyncio.AbstractEventLoop, callback: Callable[[], None]) -> None:
    """``callback`` on ``loop`` (from another thread); nothing if the loop has closed."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback)


def _status(snapshot: FirstScreen) -> str:
    if snapshot.state == MISSING:
        return _("First start: creating your library and adding the sample materials…")
    if snapshot.state == OLD:
        return _("Upgrading the database to this version of studyapp before opening the library…")
    return _("Opening the library…")


class FirstFrame:
    """The app's side of the first useful frame: when the service opens, what waits for it.

    Mixed into :class:`~studyapp.ui.app.StudyApp` before ``App`` (it extends ``_display``).
    """

    # provided by StudyApp / App
    locations: Locations
    service: StudyService | None
    screen: Screen[Any]
    load_library: Callable[[], object]
    call_after_refresh: Callable[..., bool]
    call_from_thread: Callable[..., Any]
    call_later: Callable[..., bool]
    _batch_count: int
    _driver: Any

    def init_first_frame(self) -> None:
        """Set up the state (called from the app's ``__init__``)."""
        self.start_note: str | None = None  # the status line while the fast path steps aside
        self.service_ready = threading.Event()  # set once the service opened (or failed to)
        self._service_started = False
        self._quick_start = False  # the first screen came from the fast read path
        self._paint_wanted: tuple[Screen[Any], Callable[[], bool]] | None = None
        self._after_service: list[Callable[[StudyService], None]] = []
        self.first_reader: QuickReaderData | None = None  # `read ID`'s text (launcher or mount)
        self._start_batch_over = False  # Textual's Ready came: the start-up batch has ended
        self._frame_held = False  # a repaint was skipped before it (see holds_frame)
        self._frame_out = False  # a frame was handed to the terminal writer
        self._after_frame: list[tuple[Callable[..., object], tuple[Any, ...]]] = []

    def holds_frame(self) -> bool:
        """Whether the top screen skips a repaint now (Textual 8.2.8; test_first_frame checks).

        The app mounts inside a batch update: Textual renders the top screen's first frame
        there (the whole library table), drops it unwritten, and afterwards paints only what
        changed since — so the rows reached the terminal only with a later, unrelated repaint
        (tens of milliseconds). Until Ready the repaint is skipped; Ready repaints the screen.
        """
        if self._start_batch_over or not self._batch_count:
            return False
        self._frame_held = True
        return True

    def on_ready(self) -> None:
        """The start-up batch is over: paint the first frame whole."""
        self._start_batch_over = True
        if self._frame_held:
            self.screen.refresh()

    def painted(self, screen: Screen[Any], ready: Callable[[], bool] = lambda: True) -> None:
        """``screen`` has its first rows: open the service once they are on the terminal.

        Only for the top screen. The service's imports hold the interpreter for a while, so
        it starts after a frame of that screen was handed to the terminal writer while
        ``ready()`` held (e.g. a table has laid out its rows), one refresh later.
        """
        if screen is self.screen and not self._service_started:
            self._paint_wanted = (screen, ready)

    def after_first_frame(self, callback: Callable[..., object], *args: Any) -> None:
        """Call ``callback(*args)`` one refresh after the first frame went to the terminal."""
        if self._frame_out:
            self.call_after_refresh(callback, *args)
        else:
            self._after_frame.append((callback, args))

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        """Textual's frame output; the awaited screen's first full frame opens the service."""
        super()._display(screen, renderable)  # type: ignore[misc]  # a mixin: App is next in the MRO
        if renderable is None or self._batch_count:
            return
        due, self._after_frame = (self._after_frame, []) if not self._frame_out else ([], [])
        self._frame_out = True
        wanted = self._paint_wanted
        if wanted is not None and screen is wanted[0] and wanted[1]():
            self._paint_wanted = None
            due.append((self.start_service, ()))
        if due:
            self._once_written(due)

    def _once_written(self, due: list[tuple[Callable[..., object], tuple[Any, ...]]]) -> None:
        """Run ``due`` once the frame just displayed is written to the terminal: work started
        earlier would hold the interpreter while the writer thread waits for it."""

        def run() -> None:
            for callback, args in due:
                self.call_later(callback, *args)

        loop = getattr(self, "_main_loop", None)
        after_output = getattr(self._driver, "after_output", None)
        if loop is None or after_output is None or not after_output(lambda: _soon(loop, run)):
            self.call_after_refresh(run)  # no terminal writer (headless): one refresh later

    def start_service(self) -> None:
        """Open the service (and refresh the screens from it) in a worker, once."""
        if not self._service_started:
            self._service_started = True
            gc.enable()  # the launcher turned it off until the first frame
            self.load_library()

    def with_service(self, callback: Callable[[StudyService], None]) -> None:
        """Call ``callback`` with the service now, or once it has opened (and start it)."""
        if self.service is not None:
            callback(self.service)
            return
        self._after_service.append(callback)
        self.painted(self.screen)

    def take_first_reader_data(self, material_id: str) -> QuickReaderData | None:
        """The reader data the first screen read for ``material_id`` (once), if any."""
        first, self.first_reader = self.first_reader, None
        return first if first is not None and first.material.id == material_id else None

    def reader_data(self, material_id: str) -> ReaderData | QuickReaderData:
        """The reader's opening data (call in a worker): the fast path until the service is up."""
        if self.service is None:
            from studyapp.db.firstscreen import reader_data

            quick = reader_data(self.locations.db_url, material_id)
            if quick is not None:
                return quick
            self.call_from_thread(self.start_service)
            self.service_ready.wait()
        if self.service is None:
            raise RuntimeError(_("The library could not be opened."))
        return self.service.reader_data(material_id)
