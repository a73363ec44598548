"""`tabletop serve`: the token check, the bind default and its warning, the web driver's detection, the commands
served, the link slips, and the server's answers (an aiohttp test client, no browser: see test_serve_browser.py)."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from tabletop.cli import build_parser
from tabletop.commands import play as play_command
from tabletop.commands import serve as serve_command
from tabletop.deck import load_deck
from tabletop.ui import launch, web

SMALL = Path(__file__).parent / "decks" / "small.toml"
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


# --- tokens ---

def test_tokens_are_long_random_and_distinct():
    first, second = web.new_tokens(["a", "b"]), web.new_tokens(["a", "b"])
    assert set(first) == {"a", "b"}
    assert first["a"] != first["b"] and first["a"] != second["a"]
    assert all(len(t) >= 43 for t in first.values())  # 32 random bytes, URL-safe base64


def test_a_token_opens_its_own_seat_only():
    tokens = {"port": "A" * 43, "isle": "B" * 43}
    assert web.seat_of_token("A" * 43, tokens) == "port"
    assert web.seat_of_token("B" * 43, tokens) == "isle"


@pytest.mark.parametrize("given", ["", "A", "A" * 42, "A" * 44, "A" * 42 + "B", "a" * 43, "port", "isle",
                                   "A" * 43 + "/", "\udcff" * 43, "é" * 43])
def test_a_wrong_token_opens_nothing(given):
    assert web.seat_of_token(given, {"port": "A" * 43, "isle": "B" * 43}) is None


def test_no_token_opens_anything_when_there_are_no_private_views():
    assert web.seat_of_token("", {}) is None
    assert web.seat_of_token("A" * 43, {}) is None


def test_tokens_are_compared_in_constant_time(monkeypatch):
    seen: list[tuple[bytes, bytes]] = []

    def compare(a, b):
        seen.append((a, b))
        return a == b

    monkeypatch.setattr(web.hmac, "compare_digest", compare)
    assert web.seat_of_token("B" * 43, {"port": "A" * 43, "isle": "B" * 43}) == "isle"
    assert len(seen) == 2  # every seat's token compared, the matching one too: no early answer


# --- where it binds ---

def test_serve_binds_to_this_machine_by_default():
    args = build_parser("serve").parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.port == 8000 and args.font_size is None and not args.private


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1"])
def test_no_warning_for_this_machine(host):
    assert web.bind_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", ""])
def test_a_warning_for_any_other_address(host):
    warning = web.bind_warning(host)
    assert warning is not None and "WARNING" in warning and "anyone who can reach this address" in warning


@pytest.mark.parametrize(("host", "shown"), [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::1", "[::1]"),
                                             ("::", "[::1]"), ("192.168.1.20", "192.168.1.20")])
def test_url_host(host, shown):
    assert web.url_host(host) == shown


def test_page_url_carries_the_font_size_when_asked():
    assert web.page_url("http://127.0.0.1:8000") == "http://127.0.0.1:8000/"
    assert web.page_url("http://127.0.0.1:8000", "/seat/x", 28) == "http://127.0.0.1:8000/seat/x?fontsize=28"


@pytest.mark.parametrize(("option", "value"), [("--port", "0"), ("--port", "70000"), ("--font-size", "2"),
                                                ("--font-size", "big")])
def test_bad_port_or_font_size_is_a_usage_error(option, value, capsys):
    with pytest.raises(SystemExit) as e:
        build_parser("serve").parse_args(["serve", option, value])
    assert e.value.code == 2


# --- the web driver ---

def test_driver_detection_reads_the_environment():
    assert launch.driver_given({}) is None
    assert launch.driver_given({"TEXTUAL_DRIVER": ""}) is None
    assert launch.driver_given({"TEXTUAL_DRIVER": "not a driver"}) is None
    assert launch.driver_given({"TEXTUAL_DRIVER": WEB_DRIVER}) == WEB_DRIVER


def test_play_is_full_screen_under_the_web_driver_without_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    args = argparse.Namespace(headless=False)
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert not launch.drawable()
    assert not play_command.full_screen(args)  # plain text, as before: no terminal, no driver
    monkeypatch.setenv("TEXTUAL_DRIVER", WEB_DRIVER)  # as textual-serve runs the command
    assert launch.drawable()
    assert play_command.full_screen(args)
    assert not play_command.full_screen(argparse.Namespace(headless=True))  # --headless still wins


# --- what is served ---

def test_the_table_plays_until_the_save_exists_then_resumes_it(tmp_path):
    save = tmp_path / "game.jsonl"
    commands = web.TableCommands(save, [str(SMALL), "--seed", "7"], ["--pace", "instant"])
    assert " play " in commands.table() and "--seed 7" in commands.table() and f"--save {save}" in commands.table()
    save.write_text("{}\n")
    assert " resume " in commands.table() and "--pace instant" in commands.table() and "--seed" not in commands.table()
    assert commands.private("isle").endswith(f"private --seat isle {save}")


def test_the_secret_seats_are_the_deck_s():
    deck = load_deck(SMALL)
    assert serve_command.secret_seats(deck) == ["isle"]  # the responding seat holds the hidden motive


def test_link_slips_are_new_files_for_their_owner_only(tmp_path):
    save = tmp_path / "game.jsonl"
    other = tmp_path / "game-private-isle.txt"
    other.write_text("someone else's notes\n")
    slip = serve_command.write_link_slip(save, "isle", "The island", "http://127.0.0.1:8000/seat/TOKEN", "Small")
    assert slip == tmp_path / "game-private-isle-2.txt"
    assert other.read_text() == "someone else's notes\n"  # never written over
    text = slip.read_text()
    assert text.startswith("tabletop: private view link") and "http://127.0.0.1:8000/seat/TOKEN" in text
    assert stat.S_IMODE(slip.stat().st_mode) == 0o600


# --- the server's answers ---

TOKENS = {"isle": "T" * 43}


@pytest.fixture
async def client(tmp_path):
    save = tmp_path / "game.jsonl"
    commands = web.TableCommands(save, [str(SMALL)], [])
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = web.make_server(commands, TOKENS, host="127.0.0.1", port=port, title="tabletop: <b>[red]Small</b>",
                             font_size=20)
    async with TestClient(TestServer(await server._make_app(), host="127.0.0.1", port=port)) as c:
        c.served_port = port
        c.save = save
        c.table_server = server
        yield c


async def test_the_public_page_carries_no_token(client):
    response = await client.get("/")
    page = await response.text()
    assert response.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.served_port}/ws"' in page
    assert 'data-font-size="20"' in page
    assert TOKENS["isle"] not in page and "/seat/" not in page
    assert "&lt;b&gt;[red]Small&lt;/b&gt;" in page and "<b>" not in page  # a deck's title is text, not HTML


async def test_the_font_size_of_the_page(client):
    assert 'data-font-size="40"' in await (await client.get("/?fontsize=40")).text()
    assert 'data-font-size="96"' in await (await client.get("/?fontsize=5000")).text()


@pytest.mark.parametrize("path", ["/seat/" + "T" * 42, "/seat/" + "T" * 44, "/seat/" + "t" * 43, "/seat/",
                                  "/seat/" + "T" * 42 + "/ws", "/seat/isle", "/private"])
async def test_a_wrong_token_gets_a_plain_refusal(client, path):
    response = await client.get(path)
    assert response.status == 404
    text = await response.text()
    assert TOKENS["isle"] not in text
    if path.startswith("/seat/T"):
        assert response.content_type == "text/plain" and text == web.REFUSAL


async def test_one_table_at_a_time(client, monkeypatch):
    import asyncio

    monkeypatch.setattr(web, "TABLE_HANDOVER", 0.2)
    client.table_server.live_table = asyncio.Event()  # a table is being played in another page
    refused = await client.get("/ws")
    assert refused.status == 409 and "already open in another browser page" in await refused.text()


async def test_the_private_page_waits_for_the_game_then_opens(client):
    early = await client.get("/seat/" + TOKENS["isle"])
    assert early.status == 503 and "has not started yet" in await early.text()
    client.save.write_text("{}\n")
    page = await client.get("/seat/" + TOKENS["isle"])
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.served_port}/seat/{TOKENS["isle"]}/ws"' in await page.text()
    assert page.headers["Referrer-Policy"] == "no-referrer" and page.headers["Cache-Control"] == "no-store"


# --- the served table shows no secret ---

async def test_a_table_with_secrets_elsewhere_never_hands_off(tmp_path, monkeypatch):
    from test_ui_play import play_to_the_end, settle
    from ui_helpers import WIDE, make_app, screen_text

    from tabletop.ui.screens.modals import HandOffScreen
    from tabletop.ui.screens.table import TableScreen

    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))
    app = make_app(seats={"port": "human", "isle": "human"}, seed=11, secrets_elsewhere=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, TableScreen)  # no hand-off at the start, as a hot-seat game has without it
        motive = app.deck.motive(app.screen.game.state.motive)
        assert any("your secret is in your private view" in n.message for n in app._notifications)
        seen: list[str] = []

        async def look(pilot, screen):
            assert not isinstance(app.screen, HandOffScreen)
            await pilot.press("m")  # asked for: still not at this screen
            await pilot.pause()
            assert not isinstance(app.screen, HandOffScreen)
            seen.append(screen_text(app))

        await play_to_the_end(pilot, app, look)
        assert seen and all(motive.label.upper() not in text and motive.text.split(".")[0] not in text for text in seen)
        assert motive.label.upper() in screen_text(app)  # the debrief reveals it to all, as always


async def test_a_table_with_secrets_elsewhere_names_every_secret_reader_in_one_note(tmp_path, monkeypatch):
    """Side B's motive and the neighbour's secret objective, each read at its own link: one note at the start names
    both (not one note each, stacked over the log and the stage), and none of it says a secret."""
    from ui_helpers import WIDE

    from tabletop.config import Config
    from tabletop.engine.state import ActorConfig, SeatConfig, Setup
    from tabletop.ui.app import TabletopApp
    from tabletop.ui.screens.modals import HandOffScreen
    from tabletop.ui.screens.table import TableScreen

    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path))
    teams = Path(__file__).parent / "decks" / "teams.toml"
    setup = Setup({"a": SeatConfig("human"), "b": SeatConfig("human")}, 7, None, {"neighbour": ActorConfig("team")})
    app = TabletopApp(teams, setup=setup, seed=7, config=Config(), pace="instant", secrets_elsewhere=True)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(20):
            await pilot.pause()
        assert isinstance(app.screen, TableScreen) and not isinstance(app.screen, HandOffScreen)
        notes = [n.message for n in app._notifications if n.title == "Secrets"]
        assert notes == ["Side B and The neighbour: each of you reads your secret in your own private view (the link "
                         "the facilitator gave you); no secret is ever shown at this screen."]
        deck = app.deck
        assert deck.motives[0].text not in notes[0] and "point by point" not in notes[0]


def test_serve_private_plays_the_table_with_secrets_elsewhere(tmp_path, monkeypatch):
    served: list = []
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(web, "make_server", lambda commands, tokens, **kw: served.append((commands, tokens, kw))
                        or argparse.Namespace(serve=lambda: None))
    from tabletop.cli import main

    assert main(["serve", str(SMALL), "--private", "--seed", "3", "--pace", "brisk", "--port", "8123"]) == 0
    (commands, tokens, kw), = served
    assert set(tokens) == {"isle"} and kw["host"] == "127.0.0.1" and kw["port"] == 8123
    assert "--secrets-elsewhere" in commands.table() and "--seed 3" in commands.table()
    assert "--pace brisk" in commands.table()
    slips = list((tmp_path / "data" / "saves").glob("*-private-isle.txt"))
    assert len(slips) == 1 and tokens["isle"] in slips[0].read_text()
    served.clear()
    assert main(["serve", str(SMALL), "--port", "8123"]) == 0  # without --private: no tokens, the hand-off as usual
    (commands, tokens, kw), = served
    assert tokens == {} and "--secrets-elsewhere" not in commands.table()


def test_serving_elsewhere_is_warned_of(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(web, "make_server", lambda *a, **kw: argparse.Namespace(serve=lambda: None))
    from tabletop.cli import main

    assert main(["serve", str(SMALL), "--port", "8123"]) == 0
    assert "WARNING" not in capsys.readouterr().err
    assert main(["serve", str(SMALL), "--port", "8123", "--host", "0.0.0.0"]) == 0
    out = capsys.readouterr()
    assert "WARNING: serving on 0.0.0.0" in out.err and "http://127.0.0.1:8123/" in out.out


# --- only this machine, only this site ---

@pytest.mark.parametrize(("host", "origin", "allowed"), [
    ("127.0.0.1:8000", None, True),
    ("localhost:8000", "http://localhost:8000", True),
    ("[::1]:8000", "http://[::1]:8000", True),
    ("127.0.0.1:8000", "http://127.0.0.1:8000", True),
    ("127.0.0.1:8000", "http://evil.example", False),  # another site's page opening the table's websocket
    ("evil.example:8000", "http://evil.example:8000", False),  # a name made to point here (DNS rebinding)
    ("127.0.0.1:9999", None, False),
    (None, None, False),
])
def test_requests_on_this_machine(host, origin, allowed):
    assert web.request_allowed(host, origin, bound="127.0.0.1", port=8000) is allowed


def test_requests_when_served_elsewhere():
    assert web.request_allowed("192.168.1.20:8000", "http://192.168.1.20:8000", bound="0.0.0.0", port=8000)
    assert not web.request_allowed("192.168.1.20:8000", "http://evil.example", bound="0.0.0.0", port=8000)


async def test_another_site_is_refused(client):
    response = await client.get("/", headers={"Host": f"evil.example:{client.served_port}"})
    assert response.status == 403
    response = await client.get("/ws", headers={"Origin": "http://evil.example"})
    assert response.status == 403


def test_serving_a_save_resumes_it(tmp_path, monkeypatch, capsys):
    served: list = []
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(web, "make_server", lambda commands, tokens, **kw: served.append(commands)
                        or argparse.Namespace(serve=lambda: None))
    from tabletop.cli import main

    save = tmp_path / "game.jsonl"
    assert main(["play", str(SMALL), "--headless", "--seed", "4", "--seats", "port=bot,isle=bot", "--save", str(save)]) == 0
    capsys.readouterr()
    assert main(["serve", "--save", str(save), "--seed", "9"]) == 0
    out = capsys.readouterr()
    assert "(resumed)" in out.out and "--seats, --actors, --seed and --rounds are the save's" in out.err
    assert " resume " in served[0].table() and "--seed" not in served[0].table()
    not_a_save = tmp_path / "notes.txt"
    not_a_save.write_text("my notes\n")
    assert main(["serve", "--save", str(not_a_save)]) == 1
    assert not_a_save.read_text() == "my notes\n"
