"""Cutting a row of weights into contiguous parts with the smallest largest part."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def _tolerance(value: float) -> float:
    """Slack for float comparisons of summed minutes."""
    return 1e-9 * max(1.0, abs(value))


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
