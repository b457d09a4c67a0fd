"""Going places in the app: opening the reader, a quiz, a challenge or a cram session on a
material, and the screens the global keys show (Today, a new plan, Review, Stats, Search,
the reading class, Help)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from studyapp.core.materials import Material
    from studyapp.core.quiz.model import SourceRef
    from studyapp.services import StudyService


class Navigation(App[int]):
    """The screens :class:`studyapp.ui.app.StudyApp` opens, by material or by key."""

    service: StudyService | None
    materials: list[Material] | None
    organiser: bool = False  # connected to a server as an organiser: the Group screen is offered

    def find_material(self, material_id: str) -> Material | None:
        """A material of the loaded library."""
        return next((m for m in self.materials or [] if m.id == material_id), None)

    def open_material(
        self, material_id: str, section: str | None = None, highlight: SourceRef | None = None
    ) -> bool:
        """Open a material in the reader, optionally at a section (anchor or number).

        ``highlight`` marks a passage (a quiz question's source) and opens the reader there.
        """
        from studyapp.ui.screens.reader import ReaderScreen

        material = self.find_material(material_id)
        if material is None:  # the reader reads its text on the fast path until the service is up
            return False
        self.push_screen(ReaderScreen(material, section, highlight))
        return True

    def open_quiz(self, material_id: str, section: str | None = None) -> bool:
        """Start a quiz on a material or one of its sections."""
        from studyapp.ui.screens.quiz import QuizScreen

        material = self.find_material(material_id)
        if material is None or self.service is None:
            return False
        self.push_screen(QuizScreen(material, section))
        return True

    def open_challenge(self, material_id: str, seconds: float | None = None) -> bool:
        """Start a challenge run (挑战答题) on a material."""
        from studyapp.ui.screens.challenge import ChallengeScreen

        material = self.find_material(material_id)
        if material is None or self.service is None:
            return False
        self.push_screen(ChallengeScreen(material, seconds))
        return True

    def open_cram(self, material_id: str) -> bool:
        """Review a material's cards now without touching their schedule."""
        from studyapp.ui.screens.review import ReviewScreen

        material = self.find_material(material_id)
        if material is None or self.service is None:
            return False
        self.push_screen(ReviewScreen(cram=material))
        return True

    def action_show_library(self) -> None:
        """Go back to the home screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_show_today(self) -> None:
        """Show today's reading."""
        from studyapp.ui.screens.today import TodayScreen

        if self.service is not None and not isinstance(self.screen, TodayScreen):
            self.push_screen(TodayScreen())

    def action_new_plan(self) -> None:
        """Create a plan in a dialog; Today shows it once saved."""
        from studyapp.ui.screens.new_plan import NewPlanScreen
        from studyapp.ui.screens.today import TodayScreen

        def saved(done: bool | None) -> None:
            if not done:
                return
            if isinstance(self.screen, TodayScreen):
                self.screen.action_refresh_today()
            else:
                self.action_show_today()

        if self.service is not None and self.materials:
            self.push_screen(NewPlanScreen(), saved)

    def action_show_review(self) -> None:
        """Review the cards due today."""
        from studyapp.ui.screens.review import ReviewScreen

        if self.service is not None:
            self.push_screen(ReviewScreen())

    def action_show_stats(self) -> None:
        """Show the statistics."""
        from studyapp.ui.screens.stats import StatsScreen

        if self.service is not None and not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_show_search(self) -> None:
        """Search all materials."""
        from studyapp.ui.screens.search import SearchScreen

        if self.service is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_show_group(self) -> None:
        """Show the reading class (organisers on a PostgreSQL server only)."""
        from studyapp.ui.screens.group import GroupScreen

        if self.service is not None and self.organiser and not isinstance(self.screen, GroupScreen):
            self.push_screen(GroupScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The Group key works only for organisers."""
        return self.organiser if action == "show_group" else True

    def action_help(self) -> None:
        """Show the keys of the current screen and the global ones (or close that help)."""
        from studyapp.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen.for_screen(self, self.screen))
