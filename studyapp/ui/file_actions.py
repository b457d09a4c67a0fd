"""The app's file actions: backups and exports, written in a worker, reported in a toast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from studyapp.i18n import _

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from studyapp.locations import Locations
    from studyapp.services import StudyService


class FileActions(App[int]):
    """Backups and exports of :class:`studyapp.ui.app.StudyApp`."""

    service: StudyService | None
    locations: Locations

    def action_back_up(self) -> None:
        """Copy the database to the backups folder now and say where it went."""
        self.write_file(
            lambda service: service.backup().path,
            _("Backed up to {path}"),
            _("Backup failed: {reason}"),
        )

    def action_export_report(self) -> None:
        """Write the whole study record (学习记录) as Markdown to the exports folder."""
        self.write_file(self._export_report, _("Written to {path}"), _("Export failed: {reason}"))

    def action_export_anki(self) -> None:
        """Write every stored question as an Anki deck to the exports folder."""
        self.write_file(self._export_anki, _("Written to {path}"), _("Export failed: {reason}"))

    def _export_report(self, service: StudyService) -> Path:
        return service.export_report(self._dated_export(service, "study-record", "md")).path

    def _export_anki(self, service: StudyService) -> Path:
        return service.export_anki(self._dated_export(service, "studyapp", "apkg")).path

    def _dated_export(self, service: StudyService, stem: str, suffix: str) -> Path:
        """``exports/STEM-YYYY-MM-DD.SUFFIX`` for today's local day."""
        return self.locations.export_dir / f"{stem}-{service.local_day().isoformat()}.{suffix}"

    @work(thread=True, exit_on_error=False, group="files", name="write-file")
    def write_file(self, write: Callable[[StudyService], Path], done: str, failed: str) -> None:
        """Write a backup or an export in a worker; say where it went (``done``) or why not."""
        if self.service is None:
            return
        try:
            path = write(self.service)
        except Exception as error:
            self._tell(failed.format(reason=error), "error")
        else:
            self._tell(done.format(path=path), "information")

    def _tell(self, message: str, severity: SeverityLevel, timeout: float | None = None) -> None:
        """Notify from a worker thread; the message is shown literally, never as markup."""
        self.call_from_thread(
            self.notify, message, severity=severity, markup=False, timeout=timeout
        )
