"""Reading statistics for ``studyapp stats`` and the Stats screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from studyapp.core.plans import ReadingSpeed
from studyapp.core.progress import best_streak, streak
from studyapp.core.review import cards_by_state, forecast
from studyapp.services.plans import PlanProgress, minutes_by_day, plan_progress, reading_speed
from studyapp.services.review import review_settings

if TYPE_CHECKING:
    from studyapp.services import StudyService

YEAR = 371  # 53 weeks: what the heatmap shows


@dataclass(frozen=True)
class StatsView:
    """Everything the statistics show, computed once."""

    today: dt.date
    minutes_by_day: dict[dt.date, float]
    goal_minutes: float
    streak: int
    best_streak: int
    finished: list[tuple[str, str, dt.date]]  # material, section, local day
    speed: ReadingSpeed
    plans: list[PlanProgress]
    reviews_by_day: dict[dt.date, int] = field(default_factory=dict)
    forecast: list[int] = field(default_factory=list)
    true_retention: float | None = None
    desired_retention: float = 0.9
    cards_by_state: dict[str, int] = field(default_factory=dict)
    best_challenges: list[tuple[int, str | None, dt.datetime]] = field(default_factory=list)

    @property
    def total_minutes(self) -> float:
        """All reading minutes ever."""
        return sum(self.minutes_by_day.values())

    def to_json(self) -> dict[str, Any]:
        """The public ``stats --json`` shape."""
        since = self.today - dt.timedelta(days=YEAR)
        return {
            "today": self.today.isoformat(),
            "goal_minutes": self.goal_minutes,
            "total_minutes": round(self.total_minutes, 1),
            "streak": self.streak,
            "best_streak": self.best_streak,
            "minutes_by_day": {
                day.isoformat(): round(minutes, 2)
                for day, minutes in sorted(self.minutes_by_day.items())
                if day >= since
            },
            "sections_finished": len(self.finished),
            "finished": [
                {"material": m, "section": s, "date": d.isoformat()} for m, s, d in self.finished
            ],
            "reading_speed": {
                "zh_chars_per_minute": round(self.speed.zh_chars_per_minute, 1),
                "en_words_per_minute": round(self.speed.en_words_per_minute, 1),
            },
            "plans": [
                {"name": p.plan.name, "units_done": p.units_done, "units_total": p.units_total}
                for p in self.plans
            ],
            "reviews_by_day": {
                day.isoformat(): n for day, n in sorted(self.reviews_by_day.items()) if day >= since
            },
            "review_forecast": self.forecast,
            "true_retention": self.true_retention,
            "desired_retention": self.desired_retention,
            "cards_by_state": self.cards_by_state,
            "best_challenges": [
                {"streak": n, "material": m, "date": when.isoformat()}
                for n, m, when in self.best_challenges
            ],
        }


def stats_view(service: StudyService) -> StatsView:
    """Compute the statistics from the stored sessions, sections and plans."""
    minutes = minutes_by_day(service)
    goal = service.settings.reading.daily_goal_minutes
    today = service.local_day()
    finished = sorted(
        (p.material_id, p.section, service.local_day(p.finished_at))
        for p in service.progress.section_progress()
        if p.finished_at is not None
    )
    speed = reading_speed(service)
    settings = review_settings(service)
    cards = service.reviews.cards()
    return StatsView(
        today,
        minutes,
        goal,
        streak(minutes, goal, today),
        best_streak(minutes, goal),
        sorted(finished, key=lambda item: item[2]),
        speed,
        [plan_progress(service, plan) for plan in service.plans.all(speed)],
        service.reviews.reviews_by_day(),
        forecast(cards, today, service.tz, 30),
        service.reviews.retention(settings.mature_days),
        settings.desired_retention,
        cards_by_state(cards),
        service.reviews.best_challenges(),
    )
