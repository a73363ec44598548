import re
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine.state import SeatConfig
from tabletop.paths import default_deck
from tabletop.present.play import run_headless
from tabletop.saves import saves_dir

DECKS = Path(__file__).parent / "decks"
DECK = load_deck(DECKS / "small.toml")
BOTS = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}


def play(seats, seed, answers=(), rounds=None):
    lines, asked = [], []
    pending = list(answers)

    def ask(prompt):
        asked.append(prompt)
        if not pending:
            raise EOFError
        return pending.pop(0)

    game = run_headless(DECK, seats, seed, rounds, out=lines.append, ask=ask)
    return game, "\n".join(lines), asked


def test_a_bot_game_reads_round_by_round():
    game, text, asked = play(BOTS, 5)
    assert game.state.phase == "over" and not asked
    assert text.startswith("Harbour talks — seed 5, 4 rounds\nSeats: The port city (port) bot, The island (isle) bot\n")
    for n in range(1, 5):
        assert f"== Round {n} of 4 ==" in text and f"Tallies after round {n}: Trust " in text
    assert re.search(r"^The League rolls 2d6: \d\+\d = \d+(, [+-]\d+ \([^)]+\))* → -?\d+: (Alarmed|Watchful|Reassured)",
                     text, re.M)
    assert re.search(r"^Event: .+", text, re.M) and re.search(r"^The port city offers: .+", text, re.M)
    assert re.search(r"^The island responds: .+", text, re.M)
    assert re.search(r"^Ending: (A thaw|Stalemate|A deal|Arms race) — ", text, re.M)
    assert re.search(r"^The hidden motive was (Stall|Cheat|Honest) — .+ The guess is (right|wrong)\.$", text, re.M)
    assert text.endswith(f"Final scores: The port city {game.state.scores['port']}, The island {game.state.scores['isle']}")
    assert play(BOTS, 5)[1] == text and play(BOTS, 8)[1] != text


def test_effects_show_before_and_after():
    _, text, _ = play(BOTS, 7)
    assert re.search(r"— (Trust|Arms) [+-]\d+ \(\d+→\d+\)", text)


def test_people_choose_from_numbered_menus():
    seats = {"port": SeatConfig("human"), "isle": SeatConfig("human")}
    game, text, asked = play(seats, 3, ["x", "7", "1", "0", "2"], rounds=1)
    assert "Please type a number from 1 to 2, or ? for help." in text  # "x" and "7" are re-asked
    assert "  Hand: Blockade, Send aid ×2" in text and (
        "  1. Blockade — Close the straits. [If played: Trust -1 · rolls: every roll -1.]" in text)
    # each card's price before it is played: its effects and the rolls it shifts, with the condition
    assert "  2. Send aid ×2 — Ships of grain. [If played: Trust +1 · rolls: The League +1.]" in text
    assert "Hidden motive: " in text and "Please type a number from 0" not in text
    assert asked[:3] == ["The port city> "] * 3 and asked[3:5] == ["The island> "] * 2
    assert game.state.response == "delay"
    # Then input runs out at the guess: the game stops politely and can be picked up from its log.
    assert game.state.phase == "guess" and text.endswith("Input closed: the game stops in round 1 after 6 actions.")


def test_end_of_input_stops_the_game():
    game, text, _ = play({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 3)
    assert game.state.phase == "offer" and len(game.log) == 1 and "Input closed" in text


def cli(*args):
    return subprocess.run([sys.executable, "-m", "tabletop", "play", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def game_text(stdout: str) -> str:
    """The output without the lines naming the save file (a new file for each game)."""
    return re.sub(r"^(Saving the game after every move to|\n?Game saved to) .*\n", "", stdout, flags=re.M)


def test_the_command_is_deterministic_for_a_seed():
    if default_deck().exists():
        args = ["--headless", "--seed", "7", "--seats", "us=bot,dprk=bot"]
    else:
        args = [str(DECKS / "small.toml"), "--headless", "--seed", "7", "--seats", "port=bot,isle=bot"]
    first, second = cli(*args), cli(*args)
    assert first.returncode == 0, first.stderr
    assert game_text(first.stdout) == game_text(second.stdout) and "Saving the game after every move to" in first.stdout
    assert "Final scores:" in first.stdout and first.stderr == ""


def test_the_command_without_headless_plays_in_plain_text_for_now(capsys):
    args = [str(DECKS / "small.toml"), "--seed", "4", "--seats", "port=bot:dove,isle=bot"]
    assert main(["play", *args]) == 0
    plain = capsys.readouterr().out
    assert main(["play", "--headless", *args]) == 0
    assert game_text(capsys.readouterr().out) == game_text(plain) and "bot (dove)" in plain


def test_usage_errors_exit_2(capsys):
    deck = str(DECKS / "small.toml")
    for seats, words in (("port=robot", "--seats: expected SEAT=human or SEAT=bot[:STYLE], found 'port=robot'"),
                         ("port", "expected SEAT=human"),
                         ("moon=bot", "--seats: unknown seat 'moon'; this deck's seats: port, isle"),
                         ("port=bot:owl", "no style 'owl'"),
                         ("isle=bot:hawk", "takes no style")):
        assert main(["play", deck, "--seats", seats, "--seed", "1"]) == 2
        assert words in capsys.readouterr().err


def test_seeds_and_rounds_out_of_bounds_are_refused_before_anything_is_played(capsys):
    deck = str(DECKS / "small.toml")
    for rounds in ("100000000", "0", "101"):
        assert main(["play", deck, "--headless", "--seed", "1", "--rounds", rounds]) == 2
        assert f"tabletop play: --rounds: expected from 1 to 100 rounds, found {rounds}" in capsys.readouterr().err
    for seed in ("-1", str(2**64), "x"):
        with pytest.raises(SystemExit) as e:
            main(["play", deck, "--headless", "--seed", seed])
        assert e.value.code == 2
        assert "argument --seed: expected a" in capsys.readouterr().err
    assert not list(saves_dir().glob("*")) if saves_dir().exists() else True


def test_a_bad_deck_exits_1_with_its_problems(capsys):
    assert main(["play", str(DECKS / "broken" / "duplicate_id.toml"), "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert "duplicate_id.toml" in err and "unique" in err
