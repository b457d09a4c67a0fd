"""The reading speed kept up to date session by session equals the model over all of them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.plans import ReadingSpeed, SpeedSample, adapt_speed
from studyapp.core.plans.adaptive import AdaptiveSpeed, RunningWeightedMedian
from studyapp.core.plans.speed import _weighted_median

values = st.one_of(st.floats(0.1, 5.0), st.integers(1, 4).map(float))
weights = st.one_of(st.sampled_from([60.0, 120.0, 300.0]), st.floats(1.0, 4000.0))


@given(st.lists(st.tuples(values, weights), min_size=1, max_size=40))
def test_the_running_median_is_the_weighted_median_after_every_value(
    observations: list[tuple[float, float]],
) -> None:
    running = RunningWeightedMedian()
    for index, (value, weight) in enumerate(observations):
        running.add(value, weight)
        assert running.median() == _weighted_median(observations[: index + 1])


samples = st.builds(
    SpeedSample,
    st.sampled_from(["zh", "en", "mixed"]),
    st.integers(0, 20_000),
    st.integers(0, 5_000),
    st.floats(0.0, 5_000.0),
)


@given(st.lists(samples, max_size=30))
def test_the_adaptive_speed_is_adapt_speed_over_the_samples_so_far(
    measured: list[SpeedSample],
) -> None:
    model = AdaptiveSpeed(ReadingSpeed())
    assert model.speed() == adapt_speed(ReadingSpeed(), [])
    for index, sample in enumerate(measured):
        model.add(sample)
        assert model.speed() == adapt_speed(ReadingSpeed(), measured[: index + 1])
