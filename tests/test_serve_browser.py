"""`tabletop serve --private` in a real browser: headless Chromium opens the public table and a seat's private view,
reads what each page shows, takes a screenshot of each, and is refused with a wrong token.

Skipped, saying so, where Chromium is missing (Debian: ``apt-get install chromium``; `.ci/run` installs it where it
can). ``TABLETOP_SCREENSHOTS=DIR`` keeps the screenshots in DIR (else they are in the test's temporary folder).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tabletop.deck import load_deck
from tabletop.engine.actions import TakeStance
from tabletop.saves import load_save, resume
from tests.browser import Browser, chromium, environment

SMALL = Path(__file__).parent / "decks" / "small.toml"
TEAMS = Path(__file__).parent / "decks" / "teams.toml"
PROGRAM = chromium()

pytestmark = pytest.mark.skipif(PROGRAM is None, reason="no Chromium on this machine (chromium, chromium-browser or "
                                "google-chrome): the browser test of `tabletop serve` cannot run")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keep(shot: Path) -> None:
    folder = os.environ.get("TABLETOP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


@contextlib.contextmanager
def serving(tmp_path: Path, deck: Path, *options: str) -> Iterator[tuple[str, int, Path]]:
    """``tabletop serve DECK --private OPTIONS`` on a free port, saving to ``game.jsonl``: (what it printed, the port,
    the save), stopped at the end."""
    port = free_port()
    save = tmp_path / "game.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "serve", str(deck), "--private", "--port", str(port), "--save", str(save),
         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(tmp_path))
    lines: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while not lines or not lines[-1].startswith("Ctrl+C"):
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"serve did not start: {''.join(lines)}{process.stderr.read() if process.stderr else ''}")
        lines.append(line)
    printed = "".join(lines)
    try:
        yield printed, port, save
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def served(tmp_path):
    """``tabletop serve --private`` on a free port, the small deck, hot-seat (both seats people: without private views
    the table would hand the responding seat its secret)."""
    with serving(tmp_path, SMALL, "--seats", "port=human,isle=human", "--seed", "7", "--pace", "instant",
                 "--font-size", "14") as running:
        yield running


async def test_the_table_and_a_private_view_in_chromium(served, tmp_path):
    printed, port, save = served
    base = f"http://127.0.0.1:{port}"
    assert f"{base}/?fontsize=14" in printed
    private_urls = re.findall(rf"{re.escape(base)}/seat/([A-Za-z0-9_-]+)\?fontsize=14", printed)
    assert len(private_urls) == 1  # the small deck: only the responding seat holds a secret
    token = private_urls[0]
    slip = next(tmp_path.glob("game-private-isle*.txt"))
    assert token in slip.read_text()

    assert PROGRAM is not None
    browser = Browser(PROGRAM)
    try:
        await browser.start()
        # The public table: the game, full-screen (not "Application failed to start", not plain text).
        await browser.open(f"{base}/?fontsize=14")
        table = await browser.wait_for_text("The port city", "choose an option card")
        keep(await browser.screenshot(tmp_path / "serve-table.png"))
        html = await browser.evaluate("document.documentElement.outerHTML")
        assert token not in html and "/seat/" not in html
        assert token not in table and "Your hidden motive" not in table  # nothing secret reaches the table's page
        for _ in range(100):  # the save exists once the game has begun
            if save.exists():
                break
            await asyncio.sleep(0.1)
        assert save.exists()
        # Played from the browser: Enter offers the highlighted card, Enter again responds; the save grows.
        lines = len(save.read_text().splitlines())
        await browser.focus()
        await browser.press("Enter", 13)
        await browser.wait_for_text("The island: the offer is")
        await browser.press("Enter", 13)
        for _ in range(100):
            if len(save.read_text().splitlines()) > lines + 1:
                break
            await asyncio.sleep(0.1)
        assert len(save.read_text().splitlines()) > lines + 1, "a key pressed in the browser played no move"
        table = await browser.wait_for_text("ROUND 2 OF 4")  # the stage: instant pace, the rolls made, the round closed
        keep(await browser.screenshot(tmp_path / "serve-table-played.png"))
        game = resume(load_save(save), load_deck)
        motive = game.deck.motive(game.state.motive)
        assert motive.label.upper() not in table and motive.text not in table  # the hidden motive never at the table

        # The private view of the seat with the secret, through its token.
        await browser.open(f"{base}/seat/{token}?fontsize=14")
        private = await browser.wait_for_text("The island only", "Your hidden motive", "read-only", "Round 2 of 4")
        assert motive.label.upper() in private and motive.text in private
        keep(await browser.screenshot(tmp_path / "serve-private.png"))

        # A wrong token: a plain refusal, in the browser as over HTTP.
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        await browser.open(f"{base}/seat/{wrong}")
        for _ in range(50):
            body = await browser.evaluate("document.body ? document.body.innerText : ''")
            if body:
                break
            await asyncio.sleep(0.1)
        assert "No such page" in body and "hidden motive" not in body
        keep(await browser.screenshot(tmp_path / "serve-refused.png"))
    finally:
        await browser.close()
    async with aiohttp.ClientSession() as session:
        for path in (f"/seat/{wrong}", f"/seat/{wrong}/ws", f"/seat/{token}x", f"/seat/{token[:-1]}", "/seat/",
                     f"/{token}"):
            async with session.get(base + path) as response:
                assert response.status == 404, path
                text = await response.text()
                assert token not in text and "hidden motive" not in text
                if path.startswith("/seat/") and path != "/seat/":
                    assert text == "No such page. A private view opens only from the link the facilitator gave you.\n"


async def test_a_teams_link_shows_its_secret_objective_and_the_table_shows_no_secret(tmp_path):
    """Both seats people and the neighbour played by a team (its one secret objective): the table, played from the
    browser through the stance, never receives the motive or the secret objective; the team's link shows its secret
    objective and not the motive; the responding seat's link and the team's are different; a wrong token is refused."""
    deck = load_deck(TEAMS)
    motive = deck.motives[0]  # the one motive of this deck: the secret whatever the seed
    objective = next(ob for a in deck.actors if a.id == "neighbour" for ob in a.objectives if ob.secret)
    secrets = [motive.text, motive.text.split()[-3], objective.reason, "point by point", "secret objective",
               "hidden motive"]
    with serving(tmp_path, TEAMS, "--seats", "a=human,b=human", "--actors", "neighbour=team", "--seed", "7",
                 "--pace", "instant", "--font-size", "16") as (printed, port, save):
        base = f"http://127.0.0.1:{port}"
        urls = dict(re.findall(rf"Private view of ([^(]+?) \(for its team only\):\n  {re.escape(base)}/seat/"
                               r"([A-Za-z0-9_-]+)\?fontsize=16", printed))
        assert set(urls) == {"Side B", "The neighbour"}, printed  # the far power's team has no secret: no link
        team_token, seat_token = urls["The neighbour"], urls["Side B"]
        assert team_token != seat_token
        assert PROGRAM is not None
        browser = Browser(PROGRAM, size=(1280, 800))
        try:
            await browser.start()
            await browser.open(f"{base}/?fontsize=16")
            await browser.wait_for_text("Side A (people) to move")
            for _ in range(100):
                if save.exists():
                    break
                await asyncio.sleep(0.1)
            await browser.focus()
            await browser.press("Enter")  # Side A offers
            await browser.wait_for_text("Side B (people) to move")
            since = await browser.received()
            await browser.press("Enter")  # Side B responds: the neighbour's team chooses its stance
            dialog = await browser.wait_for_new_text(since, "chooses a stance", "Calm the room", "Stir things up")
            keep(await browser.screenshot(tmp_path / "serve-teams-stance.png"))
            since = await browser.received()
            await browser.keys("ArrowDown", "Enter")  # Wait
            rolled = await browser.wait_for_new_text(since, "team): Wait, +0", "ROUND 2 OF 3")  # the log, the stage
            keep(await browser.screenshot(tmp_path / "serve-teams-rolled.png"))
            game = resume(load_save(save), load_deck)
            assert [a.stance for a in game.log if isinstance(a, TakeStance)] == ["wait"]  # played in the browser
            table = await browser.screen_text()
            traffic = await browser.traffic()
            html = await browser.evaluate("document.documentElement.outerHTML")
            for words in secrets:
                for seen in (dialog, rolled, table, traffic, html):
                    assert words not in seen, words  # no secret reaches the table's page
            for token in (team_token, seat_token):
                assert token not in html and token not in traffic

            # The team's link: its secret objective, never the motive; it follows the game (the stance taken).
            await browser.open(f"{base}/seat/{team_token}?fontsize=16")
            private = await browser.wait_for_text(objective.reason, "Wait")
            keep(await browser.screenshot(tmp_path / "serve-teams-private.png"))
            assert "The neighbour" in private
            assert motive.text not in private and motive.label not in private and "hidden motive" not in private
            assert seat_token not in await browser.traffic()

            # A wrong token (one character off the team's): the plain refusal.
            wrong = team_token[:-1] + ("A" if team_token[-1] != "A" else "B")
            await browser.open(f"{base}/seat/{wrong}?fontsize=16")
            body = ""
            for _ in range(50):
                body = await browser.evaluate("document.body ? document.body.innerText : ''") or ""
                if body:
                    break
                await asyncio.sleep(0.1)
            assert body.startswith("No such page") and objective.reason not in body
        finally:
            await browser.close()
