"""The one error handler: what each kind of failure becomes, and where its traceback goes."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import NoSuchModuleError, OperationalError

from studyapp.cli import errors
from studyapp.i18n import set_language
from studyapp.locations import Locations
from tests.ui_helpers import build_app, settle


class _ServerError(Exception):
    """What psycopg raises: the server's message, with its SQLSTATE."""

    def __init__(self, sqlstate: str, message: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _server(sqlstate: str, message: str) -> OperationalError:
    return OperationalError("SELECT …", {}, _ServerError(sqlstate, message))


@pytest.mark.parametrize(
    ("error", "fragment", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/x/out.json"), "free some disk", 1),
        (OSError(errno.EROFS, "Read-only file system", "/x"), "read-only", 1),
        (OSError(errno.ENAMETOOLONG, "File name too long", "/x/" + "n" * 300), "shorter path", 1),
        (OSError(errno.EACCES, "Permission denied", "/x"), "permissions", 1),
        (sqlite3.DatabaseError("database disk image is malformed"), "studyapp doctor", 2),
        (OperationalError("s", {}, sqlite3.OperationalError("database is locked")), "busy", 2),
        (NoSuchModuleError("Can't load plugin: sqlalchemy.dialects:foo"), "--db", 2),
        (ModuleNotFoundError("No module named 'psycopg'", name="psycopg"), "driver", 2),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "UTF-8", 2),
        (ValueError("cannot convert float NaN to integer"), "numbers and dates", 2),
        (OverflowError("date value out of range"), "numbers and dates", 2),
        (RuntimeError("a bug"), "report it", errors.UNEXPECTED),
        (_server("42501", "permission denied for table material"), "permission denied", 2),
        (_server("42501", "permission denied for table material"), "add-learner", 2),
        (_server("40P01", "deadlock detected"), "busy", 2),
        (_server("55P03", "canceling statement due to lock timeout"), "try again", 2),
        (_server("08006", "server closed the connection unexpectedly"), "running", 2),
        (_server("28P01", "password authentication failed"), "password", 2),
        (_server("53300", "too many clients already"), "out of resources", 2),
        (_server("22P02", "invalid input syntax"), "cannot be used", 2),
    ],
)
def test_each_failure_has_a_hint_and_a_code(error: BaseException, fragment: str, code: int) -> None:
    failure = errors.describe(error)
    assert fragment in failure.message + failure.hint
    assert failure.code == code


def test_the_line_is_translated_and_names_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors.remember_log_file(tmp_path / "studyapp.log")
    set_language("zh_CN")
    try:
        raise OSError(errno.ENOSPC, "No space left on device", "/x/a.json")
    except OSError as error:
        code = errors.report(error)
    finally:
        set_language("en")
    line = capsys.readouterr().err
    assert code == 1 and line.count("\n") == 1
    assert "磁盘" in line and str(tmp_path / "studyapp.log") in line
    logged = (tmp_path / "studyapp.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and "test_the_line_is_translated" in logged


def test_an_unwritable_log_goes_to_the_temporary_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    errors.remember_log_file(tmp_path / "missing-folder" / "studyapp.log")
    errors.report(RuntimeError("boom"))
    line = capsys.readouterr().err
    logged = Path(line.rsplit("(details: ", 1)[1].rstrip(")\n"))
    try:
        assert logged.parent != tmp_path and logged.name.startswith("studyapp-error-")
        assert "RuntimeError: boom" in logged.read_text(encoding="utf-8")
    finally:
        logged.unlink()


async def test_an_error_inside_the_tui_is_kept_for_the_one_line(locations: Locations) -> None:
    app = build_app(locations)
    with pytest.raises(RuntimeError, match="inside a handler"):
        async with app.run_test() as pilot:
            await settle(pilot)

            def fail() -> None:
                raise RuntimeError("inside a handler")

            app.call_later(fail)
            await settle(pilot)
    assert isinstance(app.failure, RuntimeError)
    assert app.return_code == 1


def test_a_servers_refusal_is_one_localized_line(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("zh_CN")
    try:
        code = errors.report(_server("42501", "permission denied for table plan"))
    finally:
        set_language("en")
    line = capsys.readouterr().err
    assert code == 2 and line.count("\n") == 1
    assert "拒绝" in line and "permission denied for table plan" in line
