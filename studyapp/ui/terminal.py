"""Terminal output that cannot hang the app when the terminal goes away.

Textual's ``LinuxDriver`` (pinned 8.2.8) hands every write to a ``WriterThread``
through a queue of 30 items and ``put``s without a timeout. When the terminal
vanishes (window closed, SSH dropped) the thread dies on EIO or blocks in
``write``; the queue fills and the next ``put`` — from a render or from the
shutdown's own writes — blocks the event loop for ever, so signal handlers that
need the loop never run. Here output to a terminal that is gone is dropped.

What this relies on in Textual 8.2.8 (``tests/test_terminal.py`` checks each):

- ``LinuxDriver.start_application_mode`` creates ``WriterThread(self._file)``,
  assigns it to ``self._writer_thread`` and then starts it; ``write`` and
  ``close`` reach the thread only through that attribute. A property on the
  subclass swaps in :class:`TerminalWriter` before it starts.
- ``WriterThread`` keeps its queue in ``_queue`` and its file in ``_file``; a
  ``None`` in the queue ends ``run``.
- ``LinuxDriver.__init__`` installs ``self._sigcont_application`` for SIGCONT
  and ``_sigtstp_application`` sets ``_must_signal_resume`` before a real
  suspend. A hang-up also sends SIGCONT; Textual would then restart
  application mode on a dying terminal, so a SIGCONT without a suspend is
  ignored.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable
from typing import IO, Any, cast

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from studyapp.ui.messages import TerminalGone

POLL_SECONDS = 0.1  # a full queue re-checks whether the terminal is gone this often
STOP_SECONDS = 1.0  # close() waits at most this long for the writer to finish
OUTPUT_PATIENCE_SECONDS = 0.5  # on SIGTERM a write stuck this long drops all output


class TerminalWriter(WriterThread):
    """Textual's writer thread, but it never blocks its callers on a terminal that is gone.

    An ``OSError`` on output (EIO, EPIPE, …) marks the terminal gone and calls
    ``on_gone`` once; from then on writes are dropped and the queue is drained.
    """

    def __init__(self, file: IO[str], on_gone: Callable[[], None]) -> None:
        super().__init__(file)
        self.gone = threading.Event()
        self.patience: float | None = None  # set while shutting down: how long a full queue waits
        self._on_gone = on_gone

    def write(self, text: str) -> None:
        """Queue ``text``; drop it if the terminal is gone (or stays stuck while shutting down)."""
        self._put(text)

    def after_output(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` in this thread once what is queued so far is written and flushed."""
        self._put(callback)

    def _put(self, item: str | Callable[[], None]) -> None:
        waited_since: float | None = None
        while not self.gone.is_set():
            try:
                # Textual's queue is typed for text; a callable marks "written up to here"
                cast("queue.Queue[object]", self._queue).put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                waited_since = waited_since or time.monotonic()
                if self.patience is not None and time.monotonic() - waited_since > self.patience:
                    self.drop_output()

    def drop_output(self) -> None:
        """From now on nothing more is written; whatever is queued is discarded."""
        self.gone.set()

    def run(self) -> None:
        """Write what is queued until a ``None``; after a failure only drain the queue."""
        while (item := self._queue.get()) is not None:
            if callable(item):
                if not self.gone.is_set():
                    self._guarded(self._file.flush)
                item()
            elif not self.gone.is_set():
                self._send(item)
        if not self.gone.is_set():
            self._guarded(self._file.flush)

    def _send(self, text: str) -> None:
        self._guarded(self._file.write, text)
        if self._queue.qsize() == 0:
            self._guarded(self._file.flush)

    def _guarded(self, call: Callable[..., Any], *args: Any) -> None:
        try:
            call(*args)
        except (OSError, ValueError):  # EIO/EPIPE: the terminal is gone; ValueError: file closed
            if not self.gone.is_set():
                self.gone.set()
                self._on_gone()

    def stop(self) -> None:
        """End the thread; wait a bounded time (a stuck ``write`` must not hold the exit)."""
        try:
            self._queue.put(None, timeout=STOP_SECONDS)
        except queue.Full:
            self.drop_output()
        self.join(STOP_SECONDS)


class StudyDriver(LinuxDriver):
    """``LinuxDriver`` with a :class:`TerminalWriter` and no restart on a stray SIGCONT.

    When output fails it posts :class:`TerminalGone` to the app (from the writer thread).
    """

    _writer: TerminalWriter | None = None

    @property
    def _writer_thread(self) -> TerminalWriter | None:
        return self._writer

    @_writer_thread.setter
    def _writer_thread(self, writer: WriterThread | None) -> None:
        # Textual assigns a fresh WriterThread before starting it: ours takes its place.
        if writer is not None and not isinstance(writer, TerminalWriter):
            assert self._file is not None  # Textual starts a writer only with an output file
            writer = TerminalWriter(self._file, self._terminal_gone)
        self._writer = writer

    def _terminal_gone(self) -> None:
        self._app.post_message(TerminalGone())

    def after_output(self, callback: Callable[[], None]) -> bool:
        """Have the writer thread call ``callback`` once the output so far is written;
        ``False`` when there is no writer thread."""
        if self._writer is None or self._writer.gone.is_set():
            return False
        self._writer.after_output(callback)
        return True

    def drop_output(self) -> None:
        """The terminal is gone (SIGHUP): write nothing more."""
        if self._writer is not None:
            self._writer.drop_output()

    def hurry(self, patience: float) -> None:
        """Shutting down: a write that waits longer than ``patience`` drops all output."""
        if self._writer is not None:
            self._writer.patience = patience

    def _sigcont_application(self, *args: Any) -> None:
        if self._must_signal_resume:  # only after our own SIGTSTP
            super()._sigcont_application(*args)


def quiet_terminal(driver: object, signum: int) -> None:
    """On SIGHUP write nothing more; on SIGTERM let a stuck write give up soon."""
    if isinstance(driver, StudyDriver):
        if signum == signal.SIGHUP:
            driver.drop_output()
        else:
            driver.hurry(OUTPUT_PATIENCE_SECONDS)
