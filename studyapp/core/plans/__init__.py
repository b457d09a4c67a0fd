"""Study plans: reading units, reading-time estimates and day-by-day schedules.

One module per concern, each importing only the ones before it: ``speed`` (the
reading-speed model), ``partition`` (balanced cuts of a row of weights), ``units``
(reading units), ``schedule`` (the schedulers), ``done`` (what is read, a day's status)
and ``reschedule``. Callers import from ``studyapp.core.plans``.
"""

from studyapp.core.plans.done import (
    DONE,
    OVERDUE,
    TODAY,
    UPCOMING,
    DoneIndex,
    day_status,
    parse_key,
    unit_done,
)
from studyapp.core.plans.reschedule import reschedule
from studyapp.core.plans.schedule import (
    Assignment,
    split_by_deadline,
    split_by_dues,
    split_by_pace,
)
from studyapp.core.plans.speed import (
    EN_BOUNDS,
    FULL_TRUST_SECONDS,
    LANGUAGES,
    MIN_SAMPLE_SECONDS,
    ZH_BOUNDS,
    ReadingSpeed,
    SpeedSample,
    TextSize,
    adapt_speed,
    measure,
)
from studyapp.core.plans.units import ReadingUnit, units_for

__all__ = [
    "DONE",
    "EN_BOUNDS",
    "FULL_TRUST_SECONDS",
    "LANGUAGES",
    "MIN_SAMPLE_SECONDS",
    "OVERDUE",
    "TODAY",
    "UPCOMING",
    "ZH_BOUNDS",
    "Assignment",
    "DoneIndex",
    "ReadingSpeed",
    "ReadingUnit",
    "SpeedSample",
    "TextSize",
    "adapt_speed",
    "day_status",
    "measure",
    "parse_key",
    "reschedule",
    "split_by_deadline",
    "split_by_dues",
    "split_by_pace",
    "unit_done",
    "units_for",
]
