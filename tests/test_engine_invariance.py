"""A facilitator's bookkeeping never changes the game: notes, adjustments taken back and refused actions leave
the table's steps and the bots' moves exactly as they would have been without them.

Each game is played by bots in both seats (the offer seat's styles taken in turn). The same game is played
again with an intervention before every bot decision; the table steps and bot moves (with the dice and effects
they made) must be the same, and so must the end of the game.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, IllegalAction, Note, Play, SeatConfig, Setup, Undo
from tabletop.engine.bots import automatic_action
from tabletop.engine.state import FACILITATOR, TABLE
from tabletop.paths import default_deck

SEEDS = range(200)


def _note(game: Game) -> None:
    game.act(Note("a remark while the bot thinks"))


def _one_note(game: Game) -> None:
    if not any(a.seat == FACILITATOR for a in game.log):  # only before the first bot decision
        game.act(Note("a remark before the first offer"))


def _adjust_then_undo(game: Game) -> None:
    game.act(Adjust(game.deck.tallies[0].id, 1, "try this"))
    game.undo(1, "no, leave it")


def _refused(game: Game) -> None:
    for action in (Play(game.state.offer_seat, "no-such-card"), Adjust(game.deck.tallies[0].id, 0, "nothing"),
                   Undo(len(game.applied) + 1)):
        with pytest.raises(IllegalAction):
            game.act(action)


INTERVENTIONS = {"note": _note, "one note": _one_note, "adjustment undone": _adjust_then_undo, "refused action": _refused}


def play(deck, seed: int, intervene=None) -> Game:
    styles = [st.id for st in deck.seat_by_role("offer").styles] or [None]
    seats = {deck.seat_by_role("offer").id: SeatConfig("bot", styles[seed % len(styles)]),
             deck.seat_by_role("respond").id: SeatConfig("bot")}
    game = Game(deck, Setup(seats, seed))
    while (action := automatic_action(game.state)) is not None:
        if intervene is not None and action.seat != TABLE:
            intervene(game)
            action = automatic_action(game.state)
        game.act(action)
    return game


def moves(game: Game) -> list:
    """The table steps and seat moves still in force, each with what it did."""
    return [(a, happened) for _, a, happened in game.recent(len(game.applied)) if a.seat != FACILITATOR]


def changed_games(deck, intervene) -> int:
    """How many of the seeded games an intervention changes."""
    changed = 0
    for seed in SEEDS:
        plain, touched = play(deck, seed), play(deck, seed, intervene)
        if moves(plain) != moves(touched) or plain.state.tallies != touched.state.tallies \
                or (plain.state.ending, plain.state.scores) != (touched.state.ending, touched.state.scores):
            changed += 1
    return changed


DECKS = {"bundled": default_deck(), "small": Path(__file__).parent / "decks" / "small.toml"}


@pytest.mark.parametrize("kind", INTERVENTIONS)
@pytest.mark.parametrize("deck_name", DECKS)
def test_bookkeeping_changes_no_game(deck_name, kind):
    deck = load_deck(DECKS[deck_name])
    assert changed_games(deck, INTERVENTIONS[kind]) == 0


if __name__ == "__main__":  # the figures: how many of the 200 games each intervention changes
    for name, path in DECKS.items():
        deck = load_deck(path)
        for kind, intervene in INTERVENTIONS.items():
            print(f"{name} deck, {kind}: {changed_games(deck, intervene)} of {len(SEEDS)} games changed")
