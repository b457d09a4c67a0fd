"""Running ``studyapp serve`` in a subprocess, and reading the served terminal's screen."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyte

START_SECONDS = 60.0


def free_port() -> int:
    """A port on the loopback address that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(tmp_path: Path) -> dict[str, str]:
    """The environment for the server: no STUDYAPP_DB, and a default data dir that must stay
    unused (the served app has to get ``--data-dir`` from the serve command)."""
    env = {k: v for k, v in os.environ.items() if k != "STUDYAPP_DB"}
    env["STUDYAPP_HOME"] = str(tmp_path / "default-home")
    return env


@contextmanager
def serving(tmp_path: Path, data_dir: Path, port: int, lang: str = "en") -> Iterator[str]:
    """``studyapp --data-dir DATA serve --port PORT`` until the block ends; yields its URL."""
    log = (tmp_path / "serve.log").open("w")
    command = [sys.executable, "-m", "studyapp", "--data-dir", str(data_dir), "--lang", lang]
    process = subprocess.Popen(
        [*command, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
        env=server_env(tmp_path),
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(process, url, tmp_path / "serve.log")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve ended with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)  # polling for the port to open, bounded by the deadline
    raise AssertionError(f"serve did not answer within {START_SECONDS} s: {log.read_text()}")


def fetch(url: str) -> tuple[int, bytes]:
    """Status and body of a GET."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.status, answer.read()


def sessions_of(data_dir: Path) -> list[int]:
    """Ids of the running processes whose command line names ``data_dir`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if os.fsencode(data_dir) in words and state != "Z":
            found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll ``condition`` until it holds or ``seconds`` pass; whether it held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


class TerminalReplay:
    """The screen a websocket's binary frames draw, replayed into pyte."""

    def __init__(self) -> None:
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.frames = 0

    def attach(self, websocket: object) -> None:
        """Follow a Playwright websocket: its size from the URL and resize messages."""
        query = parse_qs(urlparse(websocket.url).query)  # type: ignore[attr-defined]
        if "width" in query and "height" in query:
            self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framereceived", self._received)  # type: ignore[attr-defined]
        websocket.on("framesent", self._sent)  # type: ignore[attr-defined]

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.frames += 1
            self.stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            return
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    def first_row(self) -> str:
        """The library's first row: the line under the table header (English UI)."""
        lines = self.screen.display
        for index, line in enumerate(lines[:-1]):
            if line.lstrip().startswith("Title "):
                return lines[index + 1]
        return ""

    def text(self) -> str:
        """The screen's rows, one per line."""
        return "\n".join(self.screen.display)
