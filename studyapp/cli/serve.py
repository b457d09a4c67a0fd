"""``studyapp serve``: the TUI in a browser, with textual-serve and a page of our own.

Every browser tab gets its own ``studyapp`` process, started with the same
``--data-dir``, ``--db``, ``--lang`` and ``--learner`` as this command. The page
(``studyapp/ui/web/app_index.html``) loads nothing from another host: textual-serve's
own static files (xterm.js inside textual.js, xterm.css, the Roboto Mono font files) are
served from the installed package.
textual-serve is imported only when this command runs.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from studyapp.cli.common import fail, open_service
from studyapp.i18n import _, current_language

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SESSION_END_SECONDS = 5.0
FORWARDED = (
    ("data_dir", "--data-dir"),
    ("db_url", "--db"),
    ("lang", "--lang"),
    ("learner", "--learner"),
)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on.",
)
@click.pass_context
def serve_command(ctx: click.Context, host: str, port: int) -> None:
    """Serve the TUI in a browser (every visitor is the same learner)."""
    addresses = _resolve(host, port)
    _check_free(addresses, host, port)
    open_service(ctx.obj).close()  # a database that cannot be used is one line here, not per tab
    if not all(_is_loopback(address[4][0]) for address in addresses):
        click.echo(
            _(
                "warning: serving on {host}, reachable from other machines: every visitor "
                "runs studyapp as the same learner, with no password; put a reverse proxy "
                "with authentication and TLS in front of it"
            ).format(host=host),
            err=True,
        )
    command = app_command(ctx.find_root().params)
    try:
        _make_server(command, host, port).serve()
    except OSError as error:  # the port was taken between the check and the start
        fail(_address_problem(error, host, port))


def app_command(options: dict[str, Any]) -> str:
    """The shell command that runs one learner's ``studyapp``, with the global options given."""
    words = [sys.executable, "-m", "studyapp"]
    for name, flag in FORWARDED:
        value = options.get(name)
        if value is not None:
            words += [flag, os.path.abspath(value) if name == "data_dir" else str(value)]
    if sys.platform == "win32":
        return subprocess.list2cmdline(words)
    return "exec " + shlex.join(words)  # the shell becomes studyapp: one process per tab


def page_url(host: str, port: int) -> str:
    """The address to open in a browser."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _resolve(host: str, port: int) -> list[Any]:
    """The socket addresses of ``host``; one line and exit 2 when it names none."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        fail(
            _("cannot serve on host {host!r} ({reason}) — give --host an address of this "
              "machine, such as 127.0.0.1").format(host=host, reason=error)
        )
    return found


def _check_free(addresses: list[Any], host: str, port: int) -> None:
    """Bind each address once (as the server will) so a taken port is one clear line."""
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            if sys.platform != "win32":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as error:
                fail(_address_problem(error, host, port))


def _address_problem(error: OSError, host: str, port: int) -> str:
    """The one line for a failed bind."""
    if error.errno == errno.EADDRINUSE:
        return _("port {port} on {host} is already in use — choose another with --port").format(
            port=port, host=host
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return _(
            "not allowed to listen on port {port} (ports below 1024 need privileges) — "
            "choose another with --port"
        ).format(port=port)
    if error.errno == errno.EADDRNOTAVAIL:
        return _("{host} is not an address of this machine — give --host one of its "
                 "addresses, such as 127.0.0.1").format(host=host)
    return _("cannot listen on {host} port {port} ({reason})").format(
        host=host, port=port, reason=error.strerror or error
    )


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _make_server(command: str, host: str, port: int) -> Any:
    """textual-serve's server with our page, our start-up line, and sessions that end with it.

    textual-serve leaves a tab's ``studyapp`` running when the server stops (the web
    driver does not quit when its input closes), so this server keeps its sessions and
    asks each to quit, as closing the tab does, before the connections are dropped.
    """
    import aiohttp_jinja2
    import textual_serve
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    from studyapp import ui

    class StudyServer(Server):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sessions: set[AppService] = set()

        async def on_startup(self, app: Any) -> None:
            url = page_url(host, port)
            click.echo(_("Serving studyapp at {url} — press Ctrl+C to stop").format(url=url))

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            context: dict[str, Any] = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
            return context | {"page": page_words()}

        async def on_shutdown(self, app: Any) -> None:
            await _end_sessions(list(self.sessions))

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)

            async def close() -> None:
                await websocket.close()

            session = AppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.sessions.add(session)
            try:
                width = to_int(request.query.get("width", "80"), 80)
                await session.start(width, to_int(request.query.get("height", "24"), 24))
                await self._process_messages(websocket, session)
            finally:
                self.sessions.discard(session)
                await session.stop()
            return websocket

    return StudyServer(
        command,
        host=host,
        port=port,
        title="studyapp",
        statics_path=Path(textual_serve.__file__).resolve().parent / "static",
        templates_path=Path(ui.__file__).resolve().parent / "web",
    )


def page_words() -> dict[str, str]:
    """The page's own words (before the terminal draws), in the UI language."""
    return {
        "lang": "zh-CN" if current_language().startswith("zh") else "en",
        "start": _("Start"),
        "ended": _("Session ended."),
        "restart": _("Restart"),
    }


async def _end_sessions(sessions: list[Any]) -> None:
    """Ask every session to quit (it saves as on Ctrl+Q); end the ones still running after
    ``SESSION_END_SECONDS``."""
    import asyncio

    if not sessions:
        return
    stopping = [asyncio.ensure_future(session.stop()) for session in sessions]
    await asyncio.wait(stopping, timeout=SESSION_END_SECONDS)
    for session in sessions:
        process = getattr(session, "_process", None)  # textual-serve keeps no public handle
        if process is not None and process.returncode is None:
            process.kill()
