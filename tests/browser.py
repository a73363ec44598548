"""A headless Chromium driven over the DevTools protocol (aiohttp's websocket client), for the tests of `tabletop serve`.

Textual-serve's page draws the terminal on a canvas, so what the page shows is read where the page receives it: a
script added before the page's own wraps ``WebSocket`` and keeps, as text, every frame of terminal output the page
is sent (`Browser.screen_text` strips the escape sequences). A screenshot is taken with ``Page.captureScreenshot``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

#: Names of the Chromium program, Debian's first.
PROGRAMS = ("chromium", "chromium-browser", "google-chrome")

#: Kept in the page: the text of every binary frame received on a websocket (textual-serve sends the terminal's output
#: as binary frames, its messages as text frames), decoded as UTF-8, in ``window.__received``.
RECORDER = r"""
(() => {
  window.__received = "";
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  const keep = (bytes) => { window.__received += decoder.decode(bytes, {stream: true}); };
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", async (event) => {
      if (typeof event.data === "string") return;
      const buffer = event.data instanceof Blob ? await event.data.arrayBuffer() : event.data;
      keep(new Uint8Array(buffer));
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]")


def chromium() -> str | None:
    """The path of a Chromium program on this machine, or None."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with one page, driven over its DevTools websocket."""

    def __init__(self, program: str, size: tuple[int, int] = (1280, 800)) -> None:
        self.profile = tempfile.mkdtemp(prefix="tabletop-chromium-")
        self.process = subprocess.Popen(
            [program, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-port=0", f"--user-data-dir={self.profile}", f"--window-size={size[0]},{size[1]}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.session: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.next_id = 0

    async def start(self, timeout: float = 30) -> None:
        active = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (active.exists() and active.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start (exit code {self.process.poll()})")
            await asyncio.sleep(0.1)
        port = int(active.read_text().split()[0])
        self.session = aiohttp.ClientSession()
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t["type"] == "page")
        self.socket = await self.session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=RECORDER)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.socket is not None
        self.next_id += 1
        await self.socket.send_str(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = await asyncio.wait_for(self.socket.receive(), 60)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"DevTools connection closed: {message.type}")
            data = json.loads(message.data)
            if data.get("id") == self.next_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})

    async def open(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    async def screen_text(self) -> str:
        """All terminal output the page has received, without escape sequences."""
        return ESCAPES.sub("", await self.evaluate("window.__received || ''") or "")

    async def wait_for_text(self, *words: str, timeout: float = 60) -> str:
        """The page's terminal text once it holds every one of ``words`` (else AssertionError with what it holds)."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = await self.screen_text()
            if all(w in text for w in words):
                return text
            await asyncio.sleep(0.5)
        raise AssertionError(f"the page never showed {words!r}; it showed: {text[-2000:]!r}")

    async def press(self, key: str, code: int) -> None:
        """A key pressed and released on the focused page (``key`` as the DOM names it, ``code`` its key code)."""
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code,
                            nativeVirtualKeyCode=code, **({"text": "\r"} if key == "Enter" and kind == "keyDown" else {}))

    async def click(self, x: int, y: int) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def screenshot(self, path: Path) -> Path:
        data = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        if self.session is not None:
            await self.session.close()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def environment(data: Path) -> dict[str, str]:
    """The environment of a served tabletop in a test: its own data and config folders."""
    return {**os.environ, "TABLETOP_DATA_DIR": str(data / "data"), "TABLETOP_CONFIG_DIR": str(data / "config")}
