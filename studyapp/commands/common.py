"""What every subcommand shares: the options context, opening the service, output helpers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import click

from studyapp.i18n import _
from studyapp.locations import Locations

if TYPE_CHECKING:
    from studyapp.services import StudyService


@dataclass(frozen=True)
class Context:
    """Options shared by every command."""

    locations: Locations
    language: str


def open_service(context: Context) -> StudyService:
    """Open the library, or exit with the reason the database cannot be used."""
    from studyapp.db.migrate import SchemaError
    from studyapp.services import StudyService

    try:
        service = StudyService.open(context.locations)
    except SchemaError as error:
        fail(str(error))
    for warning in service.settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return service


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``studyapp: message`` on stderr and exit with ``code``."""
    click.echo(f"studyapp: {message}", err=True)
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


def dump(data: Any) -> None:
    """Print JSON on stdout, Chinese unescaped."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def safe(text: str) -> str:
    """Text from files or the DB, with terminal control sequences removed."""
    from studyapp.core.text import strip_controls

    return strip_controls(text)
