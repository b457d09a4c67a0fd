"""Messages that workers post to the app; they carry core objects, never ORM rows."""

from __future__ import annotations

from textual.message import Message

from studyapp.core.materials import Material, Section


class LibraryLoaded(Message):
    """The library was opened (and, on a first run, filled with the bundled materials)."""

    def __init__(
        self,
        materials: list[Material],
        imported: int,
        has_plans: bool = False,
        upgraded: bool = False,
    ) -> None:
        super().__init__()
        self.materials = materials
        self.imported = imported
        self.has_plans = has_plans
        self.upgraded = upgraded  # the schema was migrated before the library opened


class LibraryFailed(Message):
    """The library could not be opened; ``reason`` says why, for people."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class TerminalGone(Message):
    """Output to the terminal failed (EIO, EPIPE): the learner's terminal is gone."""


class SectionLoaded(Message):
    """A section's text arrived from the database."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section
