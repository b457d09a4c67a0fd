"""Every command lives in the CLI module named by its first word: ``studyapp plan add`` in
``studyapp.cli.plan``, so a newcomer finds a command's code from its name."""

from __future__ import annotations

import keyword
from collections.abc import Iterator

import click

from studyapp.cli.main import main

# The documented exceptions to "the module is the command's first word".
SHARED_ROOMS = {"restore": "backup"}  # restore undoes backup: one module for the pair


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The name path of every command under ``group``, groups included, walked recursively."""
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def _command(words: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for word in words:
        assert isinstance(command, click.Group)
        command = command.commands[word]
    return command


def room(words: tuple[str, ...]) -> str:
    """The module a command must live in: ``studyapp.cli.<first word>``; a keyword takes a
    trailing underscore (``import`` → ``import_``)."""
    first = SHARED_ROOMS.get(words[0], words[0])
    return "studyapp.cli." + first + ("_" if keyword.iskeyword(first) else "")


def test_every_command_lives_in_the_module_named_by_its_first_word() -> None:
    found = {words: _command(words).callback for words in _commands(main)}
    assert ("plan", "add") in found and ("export", "anki") in found  # the walk goes deep
    wrong = {
        " ".join(words): callback.__module__ if callback else None
        for words, callback in found.items()
        if callback is None or callback.__module__ != room(words)
    }
    assert wrong == {}


def test_the_group_itself_lives_in_cli_main() -> None:
    assert main.callback is not None and main.callback.__module__ == "studyapp.cli.main"

