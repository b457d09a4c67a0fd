"""The Textual app and the one factory that builds it for the CLI and the tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import os
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding

from studyapp.config import THEMES, load_settings, save_setting
from studyapp.core.materials import Material
from studyapp.i18n import N_, _, current_language, set_language
from studyapp.locations import Locations
from studyapp.ui.bindings import localise_bindings, relabel_keys
from studyapp.ui.failure import KeepsFailure
from studyapp.ui.file_actions import FileActions
from studyapp.ui.firstframe import (
    FirstFrame,
    covered_at_start,
    open_first_screen,
    read_first_screen,
)
from studyapp.ui.logfile import attach_log_file, detach_log_file
from studyapp.ui.messages import LibraryFailed, LibraryLoaded, TerminalGone
from studyapp.ui.navigation import Navigation
from studyapp.ui.palette import StudyCommands
from studyapp.ui.screens.home import HomeScreen
from studyapp.ui.shutdown import SAVE_BUSY_SECONDS, ShutdownGuard

if TYPE_CHECKING:
    from textual.driver import Driver

    from studyapp.services import StudyService
    from studyapp.services.reading import ReadingTracker

Clock = Callable[[], dt.datetime]
log = logging.getLogger("studyapp")


class StudyApp(FirstFrame, KeepsFailure, FileActions, Navigation):
    """studyapp's terminal UI. The database opens in a worker after the first frame."""

    TITLE = "studyapp"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {StudyCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("Commands"),
            id="command-palette",
            show=False,
            priority=True,
            tooltip=N_("Open the command palette"),
        ),
        Binding("ctrl+t", "toggle_theme", N_("Theme"), id="toggle-theme", tooltip=N_("Light/dark")),
        Binding("ctrl+l", "switch_language", N_("中文/EN"), id="switch-language"),
        Binding("f1", "help", N_("Help"), id="help", tooltip=N_("Keys of this screen")),
        Binding("question_mark", "help", N_("Help"), id="help-question-mark", show=False),
        Binding("ctrl+g", "show_group", N_("Reading class"), id="show-group", show=False),
    ]

    def __init__(
        self,
        locations: Locations,
        *,
        clock: Clock | None = None,
        import_bundled: bool = True,
        theme: str = "textual-dark",
        open_material: str | None = None,
        open_section: str | None = None,
        open_screen: str | None = None,
    ) -> None:
        super().__init__(driver_class=_driver_class())
        self.guard = ShutdownGuard()
        self.open_screen = open_screen
        self.open_at = (open_material, open_section) if open_material else None
        self.locations = locations
        if locations.learner:  # a profile: whose record this is, on every screen's header
            self.title = f"{self.TITLE} · {locations.learner}"
        self.clock = clock
        self.import_bundled = import_bundled
        self.service: StudyService | None = None
        self.materials: list[Material] | None = None
        self.trackers: set[ReadingTracker] = set()  # open reading sessions, flushed on exit
        self.init_first_frame()
        self.theme = theme if theme in THEMES else THEMES[0]
        localise_bindings(self)

    def on_mount(self) -> None:
        """Show the first screen's rows at once (fast read path), then open the service.

        SIGTERM, SIGHUP and a vanished terminal save the learner's state, then end the app.
        """
        self._log_file = attach_log_file(self.locations.log_file)
        self._main_loop = asyncio.get_running_loop()
        self.guard.install(self._on_signal, self._main_loop)
        first = read_first_screen(self)  # sqlite3, read-only: no ORM before the first frame
        self._quick_start = self.materials is not None
        self.push_screen(HomeScreen(deferred=covered_at_start(self, first)))
        open_first_screen(self, first)  # Today or the reader; the service opens after that frame

    @work(thread=True, exclusive=True, exit_on_error=False, group="library", name="open-library")
    def load_library(self) -> None:
        """Open the database (migrating it if needed) and read the library; post the result."""
        try:
            service = self.service or self._open_service()
            report = service.import_bundled_if_new() if self.import_bundled else None
            imported = len(report.by_status("imported")) if report else 0
            has_plans = service.plan_count() > 0
            self.organiser = service.organiser_here()
            upgraded = service.schema.action == "upgraded"
            self.post_message(LibraryLoaded(service.library(), imported, has_plans, upgraded))
            log.debug("service open")
        except Exception as error:  # shown on the home screen, never a traceback
            self.post_message(LibraryFailed(_friendly(error, self.locations)))
            self.service_ready.set()
            return
        self._back_up(service)

    def _back_up(self, service: StudyService) -> None:
        """The daily automatic backup, after the library is on screen; a failure only warns."""
        from studyapp.services.backup import DatabaseDamaged

        try:
            service.auto_backup()
        except DatabaseDamaged as error:  # stays on screen until dismissed
            log.error("the database is damaged: %s", error)
            message = _("The automatic backup failed: {reason}").format(reason=error)
            self._tell(message, "error", timeout=3600)
        except Exception as error:
            log.warning("automatic backup failed: %s", error)
            self._tell(_("The automatic backup failed: {reason}").format(reason=error), "warning")

    def _open_service(self) -> StudyService:
        from studyapp.services import StudyService, utc_now

        service = StudyService.open(self.locations, self.clock or utc_now)
        self.service = service
        return service

    def on_library_loaded(self, message: LibraryLoaded) -> None:
        """Keep the library and show it on the home screen."""
        unchanged = message.materials == self.materials and not message.imported
        self.materials = message.materials
        self.service_ready.set()
        gc.freeze()  # start-up objects never die: keep them out of later full collections
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and not (unchanged and not message.upgraded):
                screen.show_library(message.materials, message.imported, message.upgraded)
            elif refresh := getattr(screen, "service_opened", None):
                refresh()  # a screen the fast path filled loads the rest
        callbacks, self._after_service = self._after_service, []
        for callback in callbacks:
            if self.service is not None:
                callback(self.service)
        quick, self._quick_start = self._quick_start, False
        if message.has_plans and not self.open_at and len(self.screen_stack) == 2 and not quick:
            self.action_show_today()
        if self.open_screen == "review":
            self.open_screen = None
            self.action_show_review()
        if self.open_at is not None:
            material, section = self.open_at
            self.open_at = None
            if not self.open_material(material, section):
                self.notify(_("No material {id}").format(id=material), severity="error")

    def on_library_failed(self, message: LibraryFailed) -> None:
        """Say on the home screen why the library could not open."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_error(message.reason)

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme and remember the choice."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self._remember("theme", self.theme)

    def action_switch_language(self) -> None:
        """Switch between Chinese and English, rebuilding the screens in the new language."""
        language = set_language("en" if current_language() == "zh_CN" else "zh_CN")
        self._remember("language", language)
        localise_bindings(self)
        for screen in self.screen_stack:  # in place: a quiz, a reader or a review goes on
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                relabel()
            else:
                relabel_keys(screen)
        self.notify(_("Language: English") if language == "en" else _("语言：中文"))

    def _remember(self, key: str, value: str) -> None:
        try:
            save_setting(self.locations.config_file, key, value)
        except OSError as error:
            self.notify(
                _("Could not save the setting: {error}").format(error=error), severity="warning"
            )

    def _on_signal(self, signum: int) -> None:
        """Called in the signal handler: stop terminal output, then save and exit on the loop."""
        from studyapp.ui.terminal import quiet_terminal  # POSIX only, as are these signals

        quiet_terminal(self._driver, signum)
        self._main_loop.call_soon_threadsafe(self.shut_down, signum)

    def on_terminal_gone(self, _message: TerminalGone) -> None:
        """Output failed (EIO, EPIPE): end as on a hang-up."""
        if self.guard.begin(signal.SIGHUP):
            self.shut_down(signal.SIGHUP)

    def shut_down(self, signum: int) -> None:
        """Make the learner's state durable and close the database, then exit (128 + signum)."""
        log.debug("shutting down on signal %d", signum)
        self.save_state()
        self.guard.saved()
        self.exit(return_code=128 + signum)

    def save_state(self) -> None:
        """Write and close every reading session with a short lock wait, then close the database."""
        if self.service is not None:
            self.service.hurry(SAVE_BUSY_SECONDS)
        for tracker in list(self.trackers):
            try:
                tracker.close()
            except Exception as error:  # exiting anyway: say why in the log
                log.error("could not save the reading session: %s", error)
                tracker.closed = True  # no second try (and wait) on the way out
        self.trackers.clear()
        if self.service is not None:
            self.service.close()

    def flush_reading(self) -> None:
        """Write and close every open reading session."""
        for tracker in list(self.trackers):
            tracker.close()
        self.trackers.clear()

    def on_unmount(self) -> None:
        """Flush reading sessions and close the database when the app ends."""
        self.flush_reading()
        if self.service is not None:
            self.service.close()
        self.guard.uninstall()
        detach_log_file(self._log_file)


def _driver_class() -> type[Driver] | None:
    """Our terminal driver on POSIX; Textual's choice elsewhere or when TEXTUAL_DRIVER is set."""
    if os.name != "posix" or os.environ.get("TEXTUAL_DRIVER"):
        return None
    from studyapp.ui.terminal import StudyDriver

    return StudyDriver


def _friendly(error: Exception, locations: Locations) -> str:
    from studyapp.services import SchemaError
    from studyapp.services.backup import database_damage, restore_hint

    if isinstance(error, SchemaError):
        return str(error)
    reason = _("Could not open the library: {error}").format(
        error=f"{type(error).__name__}: {error}"
    )
    damage = database_damage(locations)
    return reason if damage is None else f"{reason}\n{damage}\n{restore_hint(locations)}"


def make_app(
    locations: Locations,
    *,
    language: str | None = None,
    clock: Clock | None = None,
    import_bundled: bool = True,
    open_material: str | None = None,
    open_section: str | None = None,
    open_screen: str | None = None,
) -> StudyApp:
    """Build the app: the CLI and the tests both come through here.

    Args:
        locations: data dir and database to use.
        language: ``en`` or ``zh_CN``; ``None`` takes the config file, then the locale.
        clock: a fixed clock for tests; the real UTC clock when ``None``.
        import_bundled: import the sample materials into an empty library.
        open_material: open the reader on this material once the library is loaded.
        open_section: the section to open it at (an anchor or a 1-based number).
        open_screen: ``"review"`` to open the review screen once the library is loaded.
    """
    settings = load_settings(locations.config_file)
    set_language(language or settings.language or None)
    return StudyApp(
        locations,
        clock=clock,
        import_bundled=import_bundled,
        theme=settings.theme,
        open_material=open_material,
        open_section=open_section,
        open_screen=open_screen,
    )
