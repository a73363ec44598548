"""`Game` keeps what every action made happen as it acts (its journal): `story` and `recent` need no replay."""

from __future__ import annotations

import random

from ui_helpers import BUNDLED_DECK

from tabletop.commands.resume import so_far
from tabletop.deck import load_deck
from tabletop.engine import Game, Note, Roll, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.happenings import RoundStarted
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.present.report import report_markdown
from tabletop.present.text import describe


def long_game(deck, n: int) -> Game:
    """A legal game of ``n`` actions: the facilitator's notes before the first draw (the human seat moves next)."""
    game = Game(deck, Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7))
    for i in range(n):
        game.act(Note(f"note {i}"))
    return game


def replayed_story(game: Game):
    fresh = Game(game.deck, game.setup)
    return [(action, fresh.act(action)) for action in game.log]


def test_the_journal_is_what_a_replay_gives():
    deck = load_deck(BUNDLED_DECK)
    rng = random.Random(5)
    game = Game(deck, Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 11))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
        roll = rng.random()
        if roll < 0.1 and game.applied:
            game.undo(rng.randint(1, min(3, len(game.applied))), "again")
        elif roll < 0.15:
            game.act(Note("a remark"))
        elif roll < 0.2 and isinstance(action, Roll) and (rolls := overridable_rolls(game)):
            override_roll(game, rolls[-1], "the dice fell off the table", row=0)
    assert any(a.TYPE == "undo" for a in game.log) and any(a.TYPE == "override" for a in game.log)
    assert game.story() == replayed_story(game)
    # The steps still in force, as the facilitator's undo list shows them, are those of a replay of `applied`.
    fresh = Game(deck, game.setup)
    expected = [(i, action, fresh.act(action)) for i, action in enumerate(game.applied)]
    assert game.recent(12) == expected[-12:]
    assert game.recent(10**6) == expected


def test_story_and_recent_apply_no_rule(count_apply):
    game = long_game(load_deck(BUNDLED_DECK), 2000)
    count_apply[0] = 0
    story = game.story()
    recent = game.recent(12)
    assert count_apply[0] == 0
    assert len(story) == 2000 and story[-1][0] == Note("note 1999")
    assert [i for i, _, _ in recent] == list(range(1988, 2000))
    assert describe(game.deck, recent[-1][2]) == describe(game.deck, story[-1][1])
    assert "note 1999" in describe(game.deck, recent[-1][2])[0]


def test_the_journal_is_kept_from_changes_to_what_act_returns():
    game = Game(load_deck(BUNDLED_DECK), Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 1))
    happened = game.act(Note("one"))
    happened.append("something else")
    assert game.story() == replayed_story(game)


def ruled_game(deck) -> Game:
    """A whole bot game with undos, overrides and notes along the way."""
    rng = random.Random(3)
    game = Game(deck, Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 4))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
        roll = rng.random()
        if roll < 0.1 and game.applied:
            game.undo(rng.randint(1, min(3, len(game.applied))), "again")
        elif roll < 0.15:
            game.act(Note("a remark"))
        elif roll < 0.2 and isinstance(action, Roll) and (rolls := overridable_rolls(game)):
            override_roll(game, rolls[-1], "the dice fell off the table", row=0)
    return game


def test_entries_give_the_states_around_each_logged_action():
    game = ruled_game(load_deck(BUNDLED_DECK))
    entries = game.entries()
    assert [(e.action, e.happened) for e in entries] == game.story()
    assert entries[0].before is game.states[0] and entries[-1].after is game.state
    assert all(a.after is b.before for a, b in zip(entries, entries[1:], strict=False))
    fresh = Game(game.deck, game.setup)
    for e in entries:
        before = fresh.state
        fresh.act(e.action)
        assert (e.before, e.after) == (before, fresh.state)


def test_the_report_reads_the_journal_without_playing_the_game_again(count_apply):
    deck = load_deck(BUNDLED_DECK)
    game = ruled_game(deck)
    assert any(a.TYPE == "undo" for a in game.log) and game.state.phase == "over"
    count_apply[0] = 0
    text = report_markdown(game)
    assert count_apply[0] == 0
    undos = [a for a in game.log if a.TYPE == "undo"]
    assert text.count("**Facilitator ruling — undo**") == 2 * len(undos)  # in the timeline and in the rulings
    assert text == report_markdown(Game.replay(deck, game.setup, game.log))


def test_resume_reminds_the_round_from_the_journal_not_from_the_printed_log(count_apply):
    deck = load_deck(BUNDLED_DECK)
    game = Game(deck, Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 5))  # a seed that reaches round 2
    while game.state.round < 2 or game.state.phase != "reactions":
        game.act(automatic_action(game.state))
    game.act(Note("look:\n== Round 9 of 9 ==\nnot a heading"))  # a note cannot fake where the round began
    count_apply[0] = 0
    lines = so_far(game)
    assert count_apply[0] == 0
    assert lines[0].startswith("Event: ")
    assert lines[-3:] == ["Note: look:", "== Round 9 of 9 ==", "not a heading"]
    round_two = next(i for i, (_, happened) in enumerate(game.story())
                     if any(isinstance(x, RoundStarted) and x.round == 2 for x in happened))
    later = [line for _, happened in game.story()[round_two:] for line in describe(deck, happened)]
    assert later[:2] == ["", f"== Round 2 of {game.state.rounds} =="] and later[2:] == lines
