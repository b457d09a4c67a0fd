"""Crafted hostile backups and damaged database files for the backup and restore tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from studyapp.locations import Locations
from studyapp.services import StudyService
from tests.conftest import FIXED_NOW

MATERIAL = "study-campaign-guide"
NOTE = "心得：先通读，再精读。"


def database(locations: Locations) -> Path:
    """The library's SQLite file."""
    return locations.data_dir / "studyapp.sqlite"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """The rows ``sql`` returns from the database at ``path``."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def library_with_history(locations: Locations) -> StudyService:
    """An open library with the bundled materials, one reading session and one note."""
    service = StudyService.open(locations, lambda: FIXED_NOW)
    service.import_bundled_if_new()
    service.start_reading(MATERIAL, "1", "zh").close()
    service.save_note(MATERIAL, service.material(MATERIAL).sections[0].anchor, NOTE)
    return service


def _edit(path: Path, *statements: str, writable_schema: bool = False) -> None:
    with closing(sqlite3.connect(path)) as connection, connection:
        if writable_schema:
            connection.execute("PRAGMA writable_schema=ON")
        for statement in statements:
            connection.execute(statement)


WIPE = "BEGIN DELETE FROM review_log; DELETE FROM note; DELETE FROM plan; END"

# Each attack turns a good backup into a hostile one; every one must be refused.
ATTACKS: dict[str, Callable[[Path], None]] = {
    "extra trigger": lambda p: _edit(p, f"CREATE TRIGGER wipe AFTER INSERT ON quiz_answer {WIPE}"),
    "replaced search trigger": lambda p: _edit(
        p,
        "DROP TRIGGER paragraph_fts_insert",
        f"CREATE TRIGGER paragraph_fts_insert AFTER INSERT ON paragraph {WIPE}",
    ),
    "view": lambda p: _edit(p, "CREATE VIEW everything AS SELECT * FROM note"),
    "table replaced by a view": lambda p: _edit(
        p, "DROP TABLE note", "CREATE VIEW note AS SELECT 1 AS material_id"
    ),
    "missing table": lambda p: _edit(p, "DROP TABLE review_log"),
    "extra table": lambda p: _edit(p, "CREATE TABLE evil (id INTEGER)"),
    "extra column": lambda p: _edit(p, "ALTER TABLE note ADD COLUMN payload TEXT"),
    "bad timestamp text": lambda p: _edit(p, "UPDATE note SET updated_at = 'yesterday'"),
    "text in a number column": lambda p: _edit(
        p, "UPDATE reading_session SET active_seconds = 'a lot'"
    ),
    "control characters": lambda p: _edit(p, "UPDATE note SET text = 'x' || char(27) || '[2J'"),
    "broken reference": lambda p: _edit(
        p, "PRAGMA foreign_keys=OFF", "UPDATE note SET material_id = 'nowhere'"
    ),
    "trigger named like sqlite's own": lambda p: _edit(
        p,
        "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger',"
        " 'sqlite_wipe', 'quiz_answer', 0, 'CREATE TRIGGER sqlite_wipe AFTER INSERT ON"
        f" quiz_answer {WIPE}')",
        writable_schema=True,
    ),
    "another application's alembic database at 0001": lambda p: _foreign_alembic(p),
}


def _foreign_alembic(path: Path) -> None:
    path.unlink()
    _edit(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('0001')",
        "CREATE TABLE material (id TEXT PRIMARY KEY, name TEXT)",
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)",
    )


def _page_size(path: Path) -> int:
    return rows(path, "PRAGMA page_size")[0][0]  # type: ignore[return-value]


def _root_page(path: Path, name: str) -> int:
    return rows(path, f"SELECT rootpage FROM sqlite_master WHERE name = '{name}'")[0][0]  # type: ignore[return-value]


def _overwrite_page(path: Path, page: int, filler: bytes) -> None:
    size = _page_size(path)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write((filler * size)[:size])


def _truncate(path: Path, keep: Callable[[int, int], int]) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: keep(len(data), _page_size(path))])


# Six kinds of damage to a database file, each of which SQLite's checks must notice.
DAMAGE: dict[str, Callable[[Path], None]] = {
    "bad header": lambda p: _overwrite_at(p, 0, b"Not SQLite at all"),
    "bad page size": lambda p: _overwrite_at(p, 16, b"\x00\x03"),
    "garbage table page": lambda p: _overwrite_page(p, _root_page(p, "paragraph"), b"\xa5\x5a"),
    "zeroed index page": lambda p: _overwrite_page(
        p, _root_page(p, "ix_paragraph_section_id"), b"\0"
    ),
    "truncated to half": lambda p: _truncate(p, lambda n, _size: n // 2),
    "last page cut off": lambda p: _truncate(p, lambda n, size: n - size),
}


def _overwrite_at(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(data)
