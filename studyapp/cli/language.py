"""The command line in the UI language: ``--help``, click's own messages and usage errors.

The language is settled before click parses anything (``--help`` is answered during
parsing): ``--lang``, then ``language`` in config.toml, then the locale.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Sequence

import click

from studyapp.config import configured_language
from studyapp.i18n import _, ngettext, set_language
from studyapp.locations import resolve_locations

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils")


def _option_value(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` before the subcommand, if given."""
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def early_language(argv: Sequence[str]) -> str:
    """Pick and switch to the UI language from the raw arguments, config.toml or the locale."""
    requested = _option_value(argv, "--lang")
    if requested is None:
        try:
            locations = resolve_locations(
                _option_value(argv, "--data-dir"),
                _option_value(argv, "--db"),
                learner=_option_value(argv, "--learner"),
            )
            requested = configured_language(locations)
        except Exception:  # a bad --data-dir or --db is reported later by the command
            requested = None
    return set_language(requested)


def translate_click() -> None:
    """Make click's own words (Usage, Options, Error…) go through studyapp's catalog."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]  # click's private gettext alias
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]  # likewise, for plurals


def localise_help(command: click.Command) -> None:
    """Translate the help of ``command``, its options and its subcommands, in place."""
    if command.help:
        command.help = _(inspect.cleandoc(command.help))
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = _(param.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            localise_help(sub)
