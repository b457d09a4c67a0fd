"""Closing the terminal or SIGTERM ends studyapp, and what it logged as saved is on disk."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.pty_app import LIBRARY_SHOWN, PtyApp, missing_saves

pytestmark = pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs pty")

CTRL_T = "\x14"  # toggles the theme: every press repaints the whole screen
PTY_BUFFER = 4096  # what a Linux pty master holds for reading (N_TTY_BUF_SIZE)


def _stuck_output(app: PtyApp, seconds: float = 1.5, timeout: float = 30.0) -> int:
    """Make the app write more than the pty holds while nobody reads; the bytes waiting.

    Once the pty's read buffer is full, ``seconds`` more of repaints fill the
    kernel's buffers behind it and then Textual's queue of 30 writes.
    """
    deadline = time.monotonic() + timeout
    full_since: float | None = None
    while full_since is None or time.monotonic() - full_since < seconds:
        assert time.monotonic() < deadline, "the app's output never backed up"
        app.send(CTRL_T)
        time.sleep(0.02)
        if full_since is None and app.unread_output() >= PTY_BUFFER - 1:
            full_since = time.monotonic()
    return app.unread_output()


def test_closing_the_terminal_while_output_is_stuck_ends_the_app(tmp_path: Path) -> None:
    """The hang from the issue, forced: the writer is blocked, its queue full, then the
    terminal closes before any shutdown write. Textual's own writer hangs here for ever."""
    app = PtyApp(tmp_path / "data")
    try:
        app.read_until(LIBRARY_SHOWN)
        assert _stuck_output(app) >= PTY_BUFFER - 1  # the pty is full: the app's writes block
        app.send("\r")  # open the first material: a reading session starts
        app.close_terminal()
        elapsed = app.wait(10)
        assert elapsed is not None, "studyapp still runs 10 s after its terminal closed"
    finally:
        app.kill()
    assert missing_saves(app) == []
