"""The reading class (读书班) for its organiser: each group's members with minutes this
week, the group plans read, quiz accuracy, reviews due and who is behind.

Reachable (Ctrl+G, or the command palette) only when connected to a PostgreSQL server as
an organiser; the database refuses the members' rows to anyone else anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from studyapp.i18n import N_, _
from studyapp.ui.screens.base import StudyScreen
from studyapp.ui.widgets.footer import StudyFooter

if TYPE_CHECKING:
    from studyapp.services.groups import MemberStanding

COLUMNS = (
    N_("Group"),
    N_("Learner"),
    N_("Min/week"),
    N_("Read"),
    N_("Accuracy"),
    N_("Due"),
    N_("Status"),
)


class GroupLoaded(Message):
    """The groups' standings were read (or could not be: ``error``)."""

    def __init__(self, groups: dict[str, list[MemberStanding]], error: str | None) -> None:
        super().__init__()
        self.groups = groups
        self.error = error


class GroupScreen(StudyScreen):
    """The members of the groups the learner organises."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="group-back"),
        Binding("r", "refresh_group", N_("Refresh"), id="group-refresh"),
    ]
    FOOTER_FIRST = ("back",)

    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, list[MemberStanding]] | None = None

    def compose(self) -> ComposeResult:
        """A summary line over the members' table."""
        yield Header()
        yield Static(Text(_("Loading…")), id="group-summary")
        yield DataTable(id="group-members", cursor_type="row", zebra_stripes=True)
        yield StudyFooter()

    def on_mount(self) -> None:
        """Read the standings in a worker."""
        self.relabel_texts()

    def relabel_texts(self) -> None:
        """Headings and rows in the current language."""
        self.sub_title = _("Reading class")
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns(*(_(name) for name in COLUMNS))
        self.action_refresh_group()

    def action_refresh_group(self) -> None:
        """Read the standings again."""
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="group")
    def _load(self) -> None:
        from studyapp.services.groups import ServerError

        try:
            names = self.service.organised_groups()
            groups = {name: self.service.group_progress(name) for name in names}
        except ServerError as error:
            self.post_message(GroupLoaded({}, str(error)))
            return
        self.post_message(GroupLoaded(groups, None))

    def on_group_loaded(self, message: GroupLoaded) -> None:
        """Fill the table and the summary."""
        self.groups = message.groups
        table = self.query_one(DataTable)
        table.clear()
        for name, members in message.groups.items():
            for member in members:
                table.add_row(*_cells(name, member), key=f"{name}\n{member.learner}")
        self.query_one("#group-summary", Static).update(Text(_summary(message)))

    def action_back(self) -> None:
        """Return to the previous screen."""
        self.dismiss()


def _cells(group: str, member: MemberStanding) -> tuple[Text, ...]:
    accuracy = "-" if member.accuracy is None else f"{member.accuracy:.0%}"
    status = Text(_("behind"), style="bold red") if member.behind else Text(_("on track"))
    return (
        Text(group),
        Text(member.learner),
        Text(f"{member.minutes_this_week:.0f}", justify="right"),
        Text(f"{member.units_done}/{member.units_total}", justify="right"),
        Text(accuracy, justify="right"),
        Text(str(member.reviews_due), justify="right"),
        status,
    )


def _summary(message: GroupLoaded) -> str:
    if message.error is not None:
        return message.error
    if not message.groups:
        return _("You organise no group yet: studyapp group create NAME")
    members = [m for group in message.groups.values() for m in group]
    return _("{groups} groups, {members} members, {behind} behind schedule").format(
        groups=len(message.groups),
        members=len(members),
        behind=sum(1 for m in members if m.behind),
    )
