"""The one definition of "read": what counts as a finished section, unit or session.

A section (or a part of it) is read when the learner marked it done, or when
they spent on it at least ``share`` of its expected reading time at their
measured speed *and* reached its end. Scrolling or jumping alone never reads
anything: reaching the end without the time is only "seen".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_SHARE = 0.5
"""Share of the expected reading time that must be spent on a text for it to count as read."""

DONE = "done"
READ = "read"
UNCONFIRMED = "unconfirmed"
PARTLY = "partly"
UNREAD = "unread"


def check_share(share: float) -> None:
    """Raise ``ValueError`` unless ``0 < share <= 1``."""
    if not (math.isfinite(share) and 0 < share <= 1):
        raise ValueError("the read share must be a number above 0 and at most 1")


def read_through(
    furthest: int, active_seconds: float, paragraphs: Sequence[tuple[int, float]], share: float
) -> int:
    """The last paragraph of a section that counts as read, -1 if none.

    A paragraph counts when the learner reached it (``position <= furthest``)
    and the active time on the section covers ``share`` of the expected time of
    every paragraph up to and including it.

    Args:
        furthest: the furthest paragraph position reached (-1 for none).
        active_seconds: active reading seconds spent on the section.
        paragraphs: ``(position, expected_minutes)`` in reading order.
        share: the required share of the expected time (0 < share <= 1).

    Returns:
        The position of the last paragraph read, or -1.

    Raises:
        ValueError: for a bad share or negative seconds.
    """
    check_share(share)
    if not active_seconds >= 0:
        raise ValueError("active seconds must not be negative")
    needed, last = 0.0, -1
    for position, minutes in paragraphs:
        if position > furthest:
            break
        needed += max(minutes, 0.0) * 60.0
        if active_seconds + 1e-9 < share * needed:
            break
        last = position
    return last


def section_read(
    furthest: int, active_seconds: float, paragraphs: Sequence[tuple[int, float]], share: float
) -> bool:
    """Whether a whole section is read by the rule (its last paragraph counts as read).

    A section without paragraphs is never read this way; it can only be marked done.
    """
    if not paragraphs:
        return False
    return read_through(furthest, active_seconds, paragraphs, share) >= paragraphs[-1][0]


@dataclass(frozen=True)
class SectionRecord:
    """What is stored about one section, as the rule sees it."""

    marked_at: dt.datetime | None = None
    read_at: dt.datetime | None = None
    read_paragraph: int = -1
    unconfirmed: bool = False


def finished_at(record: SectionRecord) -> dt.datetime | None:
    """When the section was finished (marked or read, the earlier), ``None`` if it is not."""
    moments = [m for m in (record.marked_at, record.read_at) if m is not None]
    return min(moments) if moments else None


def section_state(record: SectionRecord) -> str:
    """``done`` (marked), ``read`` (by the rule), ``unconfirmed`` (reached by scrolling
    before the rule existed), ``partly`` (some paragraphs read) or ``unread``."""
    if record.marked_at is not None:
        return DONE
    if record.read_at is not None:
        return READ
    if record.unconfirmed:
        return UNCONFIRMED
    return PARTLY if record.read_paragraph >= 0 else UNREAD


def session_counts(active_seconds: float, expected_minutes: float, share: float) -> bool:
    """Whether a reading session may feed the reading-speed model.

    Only a session in which the text moved past was read by the rule does:
    skimming (less time than ``share`` of what the text needs at the measured
    speed) must not raise the measured speed.
    """
    check_share(share)
    if expected_minutes <= 0 or not active_seconds > 0:
        return False
    return active_seconds + 1e-9 >= share * expected_minutes * 60.0
