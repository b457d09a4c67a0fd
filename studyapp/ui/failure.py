"""The TUI's side of the one error handler: an unexpected error ends the app quietly and is
kept, so that the CLI prints it as one line and logs its traceback (``cli.errors``)."""

from __future__ import annotations

from typing import Any


class KeepsFailure:
    """Mixin for the Textual app: ``failure`` holds the error that ended the app, if any."""

    failure: BaseException | None = None

    def _handle_exception(self, error: Exception) -> None:
        """Instead of Textual's full-screen traceback: remember the error and exit (status 1).

        Tests driving the app with a pilot still see the error raised, as Textual does.
        """
        app: Any = self
        self.failure = error
        app._return_code = 1
        if app._exception is None:
            app._exception = error
            app._exception_event.set()
        app.exit(return_code=1)
