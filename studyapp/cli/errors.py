"""The one error handler at the top of the CLI and the TUI: one line, a hint, an exit code.

Every expected failure (a file or folder that cannot be read or written, a full or
read-only disk, a damaged or unusable database, bytes that are not valid UTF-8, a bad
value) becomes ``studyapp: WHAT — HINT (details: LOG)`` on stderr in the UI language, and
the traceback goes to the log file that line names: the data dir's ``studyapp.log``, or,
when that cannot be written, a new file in the system's temporary folder.

Exit codes (the README's table): 1 a file or folder could not be used, 2 a bad request or
a database that cannot be used, 70 an unexpected error (a bug), 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studyapp.i18n import _

FILE_ERROR = 1
BAD_REQUEST = 2
UNEXPECTED = 70
INTERRUPTED = 130

_log_file: Path | None = None


def remember_log_file(path: Path) -> None:
    """Where the traceback of a failure in this run should go first."""
    global _log_file
    _log_file = path


@dataclass(frozen=True)
class Failure:
    """What the user is told about one error."""

    message: str
    hint: str
    code: int


def _os_hint(error: OSError) -> str:
    hints = {
        errno.ENOSPC: _("free some disk space and try again"),
        errno.EDQUOT: _("free some disk space and try again"),
        errno.EFBIG: _(
            "the file grew past the size this system allows; free space or use another disk"
        ),
        errno.EROFS: _("the disk is mounted read-only; choose another folder with --data-dir"),
        errno.EACCES: _("check the folder's permissions, or choose another with --data-dir"),
        errno.EPERM: _("check the folder's permissions, or choose another with --data-dir"),
        errno.ENOENT: _("check that the path and its parent folders exist"),
        errno.ENOTDIR: _("a part of the path is a file, not a folder"),
        errno.EISDIR: _("give a file name, not a folder"),
        errno.ENAMETOOLONG: _("use a shorter path (at most 255 bytes per name)"),
        errno.ELOOP: _("the path has a symbolic link loop"),
    }
    return hints.get(error.errno or 0, _("check the path and try again"))


def _os_failure(error: OSError) -> Failure:
    from studyapp.core.text import strip_controls

    reason = error.strerror or str(error)
    where = error.filename if error.filename is not None else None
    if where is not None:
        shown = strip_controls(os.fsdecode(where))
        message = _("{path}: {reason}").format(path=shown, reason=reason)
    else:
        message = strip_controls(str(error) or reason)
    return Failure(message, _os_hint(error), FILE_ERROR)


def _busy(text: str) -> Failure:
    return Failure(
        _("the database is busy ({reason})").format(reason=text),
        _("another studyapp is writing; try again in a moment"),
        BAD_REQUEST,
    )


def _server_failure(code: str, text: str) -> Failure | None:
    """The line for a PostgreSQL server's SQLSTATE ``code``; ``None`` for the generic one."""
    if code == "42501":
        return Failure(
            _("the server refused this: permission denied ({reason})").format(reason=text),
            _("your role lacks the grant; ask the server's owner (studyapp server add-learner)"),
            BAD_REQUEST,
        )
    if code in ("40001", "40P01", "55P03") or (code == "57014" and "lock" in text.lower()):
        return _busy(text)  # still failing after the retries, or a lock wait timed out
    if code.startswith("08") or code in ("57P01", "57P02", "57P03"):
        return Failure(
            _("the server cannot be reached ({reason})").format(reason=text),
            _("check that the server is running, and --db / STUDYAPP_DB"),
            BAD_REQUEST,
        )
    if code.startswith("28"):
        return Failure(
            _("the server refused the login ({reason})").format(reason=text),
            _("check the role and password in --db / STUDYAPP_DB"),
            BAD_REQUEST,
        )
    if code.startswith("53"):
        return Failure(
            _("the server is out of resources ({reason})").format(reason=text),
            _("try again in a moment, or ask the server's owner"),
            BAD_REQUEST,
        )
    return None


def _database_failure(error: Exception) -> Failure:
    text = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    found = _server_failure(code, text) if isinstance(code, str) else None
    if found is not None:
        return found
    lowered = text.lower()
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return Failure(
            _("the database is damaged ({reason})").format(reason=text),
            _("run: studyapp doctor (it names the newest good backup to restore)"),
            BAD_REQUEST,
        )
    if "readonly" in lowered or "read-only" in lowered:
        return Failure(
            _("the database cannot be written ({reason})").format(reason=text),
            _("check the folder's permissions, or choose another with --data-dir"),
            BAD_REQUEST,
        )
    if "disk is full" in lowered or "disk i/o" in lowered:
        return Failure(
            _("the database cannot be written ({reason})").format(reason=text),
            _("free some disk space and try again"),
            BAD_REQUEST,
        )
    if "locked" in lowered or "busy" in lowered:
        return _busy(text)
    return Failure(
        _("the database cannot be used ({reason})").format(reason=text),
        _("check --db / STUDYAPP_DB, or run: studyapp doctor"),
        BAD_REQUEST,
    )


def _sqlalchemy_failure(error: Exception) -> Failure | None:
    try:
        from sqlalchemy import exc
    except ImportError:  # pragma: no cover - a dependency
        return None
    if isinstance(error, exc.NoSuchModuleError | exc.ArgumentError):
        return Failure(
            _("the database URL cannot be used ({reason})").format(reason=str(error)[:200]),
            _("give --db a URL such as sqlite:///path/to/studyapp.sqlite"),
            BAD_REQUEST,
        )
    if isinstance(error, exc.DBAPIError | exc.SQLAlchemyError):
        return _database_failure(error)
    return None


def describe(error: BaseException) -> Failure:
    """The one line (message and hint) and exit code for ``error``."""
    import sqlite3

    from studyapp.core.text import strip_controls

    if isinstance(error, ModuleNotFoundError) and not (error.name or "").startswith("studyapp"):
        return Failure(
            _("a module is missing: {name}").format(name=error.name),
            _("install the database driver for your --db URL (for example psycopg)"),
            BAD_REQUEST,
        )
    found = _sqlalchemy_failure(error) if isinstance(error, Exception) else None
    if found is not None:
        return found
    if isinstance(error, sqlite3.Error):
        return _database_failure(error)
    if isinstance(error, UnicodeEncodeError) and "surrogates" in str(error):
        return Failure(
            _("an argument or file name is not valid UTF-8"),
            _("give names and ids as UTF-8 text"),
            BAD_REQUEST,
        )
    if isinstance(error, UnicodeError):
        return Failure(
            _("text that is not valid UTF-8 ({reason})").format(
                reason=strip_controls(str(error))[:160]
            ),
            _("give the input as UTF-8 text"),
            BAD_REQUEST,
        )
    if isinstance(error, OSError):
        return _os_failure(error)
    if isinstance(error, ValueError | OverflowError):
        return Failure(
            _("a value is out of range ({reason})").format(reason=strip_controls(str(error))[:160]),
            _("check the numbers and dates you gave"),
            BAD_REQUEST,
        )
    if isinstance(error, MemoryError):
        return Failure(_("out of memory"), _("the input is too large for this machine"), FILE_ERROR)
    return Failure(
        _("unexpected error ({error})").format(error=type(error).__name__),
        _("please report it with the log file"),
        UNEXPECTED,
    )


def write_log(error: BaseException, now: Callable[[], dt.datetime] | None = None) -> Path | None:
    """Append the traceback to the log file, or to a new file in the temporary folder."""
    moment = (now or (lambda: dt.datetime.now(dt.UTC)))().isoformat()
    details = "".join(traceback.format_exception(error))
    text = f"{moment} studyapp {' '.join(map(repr, sys.argv[1:]))}\n{details}\n"
    if _log_file is not None:
        try:
            with _log_file.open("a", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return _log_file
        except OSError:
            pass
    try:
        handle_no, name = tempfile.mkstemp(prefix="studyapp-error-", suffix=".log")
    except OSError:
        return None
    try:
        with os.fdopen(handle_no, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        return Path(name)
    except OSError:  # a full disk: leave no half log behind
        Path(name).unlink(missing_ok=True)
        return None


def report(error: BaseException) -> int:
    """Print the one line for ``error`` on stderr, log the traceback; return the exit code."""
    failure = describe(error)
    log = write_log(error)
    line = _("studyapp: {message} — {hint}").format(message=failure.message, hint=failure.hint)
    if log is not None:
        line += " " + _("(details: {log})").format(log=log)
    _say(line)
    return failure.code


def guarded(entry: Callable[[], object]) -> None:
    """Run ``entry``; any exception but ``SystemExit`` ends as one line and an exit code.

    ``entry`` runs click in non-standalone mode: a usage error is one line here too.
    """
    import click

    try:
        code = entry()
    except SystemExit:
        raise
    except click.exceptions.Abort as abort:
        if isinstance(abort.__context__, KeyboardInterrupt):
            sys.exit(INTERRUPTED)
        _say(_("studyapp: aborted; nothing more was done"))
        sys.exit(FILE_ERROR)
    except click.ClickException as error:
        if error.format_message().startswith("Usage:"):  # a group called bare: its help
            click.echo(error.format_message(), err=True)
            sys.exit(error.exit_code)
        ctx: click.Context | None = getattr(error, "ctx", None)  # usage errors carry one
        command = ctx.command_path if ctx is not None else "studyapp"
        _say(
            _("studyapp: {message} — see: {command} --help").format(
                message=error.format_message(), command=command.replace("python -m ", "")
            )
        )
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED)
    except BaseException as error:  # the one place that turns failures into a line
        sys.exit(report(error))
    sys.exit(code if isinstance(code, int) else 0)


def _say(line: str) -> None:
    from studyapp.core.text import strip_controls

    try:
        sys.stderr.write(strip_controls(line).replace("\n", " ") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
