"""Study plans: reading units, reading-time estimates and day-by-day schedules."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from studyapp.core.materials import Section
from studyapp.core.text import count_chars

LANGUAGES = ("zh", "en", "mixed")
ZH_BOUNDS = (50.0, 1500.0)
"""Sane bounds for an adapted Chinese rate, in characters a minute."""
EN_BOUNDS = (50.0, 600.0)
"""Sane bounds for an adapted English rate, in words a minute."""
MIN_SAMPLE_SECONDS = 60.0
"""Reading sessions shorter than this say nothing reliable about speed and are ignored."""
FULL_TRUST_SECONDS = 30 * 60.0
"""This much measured reading time makes :func:`adapt_speed` trust the measurement fully."""

DONE, TODAY, OVERDUE, UPCOMING = "done", "today", "overdue", "upcoming"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_WORD = re.compile(rf"\d+(?:[.,]\d+)+|[{_LATIN}]+(?:['\u2019\-][{_LATIN}]+)*")
_PART = re.compile(r"(\d+)-(\d+)")


def _tolerance(value: float) -> float:
    """Slack for float comparisons of summed minutes."""
    return 1e-9 * max(1.0, abs(value))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")


@dataclass(frozen=True)
class ReadingSpeed:
    """How fast the reader reads: Chinese characters and English words a minute.

    The Chinese default, 300 characters a minute, is meant for attentive study
    reading, not skimming. Characters here are ``count_chars`` characters, so
    Chinese punctuation (roughly a tenth of a Chinese text) is included: 300 of
    them are about 265 Han characters, in line with measured silent reading of
    ordinary text by adult native readers (about 255 characters a minute in the
    IReST study, Trauzettel-Klosinski & Dietz 2012). Study material is denser
    than those test texts, but study reading also skips nothing twice on easy
    passages, so we start there rather than lower, and let :func:`adapt_speed`
    correct it from the reader's own sessions. Skimming runs at 500 and more;
    reading aloud at about 200-250, so 300 sits between the two.

    The English default, 200 words a minute, is a little below the ~230-240
    words a minute measured for silent reading of non-fiction (IReST; Brysbaert
    2019), for the same reason: study reading is slower than reading for the gist.
    """

    zh_chars_per_minute: float = 300.0
    en_words_per_minute: float = 200.0

    def __post_init__(self) -> None:
        for name in ("zh_chars_per_minute", "en_words_per_minute"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}")

    def minutes(self, chars: int, words: int, language: str) -> float:
        """Minutes needed to read a text of the given size.

        Args:
            chars: characters read at the Chinese rate. For ``zh`` text all its
                non-space characters; for ``mixed`` text only its Han characters
                (the Latin letters are read as ``words``). Ignored for ``en``.
            words: Latin words (runs of Latin letters or digits). Ignored for ``zh``.
            language: ``zh``, ``en`` or ``mixed``.

        Returns:
            The reading time in minutes.

        Raises:
            ValueError: for an unknown language or a negative count.
        """
        _check_language(language)
        if chars < 0 or words < 0:
            raise ValueError("chars and words must not be negative")
        if language == "zh":
            return chars / self.zh_chars_per_minute
        if language == "en":
            return words / self.en_words_per_minute
        return chars / self.zh_chars_per_minute + words / self.en_words_per_minute


@dataclass(frozen=True)
class TextSize:
    """The size of a text as the reading-time model sees it."""

    chars: int
    han: int
    words: int

    def timing_chars(self, language: str) -> int:
        """The ``chars`` to pass to :meth:`ReadingSpeed.minutes` for this language."""
        _check_language(language)
        return self.han if language == "mixed" else self.chars

    def minutes(self, speed: ReadingSpeed, language: str) -> float:
        """Minutes needed to read this text at ``speed``."""
        return speed.minutes(self.timing_chars(language), self.words, language)


def measure(text: str) -> TextSize:
    """Measure a text: non-space characters, Han characters and Latin words.

    Args:
        text: any text.

    Returns:
        Its :class:`TextSize`.
    """
    return TextSize(count_chars(text), len(_HAN.findall(text)), len(_LATIN_WORD.findall(text)))


@dataclass(frozen=True)
class SpeedSample:
    """One measured reading session: how much text of one language in how many seconds.

    ``chars`` follows :meth:`ReadingSpeed.minutes`: Han characters only for ``mixed``.
    """

    language: str
    chars: int
    words: int
    active_seconds: float

    def __post_init__(self) -> None:
        _check_language(self.language)
        if self.chars < 0 or self.words < 0 or not self.active_seconds >= 0:
            raise ValueError("a speed sample needs non-negative counts and seconds")


def adapt_speed(default: ReadingSpeed, samples: Sequence[SpeedSample]) -> ReadingSpeed:
    """Estimate the reader's own speed from measured sessions, robustly.

    Each session of at least :data:`MIN_SAMPLE_SECONDS` gives a speed factor:
    the minutes the default speed predicts divided by the minutes it really
    took. ``zh`` sessions inform the Chinese rate, ``en`` sessions the English
    rate and ``mixed`` sessions both. Per rate we take the time-weighted median
    factor (one odd session, such as skimming a section, cannot drag it), then
    shrink it towards the default by credibility: with ``t`` seconds of
    measured reading the factor is raised to ``min(1, t / FULL_TRUST_SECONDS)``,
    a blend in log space, so five minutes of reading moves the estimate a sixth
    of the way and half an hour moves it all the way. The result is clamped to
    :data:`ZH_BOUNDS` and :data:`EN_BOUNDS`.

    Args:
        default: the prior speed (the defaults or the user's setting).
        samples: measured sessions, in any order.

    Returns:
        The adapted speed; ``default`` (clamped) when no session counts.
    """
    zh: list[tuple[float, float]] = []
    en: list[tuple[float, float]] = []
    for sample in samples:
        if sample.active_seconds < MIN_SAMPLE_SECONDS:
            continue
        expected = default.minutes(sample.chars, sample.words, sample.language)
        if expected <= 0:
            continue
        observation = (expected / (sample.active_seconds / 60.0), sample.active_seconds)
        if sample.language in ("zh", "mixed"):
            zh.append(observation)
        if sample.language in ("en", "mixed"):
            en.append(observation)
    return ReadingSpeed(
        _blend(default.zh_chars_per_minute, zh, ZH_BOUNDS),
        _blend(default.en_words_per_minute, en, EN_BOUNDS),
    )


def _blend(
    prior: float, observations: list[tuple[float, float]], bounds: tuple[float, float]
) -> float:
    """The prior rate scaled by the credibility-weighted median factor, clamped."""
    rate = prior
    if observations:
        seconds = sum(weight for _factor, weight in observations)
        trust = min(1.0, seconds / FULL_TRUST_SECONDS)
        rate = prior * _weighted_median(observations) ** trust
    return min(max(rate, bounds[0]), bounds[1])


def _weighted_median(observations: list[tuple[float, float]]) -> float:
    """The weighted median; the mean of the two middle values when the weight splits evenly."""
    ordered = sorted(observations)
    half = sum(weight for _value, weight in ordered) / 2.0
    running = 0.0
    for index, (value, weight) in enumerate(ordered):
        running += weight
        if math.isclose(running, half, rel_tol=1e-12) and index + 1 < len(ordered):
            return (value + ordered[index + 1][0]) / 2.0
        if running > half:
            return value
    return ordered[-1][0]


@dataclass(frozen=True)
class ReadingUnit:
    """One thing to read in one sitting: a section, or a part of a long section.

    ``first_paragraph`` and ``last_paragraph`` are inclusive paragraph positions
    in the section; a whole section runs from 0 to its last paragraph and has
    ``part`` false. ``chars`` counts non-space characters, ``han`` Han
    characters and ``words`` Latin words.
    """

    material_id: str
    section: str
    title: str
    first_paragraph: int
    last_paragraph: int
    chars: int
    words: int
    language: str
    required: bool
    han: int = 0
    part: bool = False

    def __post_init__(self) -> None:
        _check_language(self.language)
        if not 0 <= self.first_paragraph <= self.last_paragraph:
            raise ValueError("a unit needs 0 <= first_paragraph <= last_paragraph")

    @property
    def section_key(self) -> str:
        """The section's public id, ``material#anchor``."""
        return f"{self.material_id}#{self.section}"

    @property
    def key(self) -> str:
        """``material#anchor`` for a whole section, ``material#anchor:3-7`` for a part."""
        if not self.part:
            return self.section_key
        return f"{self.section_key}:{self.first_paragraph}-{self.last_paragraph}"

    def minutes(self, speed: ReadingSpeed) -> float:
        """Minutes needed to read this unit at ``speed``."""
        return TextSize(self.chars, self.han, self.words).minutes(speed, self.language)


def units_for(
    material_id: str,
    language: str,
    required: bool,
    sections: Sequence[Section],
    speed: ReadingSpeed,
    max_minutes: float = 30.0,
) -> list[ReadingUnit]:
    """Cut a material's sections into reading units of at most about ``max_minutes``.

    Each section with text gives one unit. A section longer than ``max_minutes``
    is cut into the fewest parts that fit, on paragraph boundaries (never
    inside a paragraph, so never inside a sentence), with the parts as equal as
    the paragraphs allow. A single paragraph longer than ``max_minutes`` stays
    whole and forms a part of its own.

    Args:
        material_id: the material the sections belong to.
        language: the material's language (``zh``, ``en``, ``mixed``).
        required: whether the material is required reading.
        sections: the sections in reading order, with their paragraphs loaded.
        speed: the reading speed used to size the units.
        max_minutes: the longest sitting.

    Returns:
        The units in reading order.

    Raises:
        ValueError: on a bad ``max_minutes`` or language, a section of another
            material, or a section with characters but no paragraphs loaded.
    """
    _check_language(language)
    if not (math.isfinite(max_minutes) and max_minutes > 0):
        raise ValueError("max_minutes must be a positive number")
    units: list[ReadingUnit] = []
    for section in sections:
        if section.material_id != material_id:
            raise ValueError(f"section {section.ref} is not part of {material_id!r}")
        if not section.paragraphs:
            if section.chars > 0:
                raise ValueError(f"section {section.ref} was loaded without its paragraphs")
            continue
        sizes = [measure(paragraph.text) for paragraph in section.paragraphs]
        if sum(size.chars for size in sizes) == 0:
            continue
        weights = [size.minutes(speed, language) for size in sizes]
        ranges = _merge_empty(_section_parts(weights, max_minutes), sizes)
        for start, stop in ranges:
            part = sizes[start:stop]
            units.append(
                ReadingUnit(
                    material_id=material_id,
                    section=section.anchor,
                    title=section.title,
                    first_paragraph=section.paragraphs[start].position,
                    last_paragraph=section.paragraphs[stop - 1].position,
                    chars=sum(size.chars for size in part),
                    words=sum(size.words for size in part),
                    language=language,
                    required=required,
                    han=sum(size.han for size in part),
                    part=len(ranges) > 1,
                )
            )
    return units


def _section_parts(weights: list[float], cap: float) -> list[tuple[int, int]]:
    """Half-open paragraph ranges: oversized paragraphs alone, the rest balanced under ``cap``.

    The isolation is needed: balancing alone would let a paragraph just over
    ``cap`` share a part with a neighbour whenever a bigger paragraph elsewhere
    sets the maximum load.
    """
    if sum(weights) <= cap + _tolerance(cap):
        return [(0, len(weights))]
    ranges: list[tuple[int, int]] = []
    run_start = 0
    for index, weight in enumerate(weights):
        if weight > cap + _tolerance(cap):
            ranges.extend(_balanced_run(weights, run_start, index, cap))
            ranges.append((index, index + 1))
            run_start = index + 1
    ranges.extend(_balanced_run(weights, run_start, len(weights), cap))
    return ranges


def _balanced_run(weights: list[float], start: int, stop: int, cap: float) -> list[tuple[int, int]]:
    """The fewest parts under ``cap`` for ``weights[start:stop]``, balanced."""
    if start >= stop:
        return []
    run = weights[start:stop]
    parts = _greedy_count(run, cap)
    return [(start + a, start + b) for a, b in _linear_partition(run, parts)]


def _merge_empty(ranges: list[tuple[int, int]], sizes: list[TextSize]) -> list[tuple[int, int]]:
    """Fold ranges without any text into a neighbour, so no unit is empty."""
    merged: list[tuple[int, int]] = []
    pending_start: int | None = None
    for start, stop in ranges:
        if pending_start is not None:
            start, pending_start = pending_start, None
        if sum(size.chars for size in sizes[start:stop]) == 0:
            if merged:
                merged[-1] = (merged[-1][0], stop)
            else:
                pending_start = start
            continue
        merged.append((start, stop))
    return merged


def _greedy_count(weights: Sequence[float], cap: float) -> int:
    """How many contiguous parts of at most ``cap`` the greedy packing needs (the minimum)."""
    count, load = 0, 0.0
    for weight in weights:
        if count == 0 or load + weight > cap + _tolerance(cap):
            count, load = count + 1, weight
        else:
            load += weight
    return count


def _min_max_load(weights: Sequence[float], parts: int) -> float:
    """The smallest cap under which ``weights`` fit in ``parts`` contiguous parts."""
    total, largest = sum(weights), max(weights)
    low = max(largest, total / parts)
    high = largest + total / parts  # always feasible: see split_by_deadline
    if _greedy_count(weights, low) <= parts:
        return low
    for _ in range(200):
        if high - low <= _tolerance(high) / 10:
            break
        middle = (low + high) / 2
        if _greedy_count(weights, middle) <= parts:
            high = middle
        else:
            low = middle
    return high


def _linear_partition(weights: Sequence[float], parts: int) -> list[tuple[int, int]]:
    """Split into exactly ``min(parts, n)`` non-empty contiguous ranges minimising the maximum.

    Among the partitions achieving the minimal maximum load, the cuts are put as
    close as possible to the ideal cumulative loads ``j * total / parts``, so
    the days come out even rather than full at the front and thin at the end.
    """
    count = len(weights)
    parts = min(parts, count)
    if sum(weights) <= 0:
        weights = [1.0] * count  # nothing to balance by time: balance by count
    cap = _min_max_load(weights, parts)
    slack = _tolerance(cap)
    prefix = [0.0]
    for weight in weights:
        prefix.append(prefix[-1] + weight)
    # need[c]: the fewest parts under cap for weights[c:], by greedy packing from the end.
    need = [0] * (count + 1)
    blocks, load = 0, 0.0
    for index in range(count - 1, -1, -1):
        if blocks == 0 or load + weights[index] > cap + slack:
            blocks, load = blocks + 1, weights[index]
        else:
            load += weights[index]
        need[index] = blocks
    total = prefix[-1]
    cuts = [0]
    for j in range(1, parts):
        left = parts - j
        best: int | None = None
        for cut in range(cuts[-1] + 1, count - left + 1):
            if prefix[cut] - prefix[cuts[-1]] > cap + slack:
                break
            if need[cut] > left:
                continue
            target = j * total / parts
            if best is None or abs(prefix[cut] - target) <= abs(prefix[best] - target):
                best = cut
        # A partition under the minimal cap always exists, so best is set; the
        # fallback only guards against float noise at the very edge of the cap.
        cuts.append(cuts[-1] + 1 if best is None else best)
    cuts.append(count)
    return list(pairwise(cuts))


@dataclass(frozen=True)
class Assignment:
    """What to read on one day, and how long it should take."""

    day: dt.date
    units: tuple[ReadingUnit, ...]
    minutes: float

    @property
    def keys(self) -> tuple[str, ...]:
        """The units' keys, in reading order."""
        return tuple(unit.key for unit in self.units)

    @property
    def chars(self) -> int:
        """Non-space characters to read."""
        return sum(unit.chars for unit in self.units)

    @property
    def words(self) -> int:
        """Latin words to read."""
        return sum(unit.words for unit in self.units)

    @property
    def required(self) -> bool:
        """Whether any unit of the day is required reading."""
        return any(unit.required for unit in self.units)


def _assignment(day: dt.date, units: Iterable[ReadingUnit], speed: ReadingSpeed) -> Assignment:
    units = tuple(units)
    return Assignment(day, units, sum(unit.minutes(speed) for unit in units))


def split_by_deadline(
    units: Sequence[ReadingUnit], start: dt.date, finish_by: dt.date, speed: ReadingSpeed
) -> list[Assignment]:
    """Spread units, in order, over the days from ``start`` to ``finish_by`` evenly.

    A contiguous, order-preserving partition minimising the heaviest day (binary
    search on the maximum load with a greedy feasibility check), with the cuts
    then placed as near as possible to equal shares. With at least as many units
    as days every day gets some reading; with fewer units each unit gets its own
    day and the units are spaced evenly from ``start`` (unit ``i`` of ``n`` on
    day ``floor(i * days / n)``), leaving the spare days as gaps and slack at the end.

    Balance guarantee: the heaviest day is at most ``total / days + largest``,
    where ``largest`` is the longest unit's minutes. (Greedy packing under the
    cap ``total / days + largest`` closes each day only when it holds more than
    ``total / days``, so it never needs more than ``days`` days; the optimum is
    no worse.)

    Args:
        units: the units in reading order.
        start: the first day.
        finish_by: the last day (inclusive).
        speed: the reading speed used to weigh the units.

    Returns:
        One assignment per used day, by date.

    Raises:
        ValueError: if ``finish_by`` is before ``start`` or there are no units.
    """
    if finish_by < start:
        raise ValueError(f"finish_by {finish_by} is before start {start}")
    if not units:
        raise ValueError("no units to schedule")
    days = (finish_by - start).days + 1
    count = len(units)
    if count <= days:
        return [
            _assignment(start + dt.timedelta(days=index * days // count), (unit,), speed)
            for index, unit in enumerate(units)
        ]
    weights = [unit.minutes(speed) for unit in units]
    return [
        _assignment(start + dt.timedelta(days=day), units[a:b], speed)
        for day, (a, b) in enumerate(_linear_partition(weights, days))
    ]


def split_by_pace(
    units: Sequence[ReadingUnit], start: dt.date, minutes_per_day: float, speed: ReadingSpeed
) -> list[Assignment]:
    """Fill consecutive days from ``start`` with about ``minutes_per_day`` of reading each.

    A unit goes on the current day when that brings the day's load strictly
    closer to ``minutes_per_day`` than leaving it for the next day; a day always
    gets at least one unit. So a day with several units overshoots the target by
    less than half of its last unit.

    Args:
        units: the units in reading order.
        start: the first day.
        minutes_per_day: the daily target.
        speed: the reading speed used to weigh the units.

    Returns:
        One assignment per day, consecutive from ``start``.

    Raises:
        ValueError: if there are no units or the target is not positive.
    """
    if not units:
        raise ValueError("no units to schedule")
    if not (math.isfinite(minutes_per_day) and minutes_per_day > 0):
        raise ValueError("minutes_per_day must be a positive number")
    days: list[list[ReadingUnit]] = []
    load = 0.0
    for unit in units:
        minutes = unit.minutes(speed)
        if days and abs(load + minutes - minutes_per_day) < abs(load - minutes_per_day):
            days[-1].append(unit)
            load += minutes
        else:
            days.append([unit])
            load = minutes
    return [
        _assignment(start + dt.timedelta(days=index), day, speed) for index, day in enumerate(days)
    ]


def split_by_dues(
    groups: Sequence[tuple[Sequence[ReadingUnit], dt.date]], start: dt.date, speed: ReadingSpeed
) -> list[Assignment]:
    """Schedule plan items that each have a due date (the due-date style of plan file).

    Each group's units are spread with :func:`split_by_deadline` over the days
    after the previous group's due date (from ``start`` for the first group) up
    to its own due date; consecutive groups with the same due date share a window.

    Args:
        groups: ``(units, due)`` pairs in plan order, due dates not decreasing.
        start: the plan's first day.
        speed: the reading speed used to weigh the units.

    Returns:
        The assignments of all groups, by date.

    Raises:
        ValueError: if a due date is before ``start`` or before the previous one.
    """
    merged: list[tuple[list[ReadingUnit], dt.date]] = []
    for units, due in groups:
        if due < start:
            raise ValueError(f"due date {due} is before the start {start}")
        if merged and due < merged[-1][1]:
            raise ValueError(f"due date {due} is before the previous due date {merged[-1][1]}")
        if merged and due == merged[-1][1]:
            merged[-1][0].extend(units)
        else:
            merged.append((list(units), due))
    assignments: list[Assignment] = []
    window_start = start
    for units, due in merged:
        if units:
            assignments.extend(split_by_deadline(units, window_start, due, speed))
        window_start = due + dt.timedelta(days=1)
    return assignments


def parse_key(key: str) -> tuple[str, tuple[int, int] | None]:
    """Split a unit key into its section key and its paragraph range (``None`` when whole).

    Args:
        key: ``material#anchor`` or ``material#anchor:3-7``.

    Returns:
        ``("material#anchor", (3, 7))`` or ``("material#anchor", None)``.
    """
    base, colon, tail = key.rpartition(":")
    match = _PART.fullmatch(tail) if colon else None
    if match and "#" in base:
        return base, (int(match.group(1)), int(match.group(2)))
    return key, None


class DoneIndex:
    """Done keys indexed by section, so a unit counts as done however it was cut.

    Build it once and test many units with ``unit in index``; the functions
    below that take ``done_keys`` also accept a ready index.
    """

    def __init__(self, done_keys: Iterable[str]) -> None:
        self.whole: set[str] = set()
        self.ranges: dict[str, list[tuple[int, int]]] = {}
        for key in done_keys:
            base, span = parse_key(key)
            if span is None:
                self.whole.add(base)
            else:
                self.ranges.setdefault(base, []).append(span)
        for spans in self.ranges.values():
            spans.sort()

    def __contains__(self, unit: ReadingUnit) -> bool:
        if unit.section_key in self.whole:
            return True
        reached = unit.first_paragraph - 1  # every paragraph up to here is read
        for first, last in self.ranges.get(unit.section_key, ()):
            if first > reached + 1:
                break  # a gap: paragraph reached + 1 is unread
            reached = max(reached, last)
            if reached >= unit.last_paragraph:
                return True
        return False


def _index(done_keys: Iterable[str] | DoneIndex) -> DoneIndex:
    return done_keys if isinstance(done_keys, DoneIndex) else DoneIndex(done_keys)


def unit_done(unit: ReadingUnit, done_keys: Iterable[str] | DoneIndex) -> bool:
    """Whether a unit has been read, even if it was cut differently when it was read.

    A unit is done when its section's key is done, or when done part keys of its
    section together cover all its paragraphs. So progress survives a re-split
    of a long section (after the reading speed changed, say).

    Args:
        unit: the unit.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).

    Returns:
        True if every paragraph of the unit is covered.
    """
    return unit in _index(done_keys)


def day_status(assignment: Assignment, done_keys: Iterable[str] | DoneIndex, today: dt.date) -> str:
    """``done``, ``today``, ``overdue`` or ``upcoming`` for one day of a plan.

    Args:
        assignment: the day's assignment.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).
        today: the reader's local date.

    Returns:
        ``done`` when every unit is read (whatever the date), else ``today`` for
        today, ``overdue`` for a past day and ``upcoming`` for a future one.
    """
    index = _index(done_keys)
    if all(unit in index for unit in assignment.units):
        return DONE
    if assignment.day == today:
        return TODAY
    return OVERDUE if assignment.day < today else UPCOMING


def reschedule(
    assignments: Sequence[Assignment],
    done_keys: Iterable[str] | DoneIndex,
    today: dt.date,
    finish_by: dt.date | None,
    speed: ReadingSpeed,
) -> list[Assignment]:
    """Re-plan what is left from ``today``: an explicit user action, never automatic.

    A plan is never rescheduled behind the reader's back; overdue days simply
    show as overdue until the reader asks for this. Then:

    - past days (before ``today``) that are complete stay untouched, as history;
      past days that are partly read keep only their read units;
    - read units of today and later days (read ahead) are kept on today;
    - every unread unit, overdue ones included, is spread in plan order from
      ``today`` to ``finish_by`` with :func:`split_by_deadline`. Without
      ``finish_by`` the plan keeps its end: the original last day, or today if
      that has passed.

    No unit is lost or duplicated.

    Args:
        assignments: the current plan.
        done_keys: keys of units marked as read (or a :class:`DoneIndex` of them).
        today: the reader's local date.
        finish_by: the new last day, or ``None`` to keep the plan's end.
        speed: the reading speed used to weigh the units.

    Returns:
        The new plan, by date.

    Raises:
        ValueError: if ``finish_by`` is before ``today``.
    """
    if finish_by is not None and finish_by < today:
        raise ValueError(f"finish_by {finish_by} is before today {today}")
    index = _index(done_keys)
    ordered = sorted(assignments, key=lambda assignment: assignment.day)
    history: list[Assignment] = []
    read_ahead: list[ReadingUnit] = []
    pending: list[ReadingUnit] = []
    for assignment in ordered:
        done = [unit for unit in assignment.units if unit in index]
        pending.extend(unit for unit in assignment.units if unit not in index)
        if assignment.day >= today:
            read_ahead.extend(done)
        elif len(done) == len(assignment.units):
            history.append(assignment)
        elif done:
            history.append(_assignment(assignment.day, done, speed))
    end = finish_by if finish_by is not None else max([today, *(a.day for a in ordered)])
    planned = split_by_deadline(pending, today, end, speed) if pending else []
    if read_ahead:
        if planned and planned[0].day == today:
            planned[0] = _assignment(today, (*read_ahead, *planned[0].units), speed)
        else:
            planned.insert(0, _assignment(today, read_ahead, speed))
    return history + planned
