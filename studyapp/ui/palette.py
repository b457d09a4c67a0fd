"""Command palette: open any material, switch theme or language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from studyapp.i18n import _

if TYPE_CHECKING:
    from studyapp.ui.app import StudyApp


class StudyCommands(Provider):
    """studyapp's own commands, next to Textual's system commands."""

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]  # the provider only runs inside StudyApp

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = self.study_app
        commands: list[tuple[str, Callable[[], object], str]] = [
            (_("Library"), app.action_show_library, _("Show the list of materials")),
            (_("Today"), app.action_show_today, _("Today's reading and overdue assignments")),
            (_("Statistics"), app.action_show_stats, _("Reading minutes, streaks, plans")),
            (_("Review"), app.action_show_review, _("Spaced review of the cards due today")),
            (
                _("Search all materials"),
                app.action_show_search,
                _("Find a word or phrase in every material"),
            ),
            (_("Back up now"), app.action_back_up, _("Copy the database to the backups folder")),
            (
                _("Export study record (Markdown)"),
                app.action_export_report,
                _("Reading time, sections finished, quiz accuracy and notes, to hand in"),
            ),
            (
                _("Export Anki deck"),
                app.action_export_anki,
                _("Every stored question as an Anki package (.apkg)"),
            ),
            (_("Toggle light/dark theme"), app.action_toggle_theme, _("Switch the colour theme")),
            (
                _("Language: 中文 / English"),
                app.action_switch_language,
                _("Switch the UI language"),
            ),
        ]
        if app.organiser:
            commands.append(
                (
                    _("Reading class"),
                    app.action_show_group,
                    _("Members of your groups: minutes, plans read, accuracy, who is behind"),
                )
            )
        for material in app.materials or []:
            commands.append(
                (
                    _("Open: {title}").format(title=material.title),
                    partial(app.open_material, material.id),
                    material.id,
                )
            )
            commands.append(
                (
                    _("Quiz: {title}").format(title=material.title),
                    partial(app.open_quiz, material.id),
                    material.id,
                )
            )
            commands.append(
                (
                    _("Challenge: {title}").format(title=material.title),
                    partial(app.open_challenge, material.id),
                    _("Questions until the first miss"),
                )
            )
            commands.append(
                (
                    _("Cram: {title}").format(title=material.title),
                    partial(app.open_cram, material.id),
                    _("Review this material's cards now, schedule untouched"),
                )
            )
        return commands

    async def discover(self) -> Hits:
        """Offer every command when the palette opens."""
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches ``query``."""
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
