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
#: as binary frames, its messages as text frames), decoded as UTF-8, in ``window.__received``; the text frames as they
#: came, in ``window.__messages``.
RECORDER = r"""
(() => {
  window.__received = "";
  window.__messages = [];
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  const keep = (bytes) => { window.__received += decoder.decode(bytes, {stream: true}); };
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", async (event) => {
      if (typeof event.data === "string") { window.__messages.push(event.data); return; }
      const buffer = event.data instanceof Blob ? await event.data.arrayBuffer() : event.data;
      keep(new Uint8Array(buffer));
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

#: Keys by their DOM name: (DOM code, key code, the text the key types or None).
KEYS: dict[str, tuple[str, int, str | None]] = {
    "Enter": ("Enter", 13, "\r"), "Tab": ("Tab", 9, None), "Escape": ("Escape", 27, None), " ": ("Space", 32, " "),
    "Backspace": ("Backspace", 8, None), "ArrowUp": ("ArrowUp", 38, None), "ArrowDown": ("ArrowDown", 40, None),
    "ArrowLeft": ("ArrowLeft", 37, None), "ArrowRight": ("ArrowRight", 39, None), "Home": ("Home", 36, None),
    "End": ("End", 35, None), "PageUp": ("PageUp", 33, None), "PageDown": ("PageDown", 34, None),
    **{f"F{n}": (f"F{n}", 111 + n, None) for n in range(1, 13)},
}

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

    async def traffic(self) -> str:
        """Everything the page has received on its websockets, raw: the terminal's bytes (escapes kept) and the
        server's text messages."""
        return await self.evaluate("(window.__received || '') + '\\n' + (window.__messages || []).join('\\n')") or ""

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

    async def focus(self) -> None:
        """The keyboard to the terminal: xterm.js reads keys from its hidden text area."""
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def press(self, key: str, code: int | None = None) -> None:
        """A key pressed and released on the focused page: ``key`` as the DOM names it (``Enter``, ``ArrowDown``,
        ``F5``, ``Escape``, ``Tab``, `` `` or a letter such as ``t``); ``code`` its key code, else the usual one."""
        named = KEYS.get(key)
        if named is None and len(key) == 1:
            named = (f"Key{key.upper()}" if key.isalpha() else f"Digit{key}" if key.isdigit() else key,
                     ord(key.upper()), key)
        if named is None:
            raise ValueError(f"no key code known for {key!r}: give it")
        dom_code, usual, text = named
        code = usual if code is None else code
        for kind in ("keyDown", "keyUp"):
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, code=dom_code, windowsVirtualKeyCode=code,
                            nativeVirtualKeyCode=code, **({"text": text} if text and kind == "keyDown" else {}))

    async def keys(self, *keys: str, pause: float = 0.3) -> None:
        """Each key pressed in turn, ``pause`` seconds apart (the served app reads them through a websocket)."""
        for key in keys:
            await self.press(key)
            await asyncio.sleep(pause)

    async def type_text(self, text: str) -> None:
        """``text`` typed into the focused page as one input (``Input.insertText``)."""
        await self.call("Input.insertText", text=text)

    async def received(self) -> int:
        """How many characters of terminal text the page has received so far (to wait for what comes after)."""
        return len(await self.screen_text())

    async def wait_for_new_text(self, since: int, *words: str, timeout: float = 60) -> str:
        """The terminal text received after the first ``since`` characters, once it holds every one of ``words``."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = (await self.screen_text())[since:]
            if all(w in text for w in words):
                return text
            await asyncio.sleep(0.3)
        raise AssertionError(f"the page never showed {words!r} after {since}; it showed: {text[-2000:]!r}")

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
