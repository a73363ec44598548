"""The stage's beats (`tabletop.present.stage`), made from the journal as the room may know it."""

from __future__ import annotations

from ui_helpers import TEST_DECK

from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine import happenings as h
from tabletop.engine.actions import Note
from tabletop.engine.bots import automatic_action
from tabletop.engine.views import roll_odds, view
from tabletop.present import stage as st


def bot_game(until) -> Game:
    game = Game(load_deck(TEST_DECK), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 7))
    while (action := automatic_action(game.state)) is not None and not until(game):
        game.act(action)
    return game


def test_a_fresh_game_and_a_game_of_notes_show_the_start():
    game = bot_game(lambda g: True)
    assert st.latest(game).kind == st.START
    for i in range(50):
        game.act(Note(f"note {i}"))
    assert st.latest(game).kind == st.START


def test_a_note_leaves_the_stage_as_it_was():
    game = bot_game(lambda g: g.state.rolled == 1)
    roll = st.latest(game)
    assert roll.kind == st.ROLL
    happened = game.act(Note("a word from the facilitator"))
    assert st.scenes_after(game, game.log[-1], happened) == [] and st.latest(game) == roll


def test_each_roll_carries_the_odds_the_room_saw_before_it():
    game = bot_game(lambda g: g.state.phase == "guess")
    rolls = 0
    for entry in game.recent_entries(len(game.applied)):
        for scene in st.scenes(game, entry):
            if scene.kind == st.ROLL:
                assert scene.rolled is not None and scene.odds == roll_odds(view(entry.before, None), scene.rolled.actor)
                rolls += 1
    assert rolls >= 4


def test_the_close_of_a_round_says_what_moved_from_where_to_where_and_why():
    game = bot_game(lambda g: len(g.state.history) == 2)
    close = st.latest(game)
    assert close.kind == st.CLOSE and close.round == 2
    # From the tallies at the close of round 1 to those at the close of round 2, each change with its cause.
    before, after = game.state.history[0].tallies, game.state.history[1].tallies
    deck = game.deck
    for t in deck.tallies:
        line = next((line for line in close.effects if line.startswith(f"{t.label} ")), None)
        if before[t.id] != after[t.id]:
            assert line is not None and line.startswith(f"{t.label} {before[t.id]} → {after[t.id]}: ")
    story = game.story()
    start = max(i for i, (_, happened) in enumerate(story) if any(isinstance(x, h.RoundStarted) for x in happened))
    changes = [x for _, happened in story[start:] for x in happened
               if isinstance(x, h.TallyChanged) and x.after != x.before]
    assert changes
    for x in changes:  # each change of the round, with its amount, on its tally's line
        line = next(line for line in close.effects if line.startswith(f"{deck.tally(x.tally).label} "))
        assert f"{x.after - x.before:+d} " in line
