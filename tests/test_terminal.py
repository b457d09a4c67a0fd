"""What studyapp.ui.terminal relies on in Textual (pinned 8.2.8), and the writer's behaviour.

If a Textual upgrade changes any of this, these tests fail: re-check the workaround.
"""

from __future__ import annotations

import errno
import inspect
import io
import threading
import time

import pytest

pytest.importorskip("termios")

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

from studyapp.ui.terminal import StudyDriver, TerminalWriter


def _source(function: object) -> str:
    return inspect.getsource(function)  # type: ignore[arg-type]


def test_linux_driver_creates_assigns_then_starts_its_writer_thread() -> None:
    start = _source(LinuxDriver.start_application_mode)
    created = start.index("self._writer_thread = WriterThread(self._file)")
    assert created < start.index("self._writer_thread.start()")
    assert "self._writer_thread.write(data)" in _source(LinuxDriver.write)
    assert "self._writer_thread.stop()" in _source(LinuxDriver.close)


def test_linux_driver_resumes_on_sigcont_and_marks_a_real_suspend() -> None:
    assert "signal.signal(signal.SIGCONT, self._sigcont_application)" in _source(
        LinuxDriver.__init__
    )
    assert "self._must_signal_resume = True" in _source(LinuxDriver._sigtstp_application)


def test_writer_thread_keeps_queue_and_file_and_stops_on_none() -> None:
    file = io.StringIO()
    writer = WriterThread(file)
    assert writer._file is file
    assert writer._queue.maxsize > 0  # the bounded queue that filled up
    writer.start()
    writer._queue.put("hello")
    writer._queue.put(None)
    writer.join(5)
    assert not writer.is_alive()
    assert file.getvalue() == "hello"


class _GoneTerminal(io.StringIO):
    """A terminal that vanished: every write fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")


def test_writes_to_a_vanished_terminal_are_dropped_without_blocking() -> None:
    gone = threading.Event()
    calls: list[int] = []
    writer = TerminalWriter(_GoneTerminal(), lambda: (calls.append(1), gone.set()))
    writer.start()
    started = time.monotonic()
    for _ in range(500):  # far more than the queue holds
        writer.write("x" * 100)
    writer.stop()
    assert time.monotonic() - started < 5
    assert gone.is_set() and calls == [1]  # reported once
    assert not writer.is_alive()


def test_a_stuck_terminal_gives_up_when_hurried() -> None:
    stuck = threading.Event()

    class Stuck(io.StringIO):
        def write(self, text: str) -> int:
            stuck.wait(10)  # nobody reads the terminal
            return 0

    writer = TerminalWriter(Stuck(), lambda: None)
    writer.start()
    writer.patience = 0.2
    started = time.monotonic()
    for _ in range(100):
        writer.write("x")
    assert time.monotonic() - started < 5
    assert writer.gone.is_set()
    stuck.set()
    writer.stop()


def test_study_driver_swaps_in_its_writer() -> None:
    driver = StudyDriver.__new__(StudyDriver)  # no app, no signal handlers
    driver._file = io.StringIO()
    driver._writer_thread = WriterThread(driver._file)
    assert isinstance(driver._writer_thread, TerminalWriter)
    driver._writer_thread = None
    assert driver._writer_thread is None


def test_a_sigcont_without_a_suspend_does_not_restart_application_mode() -> None:
    resumed: list[bool] = []
    driver = StudyDriver.__new__(StudyDriver)
    driver._auto_restart = True
    driver.resume_application_mode = lambda: resumed.append(True)  # type: ignore[method-assign]
    driver._must_signal_resume = False  # a hang-up's SIGCONT: we never suspended
    driver._sigcont_application()
    assert resumed == []
    driver._must_signal_resume = True  # after our own SIGTSTP (Ctrl+Z)
    driver._sigcont_application()
    assert resumed == [True]


def test_after_output_runs_once_what_was_queued_is_written_and_flushed() -> None:
    events: list[str] = []

    class Recording(io.StringIO):
        def write(self, text: str) -> int:
            time.sleep(0.05)  # a slow terminal: the callback must still come after
            events.append(f"write {text}")
            return len(text)

        def flush(self) -> None:
            events.append("flush")

    done = threading.Event()
    writer = TerminalWriter(Recording(), lambda: None)
    writer.start()
    writer.write("frame")
    writer.after_output(lambda: (events.append("callback"), done.set()))
    assert done.wait(5)
    seen = list(events)
    writer.stop()
    assert seen[0] == "write frame" and seen[-1] == "callback"
    assert seen[-2] == "flush"  # written and flushed before the callback
