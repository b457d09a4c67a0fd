"""New plan: choose materials, a finish-by date or minutes a day, see the days, then save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static

from studyapp.i18n import N_, _, ngettext
from studyapp.ui.bindings import localise_bindings
from studyapp.ui.screens.base import ready_service
from studyapp.ui.widgets.footer import StudyFooter
from studyapp.ui.widgets.wrapped import WrappedStatic

if TYPE_CHECKING:
    from studyapp.core.plans import Assignment
    from studyapp.ui.app import StudyApp

PREVIEW_DAYS = 14


class NewPlanScreen(ModalScreen[bool]):
    """Dismissed with ``True`` once a plan was saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="new-plan-save", priority=True),
        Binding("escape", "cancel", N_("Cancel"), id="new-plan-cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.days: list[Assignment] = []
        localise_bindings(self)

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]  # shown only by StudyApp

    def compose(self) -> ComposeResult:
        """Materials, the two ways to pace the plan, the preview."""
        materials = self.study_app.materials or []
        with Vertical(id="new-plan-box"):
            yield Static(Text(_("New plan")), id="new-plan-title")
            yield SelectionList[str](*((m.title, m.id) for m in materials), id="new-plan-materials")
            with Horizontal(id="new-plan-pace"):
                yield Input(placeholder=_("Finish by (YYYY-MM-DD)"), id="new-plan-finish")
                yield Input(placeholder=_("or minutes a day"), id="new-plan-minutes")
            with VerticalScroll(id="new-plan-preview-box"):
                yield WrappedStatic(Text(_("Choose materials and a pace.")), id="new-plan-preview")
        yield StudyFooter()

    @on(SelectionList.SelectedChanged)
    @on(Input.Changed)
    def _changed(self) -> None:
        self._preview()

    def _request(self) -> tuple[list[str], dt.date | None, float | None, str]:
        """The chosen materials and pace, or an explanation of what is missing."""
        refs = list(self.query_one(SelectionList).selected)
        finish_text = self.query_one("#new-plan-finish", Input).value.strip()
        minutes_text = self.query_one("#new-plan-minutes", Input).value.strip()
        finish = minutes = None
        if not refs:
            return refs, None, None, _("Choose at least one material.")
        if bool(finish_text) == bool(minutes_text):
            return refs, None, None, _("Give a finish-by date or minutes a day (not both).")
        try:
            if finish_text:
                finish = dt.date.fromisoformat(finish_text)
            else:
                minutes = float(minutes_text)
        except ValueError:
            return refs, None, None, _("Write the date as 2026-12-31 and the minutes as a number.")
        return refs, finish, minutes, ""

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-plan")
    def _preview(self) -> None:
        from studyapp.services.plans import PlanError

        refs, finish, minutes, problem = self._request()
        days: list[Assignment] = []
        if not problem:
            try:
                days = ready_service(self.study_app).plan_days(refs, None, finish, minutes)
            except PlanError:
                problem = _("This plan cannot be made: check the date and the minutes.")
        self.app.call_from_thread(self._show, days, problem)

    def _show(self, days: list[Assignment], problem: str) -> None:
        self.days = days
        preview = self.query_one("#new-plan-preview", WrappedStatic)
        if problem:
            preview.update(Text(problem, style="yellow"))
            return
        lines = Text(
            ngettext("{n} day · Ctrl+S saves", "{n} days · Ctrl+S saves", len(days)).format(
                n=len(days)
            ),
            style="bold",
        )
        for day in days[:PREVIEW_DAYS]:
            titles = "、".join(dict.fromkeys(unit.title for unit in day.units))
            minutes = _("{minutes:.0f} min").format(minutes=day.minutes)
            lines.append(f"\n{day.day.isoformat()}  {minutes:>8}  {titles}")
        if len(days) > PREVIEW_DAYS:
            lines.append("\n…")
        preview.update(lines)

    def action_save(self) -> None:
        """Store the plan previewed."""
        from studyapp.services.plans import PlanError

        refs, finish, minutes, problem = self._request()
        if problem or not self.days:
            self.notify(problem or _("Nothing to save yet."), severity="warning")
            return
        try:
            plan = ready_service(self.study_app).add_plan(
                refs,
                name=None,
                start=None,
                finish_by=finish,
                minutes_per_day=minutes,
            )
        except PlanError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(_("Plan saved: {name}").format(name=plan.name), markup=False)
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(False)
