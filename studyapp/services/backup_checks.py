"""Each backup's check result, recorded beside it when it is made.

``NAME.sqlite.check.json`` says whether ``NAME.sqlite`` passed its integrity check, for
the file's exact size and modification time. Start-up and thinning read these small
records instead of checking every backup again; a file changed since its check counts
as unchecked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from studyapp.db.backup import DatabaseFileError, check_database
from studyapp.db.migrate import REVISIONS
from studyapp.services.files import atomic_write_text

SUFFIX = ".check.json"
log = logging.getLogger("studyapp")


def record_path(backup: Path) -> Path:
    """Where the check record of ``backup`` lives."""
    return backup.with_name(backup.name + SUFFIX)


def record_check(backup: Path, ok: bool, reason: str | None = None) -> None:
    """Record that ``backup`` as it is now passed (or failed) its check."""
    stat = backup.stat()
    data = {"ok": ok, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "reason": reason}
    try:
        atomic_write_text(record_path(backup), json.dumps(data) + "\n")
    except OSError as error:  # the backup itself is fine; only the shortcut is lost
        log.warning("could not record the check of %s: %s", backup.name, error)


def recorded_ok(backup: Path) -> bool | None:
    """The recorded check of ``backup``: ``True``/``False``, or ``None`` if unchecked or changed."""
    try:
        data = json.loads(record_path(backup).read_text(encoding="utf-8"))
        stat = backup.stat()
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    if data.get("bytes") != stat.st_size or data.get("mtime_ns") != stat.st_mtime_ns:
        return None
    return data.get("ok") is True


def remove_backup(backup: Path) -> None:
    """Delete a backup and its check record."""
    backup.unlink(missing_ok=True)
    record_path(backup).unlink(missing_ok=True)


def newest_good(candidates: Iterable[Path], check_unknown: bool = False) -> Path | None:
    """The newest of ``candidates`` (newest first) that passed its check.

    Args:
        candidates: backup files, newest first.
        check_unknown: check files without a record now (and record the result); when
            false, only recorded checks count, so nothing large is read.
    """
    for path in candidates:
        ok = recorded_ok(path)
        if ok is None and check_unknown:
            ok = _check_now(path)
        if ok:
            return path
    return None


def _check_now(path: Path) -> bool:
    try:
        check_database(path, REVISIONS)
    except DatabaseFileError as error:
        record_check(path, False, str(error))
        return False
    record_check(path, True)
    return True
