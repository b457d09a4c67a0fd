"""Backups of the learner's database: on demand, automatically once a day, and restoring one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shlex
import shutil
import sqlite3
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.retention import Retention, backups_to_keep
from studyapp.db.backup import (
    DatabaseFileError,
    check_database,
    copy_database,
    damage,
    restore_into,
)
from studyapp.db.backup import (
    DatabaseSummary as DatabaseSummary,  # named by the CLI, which may not import db
)
from studyapp.db.migrate import HEAD, REVISIONS, sqlite_file
from studyapp.db.rebuild import rebuild_database
from studyapp.services.backup_checks import newest_good, record_check, remove_backup
from studyapp.services.files import atomic_write

if TYPE_CHECKING:
    from studyapp.locations import Locations
    from studyapp.services import StudyService

AUTO_NAME = re.compile(r"^auto-(\d{4}-\d{2}-\d{2})\.sqlite$")
log = logging.getLogger("studyapp")


class BackupError(RuntimeError):
    """A backup or restore could not be done; nothing was changed. The message says why."""


class DatabaseDamaged(BackupError):
    """The library's database (or a copy of it) failed its integrity check."""


@dataclass(frozen=True)
class BackupFile:
    """A backup on disk and what it holds."""

    path: Path
    size: int
    summary: DatabaseSummary


@dataclass(frozen=True)
class AutoBackup:
    """What the automatic backup did at start: the new file, if any, and what it thinned."""

    created: Path | None
    removed: tuple[Path, ...]


@dataclass(frozen=True)
class RestoreResult:
    """A finished restore: what was restored and where the replaced database was kept."""

    restored: BackupFile
    previous: Path | None
    upgraded: bool


def live_database(locations: Locations) -> Path:
    """The SQLite file of this library.

    Raises:
        BackupError: the library is not an SQLite file (another server, or ``:memory:``).
    """
    path = sqlite_file(locations.db_url)
    if path is None:
        raise BackupError(
            "backup and restore work on SQLite files; use your database server's own tools"
        )
    return path


def make_backup(
    service: StudyService, target: Path | None = None, *, source_checked: bool = False
) -> BackupFile:
    """Copy the library's database to ``target`` (default: a timestamped file in backups/).

    Consistent while the app is running. The database is checked first and the copy is
    checked in a temporary file before it replaces anything, so a damaged database never
    overwrites a good backup. Only a new path or a regular file is written; the file is
    readable by its owner only.

    Raises:
        BackupError: the database is damaged, or ``target`` cannot take a backup.
    """
    locations = service.locations
    source = live_database(locations)
    if target is None:
        stamp = service.clock().astimezone(service.tz).strftime("%Y%m%d-%H%M%S")
        target = locations.backup_dir / f"studyapp-{stamp}.sqlite"
    _refuse_target(target, source)
    if not source_checked:
        refuse_damaged(locations, source)
    summaries: list[DatabaseSummary] = []
    atomic_write(
        target,
        lambda temporary: summaries.append(_copy_checked(source, temporary)),
        private=True,
    )
    if _in_folder(target, locations.backup_dir):
        record_check(target, True)
    return BackupFile(target, target.stat().st_size, summaries[0])


def _refuse_target(target: Path, source: Path) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name")
    try:
        mode: int | None = target.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise BackupError(f"{target} is not a regular file; a backup only replaces regular files")
    if target.resolve() == source.resolve():
        raise BackupError("the backup cannot overwrite the database itself")


def refuse_damaged(locations: Locations, source: Path | None = None) -> None:
    """Raise :class:`DatabaseDamaged` (naming the backup to restore) if the database is damaged.

    A database that does not exist yet is not damaged.
    """
    source = source or live_database(locations)
    if not source.exists():
        return
    reason = damage(source)
    if reason is not None:
        raise DatabaseDamaged(
            f"the database is damaged ({reason}); no backup was written. " + restore_hint(locations)
        )


def _copy_checked(source: Path, temporary: Path) -> DatabaseSummary:
    os.chmod(temporary, 0o600)
    try:
        copy_database(source, temporary)
        return check_database(temporary, REVISIONS)
    except (sqlite3.Error, DatabaseFileError) as error:
        raise DatabaseDamaged(
            f"the copy failed its check ({error}); nothing was replaced"
        ) from error


def _in_folder(path: Path, folder: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def describe(path: Path, *, schema: bool = False) -> BackupFile:
    """Check a backup and say what it holds.

    Args:
        path: the backup file.
        schema: also require studyapp's exact tables and columns and no foreign trigger
            or view (what a restore needs).

    Raises:
        BackupError: it is missing, damaged, not studyapp's, or from a newer version.
    """
    try:
        summary = check_database(path, REVISIONS, schema=schema)
    except DatabaseFileError as error:
        raise BackupError(f"{path.name}: {error}") from error
    return BackupFile(path, path.stat().st_size, summary)


def auto_backup(service: StudyService, retention: Retention | None = None) -> AutoBackup:
    """Back up once per local day (``auto-YYYY-MM-DD.sqlite``) and thin the older ones.

    The database is checked at every start; a damaged one is not backed up and nothing
    is thinned (:class:`DatabaseDamaged` says which backup to restore).
    """
    folder = service.locations.backup_dir
    refuse_damaged(service.locations)
    target = folder / f"auto-{service.local_day().isoformat()}.sqlite"
    created = None
    if not target.exists():
        make_backup(service, target, source_checked=True)
        created = target
    removed = thin_backups(folder, retention or Retention())
    return AutoBackup(created, removed)


def thin_backups(folder: Path, retention: Retention) -> tuple[Path, ...]:
    """Delete the automatic backups the retention rule no longer keeps; others are untouched.

    The newest automatic backup that passed its check is always kept.
    """
    automatic = _automatic_backups(folder)
    keep = backups_to_keep(automatic, retention)
    good = newest_good(automatic[day] for day in sorted(automatic, reverse=True))
    removed = tuple(
        path for day, path in sorted(automatic.items()) if day not in keep and path != good
    )
    for path in removed:
        remove_backup(path)
    return removed


def _automatic_backups(folder: Path) -> dict[dt.date, Path]:
    found: dict[dt.date, Path] = {}
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = AUTO_NAME.match(path.name)
        if match:
            try:
                found[dt.date.fromisoformat(match.group(1))] = path
            except ValueError:
                continue
    return found


def newest_good_backup(locations: Locations, check_unknown: bool = False) -> Path | None:
    """The newest file in the backups folder that passed its check, if any.

    Args:
        locations: the library's places.
        check_unknown: check backups that have no recorded check (slow; for ``doctor``).
    """
    return newest_good(list_backups(locations), check_unknown)


def database_damage(locations: Locations, *, quick: bool = False) -> str | None:
    """Why the library's SQLite file is damaged, or ``None`` (whole, missing, or a server).

    ``quick``: page structure only (see :func:`studyapp.db.backup.damage`).
    """
    path = sqlite_file(locations.db_url)
    if path is None or not path.is_file():  # missing, or a folder: opening it will say why
        return None
    return damage(path, quick=quick)


def restore_hint(locations: Locations, check_unknown: bool = False) -> str:
    """One sentence naming the newest good backup and the command that restores it."""
    newest = newest_good_backup(locations, check_unknown)
    if newest is None:
        return "No checked backup was found in the backups folder."
    return (
        f"The newest good backup is {newest}; to restore it, quit studyapp and run: "
        f"studyapp restore {shlex.quote(str(newest))}"
    )


def list_backups(locations: Locations) -> list[Path]:
    """The backup files in the backups folder, newest first."""
    folder = locations.backup_dir
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.sqlite") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def current_summary(locations: Locations) -> DatabaseSummary | None:
    """What the library's database holds now, or ``None`` if it is missing or unreadable."""
    path = live_database(locations)
    try:
        return check_database(path, REVISIONS)
    except DatabaseFileError:
        return None


def restore(locations: Locations, source: Path, now: dt.datetime) -> RestoreResult:
    """Replace the library's database with the record in the backup at ``source``.

    The backup is checked (integrity, schema version, exact tables and columns, no
    foreign trigger or view). A new database is then built by studyapp's migrations and
    the backup's rows are copied in one by one, each value checked; only when that
    succeeds is the current database copied to ``backups/before-restore-….sqlite`` and
    replaced.

    Raises:
        BackupError: the backup cannot be used; the library was not changed.
    """
    restored = describe(source, schema=True)
    live = live_database(locations)
    if live.exists() and live.resolve() == source.resolve():
        raise BackupError("that file is the library's database itself")
    live.parent.mkdir(parents=True, exist_ok=True)
    rebuilt = live.with_name(f".restore-{uuid.uuid4().hex}.sqlite")
    try:
        _rebuild(source, rebuilt, restored.summary.revision)
        previous = _keep_previous(live, locations.backup_dir, now)
        _replace(rebuilt, live)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{rebuilt}{suffix}").unlink(missing_ok=True)
    return RestoreResult(restored, previous, restored.summary.revision != HEAD)


def _rebuild(source: Path, rebuilt: Path, revision: str) -> None:
    try:
        rebuild_database(source, rebuilt, revision)
        check_database(rebuilt, (HEAD,))
    except (DatabaseFileError, sqlite3.Error) as error:
        raise BackupError(f"{source.name}: {error}") from error


def _keep_previous(live: Path, folder: Path, now: dt.datetime) -> Path | None:
    if not live.exists():
        return None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"before-restore-{stamp}.sqlite"
    try:
        atomic_write(target, lambda temporary: copy_database(live, temporary), private=True)
    except Exception as error:  # a damaged database: keep its bytes as they are
        log.warning("copying the damaged database with the backup API failed: %s", error)
        atomic_write(target, lambda temporary: shutil.copyfile(live, temporary), private=True)
    reason = damage(target)
    record_check(target, reason is None, reason)
    return target


def _replace(source: Path, live: Path) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    try:
        restore_into(source, live)
    except Exception as error:  # the live file is damaged beyond SQLite's reach: swap files
        log.warning("restoring through the backup API failed (%s); replacing the file", error)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        atomic_write(live, lambda temporary: shutil.copyfile(source, temporary))
