"""Backups as the portable JSON record on a server, restoring one, and ``transfer --to``.

On PostgreSQL ``backup`` writes the connecting learner's record (``export json``'s
format) and ``restore`` replaces that learner's rows with a record's, in one transaction;
``transfer`` copies a local SQLite record into a server as the connecting learner. All
three stream: memory is bounded by a batch of rows, not by the size of the record.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from studyapp import __version__
from studyapp.core.export.record import record_header, stream_record
from studyapp.core.export.record_reader import NewerRecord, RecordError, read_record
from studyapp.db.engine import make_engine, write_session, write_transaction
from studyapp.db.material_copy import copy_materials
from studyapp.db.migrate import HEAD, REVISIONS, current_revision
from studyapp.db.postgres import UnsupportedDatabase, check_encoding, is_postgres
from studyapp.db.record_load import RecordLoadError, delete_own_rows, load_tables, own_rows
from studyapp.db.record_repo import RecordRepository
from studyapp.i18n import _
from studyapp.services.files import atomic_write

if TYPE_CHECKING:
    from studyapp.locations import Locations
    from studyapp.services import StudyService


class RecordIOError(RuntimeError):
    """A record backup, restore or transfer could not be done; nothing was changed."""


@dataclass(frozen=True)
class RecordFile:
    """A JSON record on disk and its header (``counts`` among its fields)."""

    path: Path
    size: int
    header: dict[str, Any]


def on_server(locations: Locations) -> bool:
    """Whether the library's database is a PostgreSQL server (backups are JSON records)."""
    try:
        return is_postgres(locations.db_url)
    except ArgumentError:
        return False


def list_record_backups(locations: Locations) -> list[Path]:
    """The JSON records in the backups folder (a server's backups), newest first."""
    folder = locations.backup_dir
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.json") if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def looks_like_record(path: Path) -> bool:
    """Whether ``path`` starts like a JSON document (a record, not a SQLite file).

    Only a regular file is opened (a FIFO would block; a device is not a record).
    """
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return start.startswith(b"{")


def backup_record(service: StudyService, target: Path | None = None) -> RecordFile:
    """Write the connecting learner's record to ``target`` (default: a dated file in backups/).

    Streamed a batch of rows at a time; written to a temporary file and renamed, readable
    by its owner only (it holds private notes).
    """
    if target is None:
        stamp = service.clock().astimezone(service.tz).strftime("%Y%m%d-%H%M%S")
        target = service.locations.backup_dir / f"studyapp-{stamp}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
    _refuse_target(target)
    headers: list[dict[str, Any]] = []

    def write(temporary: Path) -> None:
        with (
            RecordRepository(service.engine).stream() as (counts, tables),
            temporary.open("w", encoding="utf-8", newline="") as handle,
        ):
            header = record_header(
                counts,
                exported_at=service.clock(),
                schema_revision=service.schema.revision or HEAD,
                app_version=__version__,
                timezone=str(service.tz),
            )
            headers.append(header)
            stream_record(handle.write, header, tables)

    atomic_write(target, write, private=True)
    return RecordFile(target, target.stat().st_size, headers[0])


def _refuse_target(target: Path) -> None:
    if target.is_dir():
        raise RecordIOError(_("{path} is a folder; give a file name").format(path=target))
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode) and not (stat.S_ISLNK(mode) and target.is_file()):
        raise RecordIOError(
            _("{path} is not a regular file; a backup only replaces regular files").format(
                path=target
            )
        )


def describe_record(path: Path) -> RecordFile:
    """Read a record's header (not its rows).

    Raises:
        RecordIOError: missing, not a studyapp record, or from a newer studyapp.
    """
    with _opened(path) as handle:
        header = _header(path, handle)
    return RecordFile(path, path.stat().st_size, header)


def restore_record(service: StudyService, source: Path) -> RecordFile:
    """Replace the connecting learner's record with the one in ``source``.

    One transaction: the learner's own rows (and only theirs, by owner) are deleted and
    the record's rows inserted, each value checked; any problem rolls everything back.
    Other learners keep writing meanwhile (only the learner's own lock is taken).

    Raises:
        RecordIOError: the file cannot be used; nothing was changed.
    """
    header = describe_record(source).header
    with _opened(source) as handle:
        _header_again, tables = read_record(handle)
        try:
            # One transaction holding only the learner's lock: the rows are keyed by owner
            # and their ids come from sequences, so other learners never wait; the
            # learner's own other writers (a review in another window) wait for it.
            with write_transaction(service.engine, "learner") as connection:
                delete_own_rows(connection)
                counts = load_tables(connection, tables)
        except (RecordError, RecordLoadError, UnicodeDecodeError) as error:
            raise RecordIOError(f"{source.name}: {error}") from None
        except DBAPIError as error:
            raise RecordIOError(f"{source.name}: {_reason(error)}") from None
    return RecordFile(source, source.stat().st_size, {**header, "counts": counts})


@dataclass(frozen=True)
class Transfer:
    """What ``transfer`` copied: rows per table, and the materials added to the server."""

    counts: dict[str, int]
    materials_copied: tuple[str, ...]


def transfer(service: StudyService, url: str) -> Transfer:
    """Copy the local record into the server at ``url`` as the connecting learner.

    Refused when this library is not a local SQLite file, the server cannot be reached,
    is not UTF-8 or not initialised, or already holds a record for this learner (a second
    run never doubles anything). Materials the server lacks are copied whole.
    """
    if on_server(service.locations):
        raise RecordIOError(_("this library is already on a server; transfer copies a local one"))
    target = _server(url)
    copied: list[str] = []

    def copy(connection: Any, rows: list[dict[str, Any]]) -> None:
        copy_materials(service.engine, connection, rows)
        copied.extend(row["id"] for row in rows)

    try:
        _ready(target)
        with write_session(target) as session:
            connection = session.connection()
            held = sum(own_rows(connection).values())
            if held:
                raise RecordIOError(
                    _(
                        "the server already holds a record for this learner ({rows} rows); "
                        "transfer copies only into an empty record (to replace it, restore "
                        "a backup there)"
                    ).format(rows=held)
                )
            with RecordRepository(service.engine).stream() as (_counts, tables):
                counts = load_tables(connection, tables, copy)
    except RecordLoadError as error:
        raise RecordIOError(str(error)) from None
    except DBAPIError as error:
        raise RecordIOError(
            _("the server refused: {reason}").format(reason=_reason(error))
        ) from None
    finally:
        target.dispose()
    return Transfer(counts, tuple(copied))


def _server(url: str) -> Any:
    try:
        if not is_postgres(url):
            raise RecordIOError(_("--to takes a PostgreSQL URL (postgresql://ROLE@HOST/DATABASE)"))
        return make_engine(url)
    except (ArgumentError, NoSuchModuleError) as error:
        raise RecordIOError(
            _("--to is not a database URL ({reason})").format(reason=error)
        ) from None


def _ready(target: Any) -> None:
    try:
        check_encoding(target)
    except UnsupportedDatabase as error:
        raise RecordIOError(str(error)) from None
    revision = current_revision(target)
    if revision != HEAD:
        if revision is None:
            raise RecordIOError(
                _(
                    "the server's database is not initialised; its owner runs "
                    "`studyapp server init` first"
                )
            )
        raise RecordIOError(
            _(
                "the server's database is at schema {found}, not {head}; its owner runs "
                "`studyapp server init` with this version first"
            ).format(found=revision, head=HEAD)
        )


def _reason(error: DBAPIError) -> str:
    return " ".join(str(error.orig or error).split())[:300]


class _opened:
    """``open(path)`` as UTF-8 text, its errors as :class:`RecordIOError`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Any:
        if self.path.is_dir() or (self.path.exists() and not self.path.is_file()):
            raise RecordIOError(_("{name} is not a regular file").format(name=self.path.name))
        try:
            self.handle = self.path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise RecordIOError(_("{name}: no such file").format(name=self.path.name)) from None
        return self.handle

    def __exit__(self, *_exc: object) -> None:
        self.handle.close()


def _header(path: Path, handle: Any) -> dict[str, Any]:
    not_record = _("{name} is not a studyapp record ({detail})")
    newer = _("{name} was written by a newer studyapp ({detail})")
    try:
        header, _rows = read_record(handle)
    except NewerRecord as error:
        raise RecordIOError(newer.format(name=path.name, detail=error)) from None
    except RecordError as error:
        raise RecordIOError(not_record.format(name=path.name, detail=error)) from None
    except UnicodeDecodeError:
        raise RecordIOError(not_record.format(name=path.name, detail="not UTF-8")) from None
    revision = header.get("schema_revision")
    if revision not in REVISIONS:
        detail = f"schema {revision!r}"
        raise RecordIOError(newer.format(name=path.name, detail=detail))
    return header
