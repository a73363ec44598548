"""A facilitator's undo can be redone, exactly, until another action is taken; the log, saves, the journal,
the text log and the report all carry it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, IllegalAction, Note, Redo, SeatConfig, Setup, Undo, action_from_dict
from tabletop.engine.bots import automatic_action
from tabletop.engine.happenings import Redone
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.present.report import report_markdown
from tabletop.present.text import describe
from tabletop.saves import load_save, resume, save_game

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")


def game_in_round_2() -> Game:
    """A bot game at round 2's first roll."""
    game = Game(DECK, Setup({"port": SeatConfig("bot", "dove"), "isle": SeatConfig("bot")}, 2))
    while game.state.round < 2 or game.state.phase != "reactions":
        game.act(automatic_action(game.state))
    return game


def snapshot(game: Game):
    return list(game.applied), game.states, game.recent(10**6)


def test_redo_puts_back_exactly_what_the_undo_took():
    game = game_in_round_2()
    before = snapshot(game)
    happened = game.undo(3, "look again")
    assert game.can_redo == 3
    assert game.redo("as it was") == [Redone(3, "as it was", tuple(before[0][-3:]))]
    assert snapshot(game) == before and game.can_redo == 0
    assert [a.TYPE for a in game.log[-2:]] == ["undo", "redo"]
    assert happened and game.story()[-1] == (Redo("as it was"), [Redone(3, "as it was", tuple(before[0][-3:]))])
    # and the game goes on as it would have
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    other = game_in_round_2()
    while (action := automatic_action(other.state)) is not None:
        other.act(action)
    assert game.state == other.state


def test_undos_in_a_row_are_redone_in_turn_the_last_first():
    game = game_in_round_2()
    full = snapshot(game)
    game.undo(1)
    middle = snapshot(game)
    game.undo(2)
    game.redo()
    assert snapshot(game) == middle
    game.redo()
    assert snapshot(game) == full
    with pytest.raises(IllegalAction, match="nothing to redo"):
        game.redo()


@pytest.mark.parametrize("then", [
    lambda g: g.act(Note("a note after the undo")),
    lambda g: g.act(automatic_action(g.state)),
    lambda g: g.act(Adjust("trust", 1, "a ruling")),
    lambda g: override_roll(g, overridable_rolls(g)[0], "ruled", row=0),
])
def test_a_new_action_ends_what_can_be_redone(then):
    game = game_in_round_2()
    game.act(automatic_action(game.state))  # a roll, so that there is one to override after the undo
    game.act(automatic_action(game.state))
    game.undo(1)
    then(game)
    assert game.can_redo == 0
    log = len(game.log)
    with pytest.raises(IllegalAction, match="nothing to redo: only what an undo took back can be redone, and only "
                                            "until another action is taken"):
        game.redo()
    assert len(game.log) == log  # refused: not logged


def test_a_refused_action_leaves_the_redo_in_place():
    game = game_in_round_2()
    game.undo(2)
    for bad in (Adjust("trust", 0, "nothing"), Undo(99)):
        with pytest.raises(IllegalAction):
            game.act(bad)
    assert game.can_redo == 2


def test_a_redo_round_trips_through_a_save_and_replays_exactly(tmp_path):
    game = game_in_round_2()
    game.undo(2, "wait")
    game.redo("go on")
    game.act(automatic_action(game.state))
    path = save_game(game, tmp_path / "game.jsonl")
    assert '{"type": "redo", "reason": "go on"}\n' in path.read_text()
    assert action_from_dict({"type": "redo", "reason": "go on"}) == Redo("go on")
    save = load_save(path)
    again = resume(save, load_deck)
    assert again.log == game.log and again.state == game.state and again.story() == game.story()
    assert again.applied == game.applied and again.states == game.states


def test_the_log_and_the_report_show_the_redo():
    game = game_in_round_2()
    game.act(automatic_action(game.state))  # the League's roll
    game.act(automatic_action(game.state))  # the trader's
    game.undo(2, "wait")
    game.redo("go on")
    lines = [line for _, happened in game.story() for line in describe(DECK, happened)]
    assert lines[-2:] == ["Facilitator undoes 2 actions: wait", "Facilitator redoes the last undo: 2 actions put back: go on"]
    report = report_markdown(game)
    assert "- **Facilitator ruling — undo** of 2 actions. *Reason:* wait. Taken back: «The League rolls" in report
    assert ("- **Facilitator ruling — redo** of the last undo: 2 actions put back. *Reason:* go on. "
            "Put back: «The League rolls") in report
    assert "redo** (round 2): go on" in report and "undo** (round 2): wait" in report
    # what was put back is kept in the timeline again; after the undo alone it was not
    assert report.count("- **Roll — The trader**") == 2  # rounds 1 and 2
    undone = report_markdown(Game.replay(DECK, game.setup, game.log[:-1]))
    assert undone.count("- **Roll — The trader**") == 1


def test_redoable_names_what_a_redo_would_put_back_and_the_words_say_it():
    from tabletop.present.text import redo_words, undo_words

    game = game_in_round_2()
    assert game.redoable == ()
    taken = tuple(game.applied[-4:])
    assert undo_words(DECK, taken).startswith("Undo 4 steps: takes back ")
    game.undo(4)
    assert game.redoable == taken and game.can_redo == 4
    words = redo_words(DECK, game.redoable)
    # round 2 so far: the close of round 1, the event draw, both seats' moves (the last four steps before the roll)
    assert words == "Redo 4 steps: puts back both seats' moves, the event draw and the close of a round"
    assert undo_words(DECK, taken[-1:]) == "Undo 1 step: takes back The island's response"
    game.redo()
    assert game.redoable == ()
