"""The first useful frame: the library, Today or the reader, filled before the ORM loads.

``on_mount`` reads the first screen's rows through :mod:`studyapp.db.firstscreen`
(the standard library's sqlite3, read-only, a few milliseconds) and shows them at once;
the full service (SQLAlchemy, migrations, the bundled-material check, the automatic
backup) opens in a worker only after that frame. When the fast path steps aside (a first
start, an older schema, another database URL, an unreadable file) the status line says
what happens and the service opens at once, as before.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from studyapp.config import load_settings
from studyapp.db.firstscreen import MISSING, OLD, READY, FirstScreen, first_screen
from studyapp.i18n import _

if TYPE_CHECKING:
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
        if app.find_material(material) is not None:
            from studyapp.db.firstscreen import reader_data

            app.first_reader = reader_data(app.locations.db_url, material)
        if app.open_material(material, section):
            app.open_at = None
    elif snapshot.has_plans and app.open_screen is None:
        from studyapp.ui.screens.today import TodayScreen

        app.push_screen(TodayScreen(snapshot.today))


def _status(snapshot: FirstScreen) -> str:
    if snapshot.state == MISSING:
        return _("First start: creating your library and adding the sample materials…")
    if snapshot.state == OLD:
        return _("Upgrading the database to this version of studyapp before opening the library…")
    return _("Opening the library…")
