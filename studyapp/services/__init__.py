"""The one facade the UI and the CLI call: opening the library, importing, reading, checking.

One rule (README, design notes): the UI and the CLI call methods of :class:`StudyService`.
Each method that is more than a read delegates to a use-case function in a module of this
package (``plans``, ``quiz``, ``review``, ...), which takes the service back and is its
implementation, not a second way in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.db.migrate import SchemaError as SchemaError
from studyapp.locations import bundled_materials_dir
from studyapp.services.base import Clock as Clock
from studyapp.services.base import ReaderData as ReaderData
from studyapp.services.base import ServiceBase
from studyapp.services.base import utc_now as utc_now
from studyapp.services.group_facade import GroupFacade
from studyapp.services.reading import ReadingTracker

if TYPE_CHECKING:
    from studyapp.core.materials import Section
    from studyapp.core.plans import Assignment, ReadingSpeed
    from studyapp.core.quiz import Grade, Question
    from studyapp.core.reading import StoredPlan
    from studyapp.core.review import CardState, Rating
    from studyapp.core.search import SearchResults
    from studyapp.services.backup import AutoBackup, BackupFile
    from studyapp.services.export import AnkiExport, CsvFile, JsonExport, ReportExport
    from studyapp.services.imports import ImportReport
    from studyapp.services.plans import PlanProgress, TodayView
    from studyapp.services.record_io import RecordFile, Transfer
    from studyapp.services.review import RetiredCard, ReviewItem, ReviewResult
    from studyapp.services.stats import StatsView

BUNDLED_PREFIX = "bundled:"

Progress = Callable[[int, int, Path], None]
log = logging.getLogger("studyapp")


class StudyService(GroupFacade, ServiceBase):
    """Everything the UI and CLI may do, over one engine and one clock."""

    def start_reading(
        self,
        material_id: str,
        section: str,
        language: str,
        sections: Sequence[Section] | None = None,
    ) -> ReadingTracker:
        """Open a reading session that records time and position.

        With ``sections`` (the material's text) the session also applies the read rule
        to each section it spends time on.
        """
        from studyapp.services.plans import paragraph_minutes, reading_speed

        minutes = {}
        if sections:
            minutes = paragraph_minutes(sections, language, reading_speed(self))
        return ReadingTracker(
            self.progress,
            material_id,
            section,
            language,
            clock=self.clock,
            day_of=self.local_day,
            idle_cutoff=self.settings.reading.idle_cutoff_seconds,
            paragraph_minutes=minutes,
            share=self.read_share(),
        )

    def reviews_due_count(self) -> int:
        """Review cards due now, within today's limits."""
        from studyapp.services.review import due_count

        return due_count(self)

    # -- search ------------------------------------------------------------------
    def search(
        self, query: str, material: str | None = None, limit: int = 50, cells: int = 72
    ) -> SearchResults:
        """Find paragraphs holding every word of ``query``, in library order.

        Args:
            query: words separated by spaces; case and full-width letters are ignored.
            material: search only this material.
            limit: most hits to return (``truncated`` tells whether there were more).
            cells: terminal cells each snippet may take (CJK characters take two).
        """
        from studyapp.services.search import search

        return search(self, query, material, limit, cells)

    # -- importing ---------------------------------------------------------------
    def import_paths(
        self,
        paths: list[Path],
        encoding: str | None = None,
        progress: Progress | None = None,
        allow_duplicate: bool = False,
        replace: str | None = None,
    ) -> ImportReport:
        """Import files and folders; each file is imported or refused on its own.

        Args:
            paths: files and folders (searched recursively for supported files).
            encoding: force this encoding instead of detecting one.
            progress: called with (done, total, path) after each file.
            allow_duplicate: import a text the library already holds from another file.
            replace: the id of a material that takes the one file's text (``--replace``);
                raises :class:`~studyapp.services.import_replace.ReplaceError` if it cannot.
        """
        from studyapp.services.imports import import_paths

        return import_paths(self, paths, encoding, progress, allow_duplicate, replace)

    def import_bundled_if_new(self) -> ImportReport | None:
        """On a library that has never imported anything, import the bundled materials."""
        if self.materials.import_log(limit=1) or self.materials.list():
            return None
        from studyapp.services.imports import import_bundled

        return import_bundled(self)

    # -- exports -----------------------------------------------------------------
    def export_anki(self, target: Path, material_ids: list[str] | None = None) -> AnkiExport:
        """Write stored questions as an Anki package (see :mod:`studyapp.services.export`)."""
        from studyapp.services.export.anki import export_anki

        return export_anki(self, target, material_ids)

    def export_csv(self, folder: Path) -> list[CsvFile]:
        """Write sessions, quiz answers, reviews and notes as CSV files into ``folder``."""
        from studyapp.services.export.tables import export_csv

        return export_csv(self, folder)

    def export_json(self, target: Path) -> JsonExport:
        """Write the whole learner's record as one JSON document."""
        from studyapp.services.export.tables import export_json

        return export_json(self, target)

    def export_report(
        self, target: Path, first: dt.date | None = None, last: dt.date | None = None
    ) -> ReportExport:
        """Write the study report (学习记录) for local days ``first`` to ``last`` as Markdown."""
        from studyapp.services.export.report import export_report

        return export_report(self, target, first, last)

    # -- health ------------------------------------------------------------------
    def backup(self, target: Path | None = None) -> BackupFile:
        """Copy the database now (default: a timestamped file in the backups folder)."""
        from studyapp.services.backup import make_backup

        return make_backup(self, target)

    def auto_backup(self) -> AutoBackup | None:
        """The start-up backup: at most one a day, older ones thinned; ``None`` when off.

        The database is checked either way: a damaged one raises
        :class:`~studyapp.services.backup.DatabaseDamaged` naming the backup to restore.
        """
        from studyapp.core.retention import Retention
        from studyapp.services.backup import auto_backup, refuse_damaged

        rule = self.settings.backup
        if self.database_file() is None:
            return None
        if not rule.automatic:
            refuse_damaged(self.locations)
            return None
        return auto_backup(self, Retention(rule.keep_daily, rule.keep_weekly, rule.keep_monthly))

    # -- plans -------------------------------------------------------------------
    def reading_speed(self) -> ReadingSpeed:
        """The learner's reading speed (see :func:`studyapp.services.plans.reading_speed`)."""
        from studyapp.services.plans import reading_speed

        return reading_speed(self)

    def all_plans(self) -> list[StoredPlan]:
        """Every stored plan, its minutes at the learner's reading speed."""
        return self.plans.all(self.reading_speed())

    def add_plan(
        self,
        refs: Sequence[str],
        *,
        name: str | None,
        start: dt.date | None,
        finish_by: dt.date | None,
        minutes_per_day: float | None,
    ) -> StoredPlan:
        """Cut materials into daily assignments and store them as a plan."""
        from studyapp.services.plans import add_plan

        return add_plan(
            self,
            refs,
            name=name,
            start=start,
            finish_by=finish_by,
            minutes_per_day=minutes_per_day,
        )

    def plan_days(
        self,
        refs: Sequence[str],
        start: dt.date | None,
        finish_by: dt.date | None,
        minutes_per_day: float | None,
    ) -> list[Assignment]:
        """The days a plan would have, without storing it (the TUI's preview)."""
        from studyapp.services.plans import plan_days

        return plan_days(self, refs, start, finish_by, minutes_per_day)

    def add_plan_from_file(self, path: Path, today: dt.date | None = None) -> StoredPlan:
        """Store the plan a TOML plan file describes."""
        from studyapp.services.plans import add_plan_from_file

        return add_plan_from_file(self, path, today)

    def find_plan(self, name: str | None) -> StoredPlan:
        """A plan by name or id; without a name, the only plan (raises ``PlanError``)."""
        from studyapp.services.plans import find_plan

        return find_plan(self, name)

    def plan_progress(self, plan: StoredPlan) -> PlanProgress:
        """Each day's state and the units done in a plan."""
        from studyapp.services.plans import plan_progress

        return plan_progress(self, plan)

    def reschedule_plan(self, name: str | None, finish_by: dt.date | None) -> StoredPlan:
        """Spread what is left of a plan over the remaining days."""
        from studyapp.services.plans import reschedule_plan

        return reschedule_plan(self, name, finish_by)

    def today_view(self) -> TodayView:
        """Today's and overdue assignments of every plan, with goal, streak and due reviews."""
        from studyapp.services.plans import today_view

        return today_view(self)

    def stats_view(self) -> StatsView:
        """The statistics from the stored sessions, sections and plans."""
        from studyapp.services.stats import stats_view

        return stats_view(self)

    # -- quiz and review ---------------------------------------------------------
    def quiz_questions(
        self,
        material_id: str,
        *,
        section: str | None = None,
        count: int | None,
        types: Collection[str] | None = None,
        seed: int | None = None,
    ) -> list[Question]:
        """Questions on a material (or one section), flagged and retired ones left out."""
        from studyapp.services.quiz import questions

        return questions(self, material_id, section=section, count=count, types=types, seed=seed)

    def quiz_with_available(
        self,
        material_id: str,
        *,
        section: str | None = None,
        count: int | None,
        types: Collection[str] | None = None,
        seed: int | None = None,
    ) -> tuple[list[Question], int]:
        """Up to ``count`` questions that pass every rule, and how many passed in all."""
        from studyapp.services.quiz import quiz_with_available

        return quiz_with_available(
            self, material_id, section=section, count=count, types=types, seed=seed
        )

    def answer_question(
        self,
        question: Question,
        given: str | Sequence[str],
        *,
        seconds: float,
        hint_used: bool = False,
    ) -> Grade:
        """Grade a quiz answer and store it with the review card it calls for."""
        from studyapp.services.quiz import answer

        return answer(self, question, given, seconds=seconds, hint_used=hint_used)

    def flag_question(self, question: Question, reason: str = "") -> None:
        """Flag a question as bad; it is kept and never asked again."""
        from studyapp.services.quiz import flag

        flag(self, question, reason)

    def review_queue(self) -> list[ReviewItem]:
        """Today's review queue, within the daily limits."""
        from studyapp.services.review import queue

        return queue(self)

    def cram(self, material_id: str, seed: int | None = None) -> list[ReviewItem]:
        """A material's cards in random order, reviewed without touching their schedule."""
        from studyapp.services.review import cram

        return cram(self, material_id, seed)

    def retired_due(self) -> list[RetiredCard]:
        """Suspended cards that would be due now and whose questions were retired."""
        from studyapp.services.review import retired_due

        return retired_due(self)

    def answer_review(
        self,
        item: ReviewItem,
        given: str | Sequence[str],
        *,
        seconds: float,
        hint_used: bool = False,
        rating: Rating | None = None,
    ) -> ReviewResult:
        """Grade a review answer, rate it (unless ``rating`` is given), schedule the card."""
        from studyapp.services.review import answer

        return answer(self, item, given, seconds=seconds, hint_used=hint_used, rating=rating)

    def rerate(self, item: ReviewItem, result: ReviewResult, rating: Rating) -> ReviewResult:
        """Change the rating of the review just made."""
        from studyapp.services.review import rerate

        return rerate(self, item, result, rating)

    def undo_review(self, result: ReviewResult | None = None) -> CardState | None:
        """Take back ``result``'s review, or else the latest review."""
        from studyapp.services.review import undo_last

        return undo_last(self, result)

    # -- the learner's record as JSON, on a server ----------------------------------------
    def backup_record(self, target: Path | None = None) -> RecordFile:
        """Write the connecting learner's record as a JSON file (a server's backup)."""
        from studyapp.services.record_io import backup_record

        return backup_record(self, target)

    def restore_record(self, source: Path) -> RecordFile:
        """Replace the connecting learner's record with a JSON record, in one transaction."""
        from studyapp.services.record_io import restore_record

        return restore_record(self, source)

    def transfer_record(self, url: str) -> Transfer:
        """Copy this local record into the server at ``url`` as the connecting learner."""
        from studyapp.services.record_io import transfer

        return transfer(self, url)


def source_path(source: str) -> Path:
    """The file a material's ``source`` key points at (bundled ones live in the package)."""
    if source.startswith(BUNDLED_PREFIX):
        return bundled_materials_dir() / source.removeprefix(BUNDLED_PREFIX)
    return Path(source)
