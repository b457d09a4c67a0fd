"""studyapp under a pseudo-terminal (the standard library's ``pty``), for the shutdown tests."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from pathlib import Path

_FORKING = threading.Lock()  # apps may be started from several threads at once
LIBRARY_SHOWN = b"Characters"  # a column heading of the library table
SAVED = re.compile(r"reading saved: session (\d+) active ([0-9.e+-]+)")


class PtyApp:
    """One ``python -m studyapp`` process whose terminal is a pty we own (the master side)."""

    def __init__(self, data: Path, *args: str) -> None:
        self.data = data
        env = {**os.environ, "TERM": "xterm-256color", "STUDYAPP_LOG_LEVEL": "DEBUG"}
        env.pop("TEXTUAL_DRIVER", None)
        argv = [sys.executable, "-m", "studyapp", "--data-dir", str(data), "--lang", "en", *args]
        with _FORKING:
            self.pid, self.fd = pty.fork()
            if self.pid == 0:  # the child (the pty is its controlling terminal): nothing but exec
                os.execve(sys.executable, argv, env)
            # pty.fork leaves the master inheritable: another app started later would hold it
            # open, and closing it here would not hang up this app's terminal.
            os.set_inheritable(self.fd, False)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        os.set_blocking(self.fd, False)
        self.output = b""
        self.status: int | None = None

    def read_until(self, marker: bytes, timeout: float = 30.0, since: int = 0) -> None:
        """Read the terminal until ``marker`` appears (after byte ``since`` of the output)."""
        deadline = time.monotonic() + timeout
        while marker not in self.output[since:]:
            assert time.monotonic() < deadline, f"{marker!r} never appeared"
            self.read(0.05)

    def read(self, wait: float) -> None:
        """Read what the app wrote, waiting up to ``wait`` seconds for it."""
        if self.fd < 0:
            return
        ready, _, _ = select.select([self.fd], [], [], wait)
        if ready:
            with contextlib.suppress(BlockingIOError, OSError):
                self.output += os.read(self.fd, 1 << 16)

    def send(self, keys: str) -> None:
        """Type ``keys``; dropped if the app stopped reading its input."""
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self.fd, keys.encode())

    def unread_output(self) -> int:
        """Bytes the app wrote that nobody has read yet."""
        return struct.unpack("i", fcntl.ioctl(self.fd, termios.FIONREAD, b"\0" * 4))[0]

    def close_terminal(self) -> None:
        """Close the master side: the terminal is gone (the kernel hangs up the app)."""
        os.close(self.fd)
        self.fd = -1

    def wait(self, timeout: float) -> float | None:
        """Seconds until the process ended, or None if it still runs after ``timeout``."""
        start = time.monotonic()
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                break
            if time.monotonic() - start > timeout:
                return None
            self.read(0.02)
        return time.monotonic() - start

    def kill(self) -> None:
        """Clean up after a failed test: SIGKILL and reap."""
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.wait(10)
        if self.fd >= 0:
            self.close_terminal()

    def saves(self) -> list[tuple[int, float]]:
        """The reading-session saves the app logged: (session id, active seconds)."""
        log = self.data / "studyapp.log"
        text = log.read_text(encoding="utf-8") if log.exists() else ""
        return [(int(s), float(a)) for s, a in SAVED.findall(text)]


def stored_active_seconds(data: Path) -> dict[int, float]:
    """Active seconds of every reading session in the database."""
    with contextlib.closing(sqlite3.connect(data / "studyapp.sqlite")) as connection:
        rows = connection.execute("SELECT id, active_seconds FROM reading_session").fetchall()
    return {session: active for session, active in rows}


def missing_saves(app: PtyApp) -> list[tuple[int, float]]:
    """Logged saves the database does not hold (a session with less time than logged)."""
    saves = app.saves()
    stored = stored_active_seconds(app.data) if saves else {}
    return [(s, a) for s, a in saves if stored.get(s, -1.0) < a]
