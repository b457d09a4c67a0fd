"""The one exception an importer raises: a stable ``code`` and a one-line reason."""

from __future__ import annotations


class Refused(Exception):
    """A file that cannot be imported; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
