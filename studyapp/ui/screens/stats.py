"""Statistics: a year of reading as a heatmap, streaks, speed, sections and plans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from studyapp.i18n import N_, _
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.heatmap import Heatmap

if TYPE_CHECKING:
    from studyapp.services.stats import StatsView

BAR = 24


class StatsScreen(StudyScreen):
    """Reading statistics."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="stats-back"),
        Binding("r", "refresh_stats", N_("Refresh"), id="stats-refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        """Summary, heatmap, plans."""
        yield Header()
        with VerticalScroll():
            yield Static(Text(_("Loading…")), id="stats-summary")
            yield Heatmap(id="heatmap")
            yield Static(Text(""), id="stats-review")
            yield Static(Text(""), id="stats-plans")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Compute the statistics in a worker."""
        self.sub_title = _("Statistics")
        self.action_refresh_stats()

    def relabel_texts(self) -> None:
        """The statistics in the new language."""
        self.sub_title = _("Statistics")
        self.action_refresh_stats()

    def action_refresh_stats(self) -> None:
        """Compute the statistics again."""
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stats")
    def _load(self) -> None:
        view = self.service.stats_view()
        self.app.call_from_thread(self._show, view)

    def _show(self, view: StatsView) -> None:
        data = view.to_json()
        speed = data["reading_speed"]
        summary = _(
            "Total {minutes:.0f} min · today {today:.0f}/{goal:.0f} min · streak {streak} days "
            "(best {best}) · {sections} sections finished\n"
            "Reading speed: {zh:.0f} Chinese characters or {en:.0f} English words a minute"
        ).format(
            minutes=view.total_minutes,
            today=view.minutes_by_day.get(view.today, 0.0),
            goal=view.goal_minutes,
            streak=view.streak,
            best=view.best_streak,
            sections=len(view.finished),
            zh=speed["zh_chars_per_minute"],
            en=speed["en_words_per_minute"],
        )
        self.query_one("#stats-summary", Static).update(Text(summary))
        self.query_one(Heatmap).show(view.minutes_by_day, view.today, view.goal_minutes)
        self.query_one("#stats-plans", Static).update(_plans_text(view))
        self.query_one("#stats-review", Static).update(_review_text(view))

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.dismiss()


SPARK = " ▁▂▃▄▅▆▇█"
STATE_NAMES = {
    "new": N_("new"),
    "learning": N_("learning"),
    "review": N_("review"),
    "relearning": N_("relearning"),
    "suspended": N_("suspended"),
    "leech": N_("leech"),
}


def _review_text(view: StatsView) -> Text:
    """Reviews, the 30-day forecast as a sparkline, retention and cards by state."""
    out = Text(_("Review"), style="bold", end="")
    peak = max(view.forecast or [0]) or 1
    spark = "".join(SPARK[round(n / peak * 8)] for n in view.forecast)
    out.append("\n" + _("Due in the next 30 days: ") + f"{spark}  ({sum(view.forecast)})")
    retention = (
        f"{view.true_retention:.0%}" if view.true_retention is not None else _("not yet measured")
    )
    out.append(
        "\n"
        + _("True retention on mature cards: {value} (goal {goal:.0%})").format(
            value=retention, goal=view.desired_retention
        )
    )
    states = ", ".join(
        f"{_(STATE_NAMES.get(name, name))} {count}" for name, count in view.cards_by_state.items()
    )
    out.append("\n" + _("Cards: {states}").format(states=states or "0"))
    out.append("\n" + _("Reviews: {n} in total").format(n=sum(view.reviews_by_day.values())))
    if view.best_challenges:
        out.append(
            "\n" + _("Best challenge run: {n} in a row").format(n=view.best_challenges[0][0])
        )
    return out


def _plans_text(view: StatsView) -> Text:
    out = Text(_("Plans"), style="bold", end="")
    if not view.plans:
        out.append("\n" + _("No plans yet."))
    for progress in view.plans:
        share = progress.units_done / progress.units_total if progress.units_total else 0.0
        filled = round(share * BAR)
        out.append("\n")
        out.append("█" * filled, style="green")
        out.append("░" * (BAR - filled), style="dim")
        out.append(f" {share:4.0%}  ")
        out.append(progress.plan.name)
        out.append(f"  ({progress.units_done}/{progress.units_total})", style="dim")
    return out
