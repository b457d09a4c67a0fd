"""``import --replace ID``: one file's text becomes an existing material's new text."""

from __future__ import annotations

from pathlib import Path

from studyapp.db.import_batch import LibraryIndex
from studyapp.i18n import _

NOT_FOUND = 1  # exit code: an unknown material, or a file that is another material's
USAGE = 2  # exit code: not exactly one file


class ReplaceError(Exception):
    """``--replace`` cannot be done; nothing was imported. ``code`` is the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def check_replace(index: LibraryIndex, replace: str, paths: list[Path], sources: list[str]) -> None:
    """Refuse ``--replace`` unless it names one existing material and one file that is
    that material's own or no material's yet.

    Raises:
        ReplaceError: with the reason and the exit code.
    """
    if len(paths) != 1 or len(sources) != 1 or paths[0].is_dir():
        raise ReplaceError(_("--replace takes exactly one file, not a folder"), USAGE)
    if index.by_id(replace) is None:
        raise ReplaceError(_("no material with id {id}").format(id=replace), NOT_FOUND)
    stored = index.stored_file(sources[0])
    if stored is not None and stored.material_id != replace:
        message = _("this file is already material {id}; re-import it without --replace")
        raise ReplaceError(message.format(id=stored.material_id), NOT_FOUND)
