"""What every subcommand shares: the options context, opening the service, output helpers."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TextIO, cast

import click

from studyapp.i18n import _
from studyapp.locations import Locations

if TYPE_CHECKING:
    from studyapp.services import StudyService


_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Context:
    """Options shared by every command."""

    locations: Locations
    language: str


def open_service(context: Context, *, check: bool = False) -> StudyService:
    """Open the library, or exit with the reason the database cannot be used.

    With ``check``, every page of the database is read first (``PRAGMA quick_check``):
    a command that reports on the whole record (library, today, stats, export json) must
    not print a partial answer and exit 0 when pages are damaged.
    """
    from studyapp.services import SchemaError, StudyService

    if check:
        from studyapp.services.backup import database_damage, restore_hint

        reason = database_damage(context.locations, quick=True)
        if reason is not None:
            fail(
                _("the database is damaged ({reason}). {hint}").format(
                    reason=reason, hint=restore_hint(context.locations)
                )
            )
    try:
        service = StudyService.open(context.locations)
    except SchemaError as error:
        fail(str(error))
    for warning in service.settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return service


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``studyapp: message`` on stderr and exit with ``code``."""
    click.echo(f"studyapp: {safe(message)}", err=True)
    sys.exit(code)


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option's value as a date (``None`` stays ``None``); exit 2 if malformed."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(
            _("{option} needs a date like 2026-12-31, not {value!r}").format(
                option=option, value=value
            )
        )


def ready_parent(target: Path, parents: bool) -> None:
    """Refuse (exit 2) an output whose parent folder is missing, or create it with ``parents``.

    A file in the way is left to the write, which reports it (exit 1).
    """
    folder = target.parent
    if folder.exists() or not _nearest_existing(folder).is_dir():
        return
    if not parents:
        fail(
            _("the folder {folder} does not exist; create it first or add --parents").format(
                folder=folder
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(
            _("could not create {folder}: {reason}").format(
                folder=folder, reason=error.strerror or str(error)
            ),
            1,
        )


def _nearest_existing(folder: Path) -> Path:
    """The closest ancestor of ``folder`` (itself included) that exists."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def dump(data: Any) -> None:
    """Print JSON on stdout, Chinese unescaped.

    A lone surrogate (a file name byte that is not UTF-8) is written as its ``\\udcXX``
    escape, which JSON readers turn back into the same string.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    click.echo(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def safe(text: str) -> str:
    """Text from files or the DB, with terminal control sequences removed."""
    from studyapp.core.text import strip_controls

    return strip_controls(text)


def text_stream(name: Literal["stdin", "stdout"]) -> TextIO:
    """click's text stream (click 8.5 types ``get_text_stream`` as ``object``)."""
    get = cast("Callable[[str], TextIO]", click.get_text_stream)
    return get(name)
