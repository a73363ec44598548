"""`tabletop serve`: the table in a browser, through textual-serve, and each secret seat's private view behind its token.

One aiohttp server (textual-serve's, with its routes replaced) on one port:

- ``/`` and ``/ws``: the public table. Each browser session runs ``tabletop play ... --save SAVE`` (or ``tabletop
  resume SAVE`` once that save exists, so that a reloaded page goes on with the same game) under Textual's web
  driver, which textual-serve names in the environment. One table at a time: the save has one writer.
- ``/seat/TOKEN`` and ``/seat/TOKEN/ws`` (with ``--private``): the private view of the seat whose token it is,
  ``tabletop private --seat SEAT SAVE``, following the table's save. A token is ``secrets.token_urlsafe`` (32 bytes),
  compared with ``hmac.compare_digest`` against every seat's; any other path or token is a plain 404, and a page
  of the public table carries no token (its HTML names only ``/ws``).

Textual-serve's page loads its script and styles from ``/static``, which holds only textual-serve's own files.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import secrets
import shlex
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: The address served by default: this machine only.
LOCAL_HOST = "127.0.0.1"
#: Bytes of randomness in a private view's token (43 URL-safe characters).
TOKEN_BYTES = 32
#: Seconds a new table waits for the one before it (a reloaded page) to close before it is refused.
TABLE_HANDOVER = 5.0
#: The refusal of a private URL without the right token (the same for any wrong path: nothing to learn from it).
REFUSAL = "No such page. A private view opens only from the link the facilitator gave you.\n"

log = logging.getLogger("tabletop.ui.web")


def new_tokens(seats: Sequence[str]) -> dict[str, str]:
    """A fresh, unguessable token for each seat: seat -> token."""
    return {seat: secrets.token_urlsafe(TOKEN_BYTES) for seat in seats}


def seat_of_token(given: str, tokens: Mapping[str, str]) -> str | None:
    """The seat whose token ``given`` is, or None. Every seat's token is compared, each in constant time, so that
    the answer's timing says nothing of how much of a token was right."""
    found = None
    given_bytes = given.encode("utf-8", "surrogateescape")
    for seat, token in tokens.items():
        if hmac.compare_digest(given_bytes, token.encode("utf-8")):
            found = seat
    return found


def is_local(host: str) -> bool:
    """Whether ``host`` is an address (or name) of this machine only: a loopback address or ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """What to say before serving on ``host``: None for this machine only, else a warning."""
    if is_local(host):
        return None
    return (f"tabletop serve: WARNING: serving on {host}, not only on this machine: anyone who can reach this "
            "address can open the table and play moves in it. Serve on a network you trust, and hand out the "
            "private links only to their seats.")


def url_host(host: str) -> str:
    """``host`` as it goes into a URL (an IPv6 address in brackets); the wildcard addresses as this machine."""
    if host in ("0.0.0.0", ""):
        return LOCAL_HOST
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def request_allowed(host_header: str | None, origin: str | None, *, bound: str, port: int) -> bool:
    """Whether a request may reach the table: served on this machine only, it must name this machine (``Host``), so
    that a web page elsewhere cannot reach it through a name made to point here (DNS rebinding); and a browser's
    ``Origin`` must be this server itself, so that another site's page cannot open the table's websocket."""
    host = (host_header or "").lower()
    if is_local(bound) and host not in {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}:
        return False
    if origin is None:
        return True  # not a browser's cross-site request (a browser sends Origin with every websocket)
    return origin.lower().removeprefix("http://").removeprefix("https://").rstrip("/") == host


def page_url(base: str, path: str = "/", font_size: int | None = None) -> str:
    """The URL to open: ``base`` + ``path``, with textual-serve's ``?fontsize=`` when asked."""
    return f"{base}{path}" + (f"?fontsize={font_size}" if font_size is not None else "")


def tabletop_command(args: Sequence[str]) -> str:
    """The shell command that runs tabletop with ``args`` under this interpreter (textual-serve runs a shell line)."""
    return shlex.join([sys.executable, "-m", "tabletop", *args])


class TableCommands:
    """What the server runs: the public table's command (play until the save exists, resume it after) and each
    seat's private view."""

    def __init__(self, save: Path, play_args: Sequence[str], resume_args: Sequence[str]) -> None:
        self.save = save
        self.play_args = list(play_args)
        self.resume_args = list(resume_args)

    def table(self) -> str:
        if self.save.exists():
            return tabletop_command(["resume", str(self.save), *self.resume_args])
        return tabletop_command(["play", *self.play_args, "--save", str(self.save)])

    def private(self, seat: str) -> str:
        return tabletop_command(["private", "--seat", seat, str(self.save)])


def make_server(commands: TableCommands, tokens: Mapping[str, str], *, host: str, port: int, title: str,
                font_size: int | None = None) -> Any:
    """The server (a textual-serve `Server` with tabletop's routes): ``serve()`` runs it until Ctrl+C."""
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    class TableServer(Server):
        def __init__(self) -> None:
            super().__init__(commands.table(), host=host, port=port, title=title,
                             public_url=f"http://{url_host(host)}:{port}")
            self.live_table: asyncio.Event | None = None  # set while no table runs

        def initialize_logging(self) -> None:
            logging.basicConfig(level="WARNING", format="tabletop serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            pass  # the command line says what is served, and where

        async def _make_app(self) -> web.Application:
            import aiohttp_jinja2
            import jinja2

            @web.middleware
            async def same_site(request: web.Request, handler: Any) -> web.StreamResponse:
                if not request_allowed(request.headers.get("Host"), request.headers.get("Origin"), bound=host,
                                       port=port):
                    raise web.HTTPForbidden(text="Refused: open the table at the address tabletop serve printed.\n")
                return await handler(request)

            app = web.Application(middlewares=[same_site])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
            app.add_routes([
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_table_socket),
                web.get("/seat/{token}", self.handle_private_index),
                web.get("/seat/{token}/ws", self.handle_private_socket),
                web.static("/static", self.statics_path, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        def page(self, request: web.Request, socket_path: str, name: str) -> web.Response:
            import aiohttp_jinja2

            size = to_int(request.query.get("fontsize", str(font_size or 16)), font_size or 16)
            socket = "ws" + self.public_url.removeprefix("http") + socket_path
            # The name is escaped in the page: aiohttp_jinja2 turns autoescape on.
            context = {"font_size": max(6, min(size, 96)), "app_websocket_url": socket,
                       "config": {"static": {"url": f"{self.public_url}/static/"}}, "application": {"name": name}}
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"  # a private URL is never sent on to another site
            return response

        async def handle_index(self, request: web.Request) -> web.Response:
            return self.page(request, "/ws", title)

        async def handle_private_index(self, request: web.Request) -> web.Response:
            seat = seat_of_token(request.match_info["token"], tokens)
            if seat is None:
                raise web.HTTPNotFound(text=REFUSAL)
            if not commands.save.exists():
                return web.Response(status=503, text="The game has not started yet: reload this page once the "
                                    "table's game has begun.\n", headers={"Cache-Control": "no-store"})
            return self.page(request, f"/seat/{request.match_info['token']}/ws", f"{title}: private view")

        async def handle_table_socket(self, request: web.Request) -> web.StreamResponse:
            if self.live_table is not None:
                try:  # a reloaded page: the table before it is closing
                    await asyncio.wait_for(self.live_table.wait(), TABLE_HANDOVER)
                except TimeoutError:
                    return web.Response(status=409, text="The table is already open in another browser page; close "
                                        "that one first (one table per game).\n")
            self.live_table = asyncio.Event()
            try:
                return await self.run_command(request, commands.table())
            finally:
                self.live_table.set()
                self.live_table = None

        async def handle_private_socket(self, request: web.Request) -> web.StreamResponse:
            seat = seat_of_token(request.match_info["token"], tokens)
            if seat is None:
                raise web.HTTPNotFound(text=REFUSAL)
            return await self.run_command(request, commands.private(seat))

        async def run_command(self, request: web.Request, command: str) -> web.StreamResponse:
            """Textual-serve's websocket handler, for ``command``."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service: AppService | None = None
            try:
                await websocket.prepare(request)

                async def close() -> None:
                    await websocket.close()

                service = AppService(command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                     close=close, download_manager=self.download_manager, debug=False)
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # a browser gone mid-message: the session ends, the server goes on
                log.warning("a browser session ended: %s", error)
            finally:
                if service is not None:
                    await service.stop()
            return websocket

    return TableServer()
