"""The reading-speed model: text sizes, reading times and the speed adapted to the reader."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

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

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_LATIN = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LATIN_WORD = re.compile(rf"\d+(?:[.,]\d+)+|[{_LATIN}]+(?:['\u2019\-][{_LATIN}]+)*")


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
        found = observation(default, sample)
        if found is None:
            continue
        if sample.language in ("zh", "mixed"):
            zh.append(found)
        if sample.language in ("en", "mixed"):
            en.append(found)
    return ReadingSpeed(
        _blend(default.zh_chars_per_minute, zh, ZH_BOUNDS),
        _blend(default.en_words_per_minute, en, EN_BOUNDS),
    )


def observation(default: ReadingSpeed, sample: SpeedSample) -> tuple[float, float] | None:
    """A session's speed factor and its weight (its seconds), or ``None`` when the
    session is too short or its text empty to say anything."""
    if sample.active_seconds < MIN_SAMPLE_SECONDS:
        return None
    expected = default.minutes(sample.chars, sample.words, sample.language)
    if expected <= 0:
        return None
    return expected / (sample.active_seconds / 60.0), sample.active_seconds


def blended_rate(
    prior: float, median: float | None, seconds: float, bounds: tuple[float, float]
) -> float:
    """The prior rate scaled by the median factor, trusted by the seconds measured, clamped."""
    rate = prior
    if median is not None:
        trust = min(1.0, seconds / FULL_TRUST_SECONDS)
        rate = prior * median**trust
    return min(max(rate, bounds[0]), bounds[1])


def _blend(
    prior: float, observations: list[tuple[float, float]], bounds: tuple[float, float]
) -> float:
    median = _weighted_median(observations) if observations else None
    seconds = sum(weight for _factor, weight in observations)
    return blended_rate(prior, median, seconds, bounds)


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
