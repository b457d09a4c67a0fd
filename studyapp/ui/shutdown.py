"""Ending on SIGHUP, SIGTERM or a vanished terminal: save first, then end within a bound.

The Python-level handlers run on the main thread even while the event loop is
blocked, so they only set flags, stop terminal output and schedule the save on
the loop. A SIGALRM timer with the default action is the backstop: the kernel
ends the process when it fires, whatever Python is doing (even during
interpreter finalization, where a watchdog thread could no longer run).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

from textual.app import App

SAVE_BUSY_SECONDS = 1.0  # the last writes wait this long for a database lock (not 15 s)
SAVE_DEADLINE_SECONDS = 3.0  # if the save has not run by then (loop stuck), end anyway
EXIT_SECONDS = 2.0  # once saved, the terminal teardown gets this long
BURST_SECONDS = 0.5  # signals this soon after the first are the same hang-up
SIGNALS = ("SIGTERM", "SIGHUP")


class ShutdownGuard:
    """Owns the SIGTERM/SIGHUP handlers and the deadline of one app run.

    ``on_signal(signum)`` is called from the handler on the first signal. A later
    signal ends the process at once, except within ``BURST_SECONDS`` of the first:
    a hang-up arrives as a burst (the kernel, the shell, tmux each send SIGHUP).
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self.started = 0.0
        self._on_signal: Callable[[int], None] | None = None
        self._previous: dict[int, Any] = {}
        self._wake_up: _WakeUp | None = None

    def install(self, on_signal: Callable[[int], None], loop: asyncio.AbstractEventLoop) -> None:
        """Handle SIGTERM and SIGHUP (a no-op where they do not exist or off the main thread)."""
        self._on_signal = on_signal
        for name in SIGNALS:
            signum = getattr(signal, name, None)
            if signum is not None:
                with contextlib.suppress(ValueError, OSError):
                    self._previous[signum] = signal.signal(signum, self._handle)
        if self._previous:
            self._wake_up = _WakeUp(loop)

    def uninstall(self) -> None:
        """Put the previous handlers back."""
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, previous)
        self._previous.clear()
        if self._wake_up is not None:
            self._wake_up.close()
            self._wake_up = None

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.signum is not None:
            if time.monotonic() - self.started > BURST_SECONDS:
                os._exit(128 + signum)  # a second signal: end now
            return
        self.begin(signum)
        if self._on_signal is not None:
            self._on_signal(signum)

    def begin(self, signum: int) -> bool:
        """Start shutting down for ``signum``; False if already shutting down."""
        if self.signum is not None:
            return False
        self.signum, self.started = signum, time.monotonic()
        _end_in(SAVE_DEADLINE_SECONDS + EXIT_SECONDS)
        return True

    def saved(self) -> None:
        """The learner's state is on disk: the rest of the shutdown gets ``EXIT_SECONDS``."""
        if self.signum is not None:
            _end_in(EXIT_SECONDS)


class _WakeUp:
    """Wakes the event loop when a signal arrives, so the handler runs at once.

    A Python handler runs on the main thread, but the kernel may deliver the
    signal to another thread (Textual's input and output threads, workers); the
    main thread would then sleep on in ``select`` until something else wakes it.
    ``signal.set_wakeup_fd`` makes the C handler write a byte to a socket the
    loop watches.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.reader, self.writer = socket.socketpair()
        self.reader.setblocking(False)
        self.writer.setblocking(False)
        loop.add_reader(self.reader.fileno(), self._drain)
        self.previous = signal.set_wakeup_fd(self.writer.fileno(), warn_on_full_buffer=False)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while self.reader.recv(512):
                pass

    def close(self) -> None:
        with contextlib.suppress(ValueError):
            signal.set_wakeup_fd(self.previous)
        self.loop.remove_reader(self.reader.fileno())
        self.reader.close()
        self.writer.close()


def run_app(app: App[Any], guard: ShutdownGuard) -> None:
    """Run ``app`` as ``App.run`` does; after a signal or a lost terminal, end at once.

    ``asyncio.run`` would wait for thread workers (a first-run import, a backup)
    to finish; their writes are transactional or atomic, and the learner's
    state is already saved, so the process ends without waiting for them.
    """
    with asyncio.Runner() as runner:
        runner.run(app.run_async())
        if guard.signum is not None:
            os._exit(app.return_code or 0)


def _end_in(seconds: float) -> None:
    """Let the kernel end the process after ``seconds`` (SIGALRM, default action)."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, seconds)
