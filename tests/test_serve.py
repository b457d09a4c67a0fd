"""``studyapp serve``: a local page, clear refusals, and the TUI in a real headless browser."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from studyapp.cli import serve
from studyapp.cli.main import main
from tests.serve_helpers import (
    TerminalReplay,
    fetch,
    free_port,
    server_env,
    serving,
    sessions_of,
    wait_for,
)

BROWSER_SECONDS = 90.0
URL = re.compile(r"(?:https?|wss?)://[^\s\"'<>)]+", re.IGNORECASE)
ASSET = re.compile(r"""(?:href|src)=["']([^"']+)["']|url\(["']?([^"')]+)["']?\)""")


def _studyapp(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(tmp_path / "data"), *args],
        capture_output=True, text=True, timeout=120, env=server_env(tmp_path),
    )


def test_page_loads_nothing_from_another_host(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, tmp_path / "data", port) as url:
        status, body = fetch(url)
        html = body.decode("utf-8")
        assert status == 200 and 'id="terminal"' in html
        outside = [u for u in URL.findall(html) if not u.startswith(url)]
        assert outside == []
        assets = [a or b for a, b in ASSET.findall(html) if not (a or b).startswith("data:")]
        assert {"static/js/textual.js", "static/css/xterm.css"} <= set(assets)
        for asset in assets:  # every file the page names is served here
            assert fetch(url + asset)[0] == 200, asset


def test_the_page_speaks_the_ui_language(tmp_path: Path) -> None:
    with serving(tmp_path, tmp_path / "data", free_port(), lang="zh") as url:
        html = fetch(url)[1].decode("utf-8")
    assert '<html lang="zh-CN">' in html
    assert "开始" in html and "会话已结束" in html and "重新开始" in html
    assert "Session ended" not in html and ">Start<" not in html


def test_port_in_use_is_one_line_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _studyapp(tmp_path, "serve", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"studyapp: port {port} on 127.0.0.1 is already in use — choose another with --port"
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["serve", "--host", "no-such-host.invalid"], "cannot serve on host 'no-such-host"),
        (["serve", "--port", "0"], "Invalid value for '--port'"),
        (["serve", "--port", "http"], "Invalid value for '--port'"),
        (["--db", "nosuchdb://x", "serve", "--port", "PORT"], "the database URL cannot be used"),
    ],
)
def test_bad_host_port_or_db_is_one_line_exit_2(tmp_path: Path, args: list[str], said: str) -> None:
    port = str(free_port())
    result = _studyapp(tmp_path, *(port if arg == "PORT" else arg for arg in args))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and said in result.stderr


class _FakeServer:
    def __init__(self, command: str, host: str, port: int) -> None:
        self.command, self.host, self.port = command, host, port
        self.served = False

    def serve(self) -> None:
        self.served = True


def _run_fake(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[Any, _FakeServer]:
    made: list[_FakeServer] = []
    monkeypatch.setattr(serve, "_make_server", lambda *a: made.append(_FakeServer(*a)) or made[0])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result, made[0]


def test_served_app_gets_the_same_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, port = tmp_path / "data", free_port()
    args = ["--data-dir", str(data), "--db", f"sqlite:///{tmp_path}/x.sqlite", "--lang", "zh"]
    args += ["--learner", "ann"]
    result, server = _run_fake(monkeypatch, [*args, "serve", "--port", str(port)])
    assert server.served and (server.host, server.port) == ("127.0.0.1", port)
    assert shlex.split(server.command)[2:] == ["-m", "studyapp", *args]
    assert "warning" not in result.stderr


def test_non_loopback_host_warns_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", str(free_port())]
    result, server = _run_fake(monkeypatch, args)
    assert server.host == "0.0.0.0"
    [line] = result.stderr.splitlines()
    assert line.startswith("warning: serving on 0.0.0.0") and "same learner" in line
    assert "authentication and TLS" in line


def test_other_commands_do_not_import_textual_serve() -> None:
    heavy = "{'textual_serve', 'aiohttp'}"
    code = f"import sys, studyapp.cli.main; print(sorted({heavy} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def _chromium() -> str:
    """Debian's chromium, or a skip (a failure when STUDYAPP_REQUIRE_BROWSER=1)."""
    found = shutil.which("chromium")
    reason = "" if found else "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason and os.environ.get("STUDYAPP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"STUDYAPP_REQUIRE_BROWSER=1 but {reason}")
    if reason:
        pytest.skip(reason)
    return str(found)


def _first_title_probe(tmp_path: Path) -> subprocess.Popen[str]:
    """``library --json`` on a fresh data dir of its own, started now to run alongside the
    browser's and the server's start: its first title is the library screen's first row."""
    return subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--data-dir", str(tmp_path / "probe"), "library",
         "--json"],
        stdout=subprocess.PIPE, text=True, env=server_env(tmp_path / "probe"),
    )


def test_library_in_a_headless_browser(tmp_path: Path) -> None:
    chromium = _chromium()
    from playwright.sync_api import sync_playwright

    probe = _first_title_probe(tmp_path)
    data, replay, requested = tmp_path / "data", TerminalReplay(), []
    with sync_playwright() as playwright:
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("websocket", replay.attach)
        page.on("request", lambda request: requested.append(request.url))
        with serving(tmp_path, data, free_port()) as url:
            first_title = json.loads(probe.communicate(timeout=120)[0])[0]["title"]
            page.goto(url)
            deadline = time.monotonic() + BROWSER_SECONDS
            while first_title not in replay.first_row() and time.monotonic() < deadline:
                page.wait_for_timeout(100)  # lets Playwright deliver the next frames
            page.screenshot(path=tmp_path / "serve.png")
            assert sessions_of(data), "no studyapp process runs for the page"
        left = wait_for(lambda: not sessions_of(data), seconds=15)  # serve stopped, tab open
        browser.close()
    assert first_title in replay.first_row(), f"{replay.frames} frames:\n{replay.text()}"
    assert (tmp_path / "serve.png").stat().st_size > 0
    assert requested and all(u.startswith((url, "data:")) for u in requested), requested
    assert (data / "studyapp.sqlite").exists()
    assert not (tmp_path / "default-home").exists()  # the tab's studyapp had serve's --data-dir
    assert left, f"sessions left running after serve stopped: {sessions_of(data)}"
