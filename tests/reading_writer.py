"""A process that records reading events as fast as it can, acknowledging each commit.

Used by the durability tests: ``python -m tests.reading_writer DATA_DIR MATERIAL COUNT``.
Each line ``ack N ACTIVE DONE_SECTION`` is printed only after that event was committed.
"""

from __future__ import annotations

import datetime as dt
import sys

from studyapp.core.reading import ReadingPosition
from studyapp.locations import resolve_locations
from studyapp.services import StudyService

START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


class StepClock:
    """Moves one second at each reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def main() -> None:
    data_dir, material_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    service = StudyService.open(resolve_locations(data_dir, environ={}), StepClock())
    sections = [s.anchor for s in service.materials.full_text(material_id)]
    tracker = service.start_reading(material_id, sections[0], "zh")
    for event in range(count):
        anchor = sections[event % len(sections)]
        tracker.activity()
        tracker.moved(ReadingPosition(material_id, anchor, 0, event), (anchor, 0))
        tracker.flush()
        done = ""
        if event % 5 == 0:
            tracker.mark_done(anchor, True)
            done = anchor
        print(f"ack {event} {tracker.active_seconds} {done}", flush=True)
    service.close()


if __name__ == "__main__":
    main()
