"""A reading session in progress: counts active time and writes progress in small transactions."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence

from studyapp.core.plans import TextSize
from studyapp.core.progress import on_activity, on_focus, start_tracking, take_active_seconds
from studyapp.core.read_rule import DEFAULT_SHARE, read_through, section_read
from studyapp.core.reading import ReadingPosition
from studyapp.db.progress_repo import ProgressRepository

Clock = Callable[[], dt.datetime]
DayOf = Callable[[dt.datetime], dt.date]
log = logging.getLogger("studyapp")


class ReadingTracker:
    """One open reader. The UI reports keys, moves and focus; ``flush`` writes.

    Active time follows :class:`studyapp.core.progress.ActivityState`: it counts
    only while the reader has focus, from each activity until the next one or
    the idle cutoff, whichever comes first.
    """

    def __init__(
        self,
        repo: ProgressRepository,
        material_id: str,
        section: str,
        language: str,
        *,
        clock: Clock,
        day_of: DayOf,
        idle_cutoff: float,
        paragraph_minutes: Mapping[str, Sequence[tuple[int, float]]] | None = None,
        share: float = DEFAULT_SHARE,
    ) -> None:
        self.repo = repo
        self.material_id = material_id
        self.clock = clock
        self.day_of = day_of
        self.idle_cutoff = idle_cutoff
        now = clock()
        self.session_id = repo.open_session(material_id, section, now, day_of(now), language)
        self.section = section
        self.active_seconds = 0.0
        self.state = start_tracking(now, idle_cutoff=idle_cutoff)
        self.position: ReadingPosition | None = None
        self.saved_position: ReadingPosition | None = None
        self.reached: dict[str, int] = {}
        self.paragraph_minutes = dict(paragraph_minutes or {})
        self.share = share
        self.reading = section  # the section holding the reading position; gets the time
        self.section_seconds: dict[str, float] = {}
        self.first_seen: TextSize | None = None
        self.furthest: TextSize | None = None
        self.closed = False

    def activity(self) -> None:
        """The learner pressed a key or scrolled."""
        self.state = on_activity(self.state, self.clock())

    def focus(self, focused: bool) -> None:
        """The reader gained or lost focus."""
        self.state = on_focus(self.state, self.clock(), focused)

    def _attribute(self) -> None:
        """Give the active time counted so far to the section being read."""
        self.state, seconds = take_active_seconds(self.state, self.clock())
        self.active_seconds += seconds
        if seconds > 0:
            spent = self.section_seconds.get(self.reading, 0.0)
            self.section_seconds[self.reading] = spent + seconds

    def moved(
        self,
        position: ReadingPosition,
        reached: tuple[str, int],
        passed: TextSize | None = None,
        reading: str | None = None,
    ) -> None:
        """The top of the view moved to ``position``.

        Args:
            position: the new top.
            reached: section and paragraph of the last visible block.
            passed: how much text lies before the top, for the reading-speed estimate.
            reading: the section holding the reading position (the top's by default);
                active time from now on is counted for it.
        """
        reading = reading or position.section
        if reading != self.reading:
            self._attribute()
            self.reading = reading
        if passed is not None:
            self.first_seen = self.first_seen or passed
            if self.furthest is None or passed.chars > self.furthest.chars:
                self.furthest = passed
        self.position = position
        self.section = position.section
        self.reach(*reached)

    def reach(self, anchor: str, paragraph: int) -> None:
        """The learner has had ``paragraph`` of a section on screen."""
        if paragraph > self.reached.get(anchor, -2):
            self.reached[anchor] = paragraph

    def flush(self) -> None:
        """Write the position, the furthest paragraphs and the session's time (not once closed)."""
        if self.closed:
            return
        self._attribute()
        now = self.clock()
        if self.position is not None and self.position != self.saved_position:
            self.repo.save_position(self.position, now)
            self.saved_position = self.position
        for anchor, paragraph in self.reached.items():
            self.repo.advance(self.material_id, anchor, paragraph)
        touched = set(self.reached) | set(self.section_seconds)
        self.reached.clear()
        for anchor in sorted(touched):
            seconds = self.section_seconds.pop(anchor, 0.0)
            self.repo.record_reading(self.material_id, anchor, seconds, self._rule(anchor), now)
        self.repo.update_session(
            self.session_id, self.section, now, self.active_seconds, self.read()
        )
        log.debug("reading saved: session %d active %s", self.session_id, self.active_seconds)

    def _rule(self, anchor: str) -> Callable[[int, float], tuple[int, bool]]:
        paragraphs = self.paragraph_minutes.get(anchor, ())

        def rule(furthest: int, seconds: float) -> tuple[int, bool]:
            return (
                read_through(furthest, seconds, paragraphs, self.share),
                section_read(furthest, seconds, paragraphs, self.share),
            )

        return rule

    def read(self) -> TextSize:
        """Text read forward in this session (from the first position seen to the furthest)."""
        if self.first_seen is None or self.furthest is None:
            return TextSize(0, 0, 0)
        a, b = self.first_seen, self.furthest
        return TextSize(max(b.chars - a.chars, 0), max(b.han - a.han, 0), max(b.words - a.words, 0))

    def mark_done(self, section: str, done: bool) -> None:
        """Mark a section done (or undo it), committed at once."""
        now = self.clock()
        self.repo.set_done(
            self.material_id, section, now if done else None, self.day_of(now) if done else None
        )

    def close(self) -> None:
        """Write everything; the tracker is not used afterwards. Closing twice is harmless."""
        if self.closed:
            return
        self.focus(False)
        self.flush()
        self.closed = True
