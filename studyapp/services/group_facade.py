"""The reading-class use cases as methods of ``StudyService`` (the UI and the CLI call
only the facade); their bodies are in :mod:`studyapp.services.groups`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from studyapp.core.reading import StoredPlan
    from studyapp.services import StudyService
    from studyapp.services.groups import MemberStanding


class GroupFacade:
    """Named reading classes on a PostgreSQL server (refused on SQLite)."""

    def _service(self) -> StudyService:
        return cast("StudyService", self)  # a mixin of StudyService only

    def organiser_here(self) -> bool:
        """Whether the learner is connected to a server as an organiser."""
        from studyapp.services.groups import organiser_here

        return organiser_here(self._service())

    def create_group(self, name: str) -> None:
        """Create the group ``name``, organised by the learner."""
        from studyapp.services.groups import create_group

        create_group(self._service(), name)

    def add_group_members(self, name: str, roles: Sequence[str]) -> dict[str, int]:
        """Add learners to the group; how many group plans each was given."""
        from studyapp.services.groups import add_members

        return add_members(self._service(), name, roles)

    def remove_group_members(self, name: str, roles: Sequence[str]) -> dict[str, bool]:
        """Take learners out of the group; per role, whether it was a member."""
        from studyapp.services.groups import remove_members

        return remove_members(self._service(), name, roles)

    def require_group_organiser(self, name: str) -> None:
        """Raise ``ServerError`` unless the group exists and the learner organises it."""
        from studyapp.services.groups import require_organiser

        require_organiser(self._service(), name)

    def delete_group(self, name: str) -> None:
        """Delete the group (its organiser only); members keep their plan copies."""
        from studyapp.services.groups import delete_group

        delete_group(self._service(), name)

    def rename_group(self, name: str, new: str) -> None:
        """Rename the group (its organiser only)."""
        from studyapp.services.groups import rename_group

        rename_group(self._service(), name, new)

    def set_group_plan(
        self,
        name: str,
        refs: Sequence[str],
        *,
        plan_name: str | None,
        start: dt.date | None,
        finish_by: dt.date,
    ) -> tuple[StoredPlan, int]:
        """Plan ``refs`` for the group; the organiser's plan and how many members got it."""
        from studyapp.services.groups import set_group_plan

        return set_group_plan(
            self._service(), name, refs, plan_name=plan_name, start=start, finish_by=finish_by
        )

    def organised_groups(self) -> list[str]:
        """The groups the learner organises."""
        from studyapp.services.groups import organised_groups

        return organised_groups(self._service())

    def group_progress(self, name: str) -> list[MemberStanding]:
        """Every member's standing in the group (its organiser only)."""
        from studyapp.services.groups import group_progress

        return group_progress(self._service(), name)
