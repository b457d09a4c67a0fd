"""The adapted reading speed kept up to date one session at a time.

:func:`~studyapp.core.plans.speed.adapt_speed` over all sessions is what the model
means; a learner's record is read in time order, and each session is judged by the
speed measured *before* it, so the speed is needed after every session. Recomputing
the median each time made that quadratic (50,000 sessions: minutes). Here each
language's weighted median is kept in two heaps, so a session costs a logarithm.
"""

from __future__ import annotations

import heapq
import math

from studyapp.core.plans.speed import (
    EN_BOUNDS,
    ZH_BOUNDS,
    ReadingSpeed,
    SpeedSample,
    blended_rate,
    observation,
)


class RunningWeightedMedian:
    """The weighted median of the values added so far, as ``_weighted_median`` defines it:
    in ascending order, the first value whose running weight passes half the total, or
    the mean of it and the next one when the running weight meets half exactly."""

    def __init__(self) -> None:
        self._low: list[tuple[float, float]] = []  # (-value, weight): a max-heap
        self._high: list[tuple[float, float]] = []  # (value, weight): a min-heap
        self._low_weight = 0.0
        self.total = 0.0

    def add(self, value: float, weight: float) -> None:
        """Add one observation."""
        if self._low and value <= -self._low[0][0]:
            heapq.heappush(self._low, (-value, weight))
            self._low_weight += weight
        else:
            heapq.heappush(self._high, (value, weight))
        self.total += weight
        self._rebalance()

    def median(self) -> float | None:
        """The weighted median, or ``None`` before any observation."""
        if not self._low:
            return None
        top = -self._low[0][0]
        if math.isclose(self._low_weight, self.total / 2.0, rel_tol=1e-12) and self._high:
            return (top + self._high[0][0]) / 2.0
        return top

    def _rebalance(self) -> None:
        """Keep in the low heap exactly the values up to the median, in ascending order:
        its weight reaches half the total, and without its top it does not."""
        half = self.total / 2.0
        while self._high and not _reaches(self._low_weight, half):
            value, weight = heapq.heappop(self._high)
            heapq.heappush(self._low, (-value, weight))
            self._low_weight += weight
        while self._low and _reaches(self._low_weight - self._low[0][1], half):
            negative, weight = heapq.heappop(self._low)
            heapq.heappush(self._high, (-negative, weight))
            self._low_weight -= weight


def _reaches(running: float, half: float) -> bool:
    return running > half or math.isclose(running, half, rel_tol=1e-12)


class AdaptiveSpeed:
    """:func:`~studyapp.core.plans.speed.adapt_speed` over the samples added so far."""

    def __init__(self, default: ReadingSpeed) -> None:
        self.default = default
        self._zh = RunningWeightedMedian()
        self._en = RunningWeightedMedian()

    def add(self, sample: SpeedSample) -> None:
        """Let one measured session inform the rates (short or empty ones are ignored)."""
        found = observation(self.default, sample)
        if found is None:
            return
        if sample.language in ("zh", "mixed"):
            self._zh.add(*found)
        if sample.language in ("en", "mixed"):
            self._en.add(*found)

    def speed(self) -> ReadingSpeed:
        """The adapted speed now."""
        return ReadingSpeed(
            _blend(self.default.zh_chars_per_minute, self._zh, ZH_BOUNDS),
            _blend(self.default.en_words_per_minute, self._en, EN_BOUNDS),
        )



def _blend(prior: float, median: RunningWeightedMedian, bounds: tuple[float, float]) -> float:
    return blended_rate(prior, median.median(), median.total, bounds)
