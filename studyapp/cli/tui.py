"""Opening the TUI from a command (``studyapp``, ``read``, ``review``) and its exit code."""

from __future__ import annotations

import sys
from typing import Any

from studyapp.cli.common import Context
from studyapp.cli.errors import report


def exit_after(app: Any) -> None:
    """After the TUI: an error that ended it becomes the one line; else its return code."""
    if app.failure is not None:
        sys.exit(report(app.failure))
    if app.return_code:
        sys.exit(app.return_code)


def run_tui_screen(context: Context, screen: str) -> None:
    from studyapp.ui.app import make_app
    from studyapp.ui.shutdown import run_app

    app = make_app(context.locations, language=context.language, open_screen=screen)
    run_app(app, app.guard)
    exit_after(app)
