"""What every full screen of studyapp shares: bindings in the UI language, the app typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.screen import Screen

from studyapp.ui.bindings import localise_bindings, relabel_keys

if TYPE_CHECKING:
    from studyapp.services import StudyService
    from studyapp.ui.app import StudyApp


def ready_service(app: StudyApp) -> StudyService:
    """The app's service, for screens that the app shows only once it is open."""
    assert app.service is not None, "a screen used the service before it opened"
    return app.service


class StudyScreen(Screen[None]):
    """A screen whose key descriptions follow the UI language."""

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ()
    """Actions whose footer labels stay, after help and quit, when the width is short."""

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)

    def relabel(self) -> None:
        """Show this screen in the language just chosen, keeping what the learner was doing."""
        relabel_keys(self)
        self.relabel_texts()

    def relabel_texts(self) -> None:
        """Redraw the screen's own texts in the current language (screens override this)."""

    def _compositor_refresh(self) -> None:
        """Textual's repaint, unless the app holds the start-up frame (``holds_frame``)."""
        holds = getattr(self.app, "holds_frame", None)
        if holds is not None and self is self.app.screen and holds():
            return
        super()._compositor_refresh()

    @property
    def study_app(self) -> StudyApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]  # a StudyScreen runs only in StudyApp

    @property
    def service(self) -> StudyService:
        """The open service (see :func:`ready_service`)."""
        return ready_service(self.study_app)
