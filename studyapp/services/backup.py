"""Backups of the learner's database: on demand, automatically once a day, and restoring one."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.core.retention import Retention, backups_to_keep
from studyapp.db.backup import (
    DatabaseFileError,
    DatabaseSummary,
    check_database,
    copy_database,
    restore_into,
)
from studyapp.db.migrate import REVISIONS, ensure_schema, sqlite_file
from studyapp.services.files import atomic_write

if TYPE_CHECKING:
    from studyapp.locations import Locations
    from studyapp.services import StudyService

AUTO_NAME = re.compile(r"^auto-(\d{4}-\d{2}-\d{2})\.sqlite$")
log = logging.getLogger("studyapp")


class BackupError(RuntimeError):
    """A backup or restore could not be done; nothing was changed. The message says why."""


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


def make_backup(service: StudyService, target: Path | None = None) -> BackupFile:
    """Copy the library's database to ``target`` (default: a timestamped file in backups/).

    Consistent while the app is running; the file appears atomically and is checked.
    """
    source = live_database(service.locations)
    if target is None:
        stamp = service.clock().astimezone(service.tz).strftime("%Y%m%d-%H%M%S")
        target = service.locations.backup_dir / f"studyapp-{stamp}.sqlite"
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name")
    if target.resolve() == source.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    atomic_write(target, lambda temporary: copy_database(source, temporary))
    return describe(target)


def describe(path: Path) -> BackupFile:
    """Check a backup and say what it holds.

    Raises:
        BackupError: it is missing, damaged, not studyapp's, or from a newer version.
    """
    try:
        summary = check_database(path, REVISIONS)
    except DatabaseFileError as error:
        raise BackupError(f"{path.name}: {error}") from error
    return BackupFile(path, path.stat().st_size, summary)


def auto_backup(service: StudyService, retention: Retention | None = None) -> AutoBackup:
    """Back up once per local day (``auto-YYYY-MM-DD.sqlite``) and thin the older ones."""
    folder = service.locations.backup_dir
    today = service.local_day()
    target = folder / f"auto-{today.isoformat()}.sqlite"
    created = None
    if not target.exists():
        make_backup(service, target)
        created = target
    removed = thin_backups(folder, retention or Retention())
    return AutoBackup(created, removed)


def thin_backups(folder: Path, retention: Retention) -> tuple[Path, ...]:
    """Delete the automatic backups the retention rule no longer keeps; others are untouched."""
    automatic = _automatic_backups(folder)
    keep = backups_to_keep(automatic, retention)
    removed = tuple(path for day, path in sorted(automatic.items()) if day not in keep)
    for path in removed:
        path.unlink(missing_ok=True)
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
    """Replace the library's database with the backup at ``source``.

    The backup is checked first (integrity, schema version); the current database is
    copied to ``backups/before-restore-….sqlite``; an older schema is then upgraded.

    Raises:
        BackupError: the backup cannot be used; the library was not changed.
    """
    restored = describe(source)
    live = live_database(locations)
    if live.exists() and live.resolve() == source.resolve():
        raise BackupError("that file is the library's database itself")
    previous = _keep_previous(live, locations.backup_dir, now)
    _replace(source, live)
    upgraded = _upgrade(locations, now)
    return RestoreResult(restored, previous, upgraded)


def _keep_previous(live: Path, folder: Path, now: dt.datetime) -> Path | None:
    if not live.exists():
        return None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"before-restore-{stamp}.sqlite"
    try:
        atomic_write(target, lambda temporary: copy_database(live, temporary))
    except Exception as error:  # a damaged database: keep its bytes as they are
        log.warning("copying the damaged database with the backup API failed: %s", error)
        atomic_write(target, lambda temporary: shutil.copyfile(live, temporary))
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


def _upgrade(locations: Locations, now: dt.datetime) -> bool:
    from studyapp.db.engine import make_engine

    engine = make_engine(locations.db_url)
    try:
        return ensure_schema(engine, locations.backup_dir, now).action == "upgraded"
    finally:
        engine.dispose()
