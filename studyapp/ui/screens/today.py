"""Today: the day's and overdue assignments, the daily goal, streak and reviews due."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, ProgressBar

from studyapp.i18n import N_, _, ngettext
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.columns import choose_columns, natural_widths, truncate
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.wrapped import WrappedStatic

if TYPE_CHECKING:
    from studyapp.db.firstscreen import QuickItem
    from studyapp.services.plans import TodayItem, TodayView


def _plan_label(item: TodayItem | QuickItem) -> str:
    if item.status == "reread":
        return _("re-read: a card you keep missing")
    return item.plan + ("  " + _("overdue") if item.status == "overdue" else "")


REVIEW_ROW = "reviews"


def review_row_label(due: int) -> str:
    """The Today row that leads to the review (it starts a line: a capital)."""
    if not due:
        return _("No reviews due")
    return ngettext("{n} review due", "{n} reviews due", due).format(n=due)


def reviews_in_summary(due: int) -> str:
    """The reviews due as a part of the summary line, after other parts."""
    if not due:
        return _("no reviews due")
    return ngettext("{n} review due", "{n} reviews due", due).format(n=due)


def _columns() -> list[tuple[str, str]]:
    return [
        ("", "mark"),
        (_("Reading"), "title"),
        (_("Material"), "material"),
        (_("Minutes"), "minutes"),
        (_("Plan"), "plan"),
    ]


TITLE = 1
KEEP = (0, TITLE)  # the mark and the title always; the title is cut with …
ORDER = (3, 4, 2)  # then minutes, plan and material while they fit
TITLE_ROOM = 30  # cells of a title kept before the less needed columns are added


class TodayScreen(StudyScreen):
    """The home screen once a plan exists."""

    BINDINGS = [
        Binding("l", "library", N_("Library"), id="today-library"),
        Binding("s", "stats", N_("Statistics"), id="today-stats"),
        Binding(
            "v", "app.show_review", N_("Review"), id="today-review", tooltip=N_("Review due cards")
        ),
        Binding("p", "app.new_plan", N_("New plan"), id="today-new-plan"),
        Binding("r", "refresh_today", N_("Refresh"), id="today-refresh", show=False),
    ]

    def __init__(self, first: list[QuickItem] | None = None) -> None:
        """``first``: the assignments the fast read path found, shown until the full view."""
        super().__init__()
        self.items: Sequence[TodayItem | QuickItem] = list(first or [])
        self.first = first
        self.summary = ""
        self.rows: list[tuple[str, list[Text]]] = []  # key, cells of every column
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        """Summary, goal bar, list."""
        yield Header()
        yield WrappedStatic(Text(_("Loading…")), id="today-summary")
        yield ProgressBar(total=1, show_eta=False, id="goal")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="today-list")
        yield StudyFooter()

    def on_mount(self) -> None:
        """Set up the table and load today's list."""
        self.sub_title = _("Today")
        self._layout()
        if self.first is not None:
            self._fill(self.items, None)  # the summary, reviews and the rest follow later
            table = self.query_one(DataTable)
            self.study_app.painted(self, lambda: table.virtual_size.height > 1 or not self.items)
        self.action_refresh_today()

    def relabel_texts(self) -> None:
        """Column names and the list in the new language."""
        self.sub_title = _("Today")
        self._layout()
        self.action_refresh_today()

    def on_resize(self) -> None:
        """Fit the columns to the new width."""
        if self.size.width != self._fitted_width:
            self.call_after_refresh(self._layout)  # once the table has its new width

    def _layout(self) -> None:
        """Columns that fit the width (see :mod:`studyapp.ui.widgets.columns`), rows again."""
        table = self.query_one(DataTable)
        self._fitted_width = self.size.width
        room = (table.size.width or self.app.size.width) - 2  # the vertical scrollbar
        labels = [label for label, _key in _columns()]
        widths = natural_widths(labels, [cells for _key, cells in self.rows])
        padding = 2 * table.cell_padding
        shown, title_width = choose_columns(
            widths, room, padding, keep=KEEP, flex=TITLE, order=ORDER, flex_min=TITLE_ROOM
        )
        row = table.cursor_row
        table.clear(columns=True)
        for index in shown:
            label, key = _columns()[index]
            table.add_column(label, key=key, width=title_width if index == TITLE else widths[index])
        for key, cells in self.rows:
            fitted = [truncate(cells[i], title_width) if i == TITLE else cells[i] for i in shown]
            table.add_row(*fitted, key=key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_screen_resume(self) -> None:
        """Refresh when coming back from the reader."""
        self.action_refresh_today()

    def action_refresh_today(self) -> None:
        """Load today's list again."""
        if self.study_app.service is not None:
            self._load()

    def service_opened(self) -> None:
        """The service is open: load the full view."""
        self.action_refresh_today()

    @work(thread=True, exclusive=True, exit_on_error=False, group="today")
    def _load(self) -> None:
        view = self.service.today_view()
        self.app.call_from_thread(self._show, view)

    def _show(self, view: TodayView) -> None:
        self.items = view.items
        left = sum(i.minutes for i in view.items if not i.done)
        summary = _(
            "{date} · read {minutes:.0f} of {goal:.0f} min today · {streak} · {reviews} · "
            "about {left:.0f} min of reading left"
        ).format(
            date=view.date.isoformat(),
            minutes=view.minutes_today,
            goal=view.goal_minutes,
            streak=ngettext("streak {n} day", "streak {n} days", view.streak).format(n=view.streak),
            reviews=reviews_in_summary(view.reviews_due),
            left=left,
        )
        self.summary = summary
        self.query_one("#today-summary", WrappedStatic).update(Text(summary))
        bar = self.query_one(ProgressBar)
        bar.update(
            total=max(view.goal_minutes, 1), progress=min(view.minutes_today, view.goal_minutes)
        )
        self._fill(view.items, view.reviews_due)

    def _fill(self, items: Sequence[TodayItem | QuickItem], reviews_due: int | None) -> None:
        self.rows = []
        if reviews_due is not None:  # None: not known yet (the fast first frame)
            style = "bold" if reviews_due else "dim"
            self.rows.append(
                (
                    REVIEW_ROW,
                    [
                        Text("⟳", style=style),
                        Text(review_row_label(reviews_due), style=style),
                        Text(""),
                        Text(""),
                        Text(_("Enter: review") if reviews_due else ""),
                    ],
                )
            )
        for index, item in enumerate(items):
            mark = "✓" if item.done else ("!" if item.status == "overdue" else "·")
            if getattr(item, "unconfirmed", False):
                mark = "?"
            style = "dim" if item.done else ("bold red" if item.status == "overdue" else "")
            title = item.unit.title + (" ★" if item.unit.required else "")
            cells = [
                Text(mark, style=style),
                Text(title, style=style, no_wrap=True),
                Text(item.unit.material_id, style="dim"),
                Text("" if item.minutes is None else f"{item.minutes:.0f}", justify="right"),
                Text(_plan_label(item)),
            ]
            self.rows.append((str(index), cells))
        self._layout()
        table = self.query_one(DataTable)
        if not items:
            summary = self.query_one("#today-summary", WrappedStatic)
            nothing = _("Nothing assigned for today. Press p for a new plan, l for the library.")
            summary.update(Text(f"{self.summary}\n{nothing}"))
        table.move_cursor(row=1 if items and not reviews_due else 0)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Open the reader at the chosen assignment, or the review."""
        if event.row_key.value == REVIEW_ROW:
            self.study_app.action_show_review()
            return
        item = self.items[int(str(event.row_key.value))]
        if not self.study_app.open_material(item.unit.material_id, item.unit.section):
            self.notify(_("No material {id}").format(id=item.unit.material_id), severity="error")

    def action_library(self) -> None:
        """Show the library."""
        self.app.pop_screen()

    def action_stats(self) -> None:
        """Show the statistics."""
        from studyapp.ui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
