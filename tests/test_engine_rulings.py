"""Facilitator rulings that reach back: overriding an earlier roll of the round, undoing the last decision."""

from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Game, IllegalAction, Note, Play, Roll, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.happenings import Overridden, Undone
from tabletop.engine.rulings import overridable_rolls, override_roll, steps_since_decision

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")


def human_game(seed: int = 3) -> Game:
    return Game(DECK, Setup({s.id: SeatConfig("human") for s in DECK.seats}, seed))


def advance(game: Game) -> None:
    """Make table steps until a seat must decide."""
    while (action := automatic_action(game.state)) is not None:
        game.act(action)


def play_first(game: Game) -> None:
    game.act(game.legal()[0])
    advance(game)


def test_rolls_since_the_last_decision_are_overridable_most_recent_first():
    game = human_game()
    advance(game)
    assert overridable_rolls(game) == []  # only the event was drawn
    play_first(game)  # offer
    play_first(game)  # response, then every roll and the next round's draw
    rolls = overridable_rolls(game)
    assert [r.actor for r in rolls] == [a.id for a in reversed(DECK.actors)]
    assert {r.round for r in rolls} == {1}
    assert all(isinstance(game.applied[r.index], Roll) for r in rolls)


def test_override_of_an_earlier_roll_keeps_the_dice_and_replays_the_table_steps():
    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    game.act(Note("a remark after the rolls"))
    first = overridable_rolls(game)[-1]
    faces_before = [game.states[i + 1].last_roll.faces for i in (r.index for r in overridable_rolls(game))]
    steps = len(game.applied)
    table = DECK.actor(first.actor).reactions
    target = len(table) - 1 if game.states[first.index + 1].last_roll.row != len(table) - 1 else 0
    happened = override_roll(game, first, "the facilitator rules otherwise", row=target)
    assert any(isinstance(h, Undone) for h in happened) and any(isinstance(h, Overridden) for h in happened)
    assert len(game.applied) == steps + 1  # the same steps again, plus the override
    assert any(isinstance(a, Note) for a in game.applied)  # the ruling made after the rolls is kept
    again = overridable_rolls(game)
    assert [game.states[i + 1].last_roll.faces for i in (r.index for r in again)] == faces_before
    assert Game.replay(DECK, game.setup, game.log).state == game.state


def test_a_roll_before_a_decision_cannot_be_overridden():
    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    old = overridable_rolls(game)[0]
    play_first(game)  # the next round's offer
    assert overridable_rolls(game) == []
    with pytest.raises(ValueError, match="can no longer be overridden"):
        override_roll(game, old, "too late", total=2)


def test_steps_since_decision_undoes_back_to_the_person():
    game = human_game()
    advance(game)
    play_first(game)
    n = steps_since_decision(game)
    assert isinstance(game.applied[-n], Play)
    game.undo(n, "take back the offer")
    assert game.state.phase == "offer"


def test_story_pairs_every_logged_action_with_what_it_did():
    game = human_game()
    advance(game)
    play_first(game)
    game.undo(1, "again")
    story = game.story()
    assert [a for a, _ in story] == game.log
    assert isinstance(story[-1][1][0], Undone)


# --------------------------------------------------------------------------
# One override mechanism: whatever cannot be made again is said, never dropped
# --------------------------------------------------------------------------

from tabletop.engine import Adjust, Override  # noqa: E402
from tabletop.engine.happenings import EndingReached, NotReplayed, Replayed  # noqa: E402
from tabletop.engine.state import FACILITATOR  # noqa: E402
from tabletop.present.report import report_markdown  # noqa: E402
from tabletop.present.text import describe  # noqa: E402


def check_every_step_accounted_for(happened) -> None:
    """Each step an override took back is made again (`Replayed`) or said not to be (`NotReplayed`), in order."""
    undone = [x for x in happened if isinstance(x, Undone)]
    taken = list(undone[0].actions) if undone else []
    marks = [x for x in happened if isinstance(x, (Replayed, NotReplayed))]
    while taken:
        step = taken.pop(0)
        mark = marks.pop(0)
        assert mark.action == step, (mark, step)
        if isinstance(mark, NotReplayed) and marks and isinstance(marks[0], Replayed) and step.seat != FACILITATOR \
                and (not taken or marks[0].action != taken[0]):
            marks.pop(0)  # the step made in its place
    assert not marks


def test_overriding_the_same_roll_twice_keeps_the_second_ruling():
    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    first = overridable_rolls(game)[-1]
    rows = DECK.actor(first.actor).reactions
    rolled = game.states[first.index + 1].last_roll.row
    a, b = [r for r in range(len(rows)) if r != rolled][:2] if len(rows) > 2 else (1 - rolled, rolled)
    override_roll(game, first, "first ruling", row=a)
    again = next(r for r in overridable_rolls(game) if (r.actor, r.round) == (first.actor, first.round))
    happened = override_roll(game, again, "second ruling", row=b)
    check_every_step_accounted_for(happened)
    now = next(r for r in overridable_rolls(game) if (r.actor, r.round) == (first.actor, first.round))
    assert game.states[now.last + 1].last_roll.row == b  # the roll now reads as the second ruling said
    overrides = [a for a in game.applied if isinstance(a, Override)]
    assert [o.reason for o in overrides] == ["first ruling", "second ruling"]  # in force, in order: the last wins
    assert Game.replay(DECK, game.setup, game.log).state == game.state


def ending_game() -> tuple[Game, object]:
    """A bot offers, people respond; arms at 5 before the rolls, neither roll arming the island, then the table
    moves on to the next round's offer, and the facilitator notes and adjusts."""
    for seed in range(200):
        game = Game(DECK, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("human")}, seed))
        advance(game)  # the event and the bot's offer
        game.act(game.legal()[0])  # the response
        if game.state.phase != "reactions" or game.state.tallies["arms"] == 5:
            continue
        game.act(Adjust("arms", 5 - game.state.tallies["arms"], "the island rearms"))
        advance(game)
        if game.state.phase == "response" and game.state.round == 2:
            break
    else:
        raise AssertionError("no seed fits")
    game.act(Note("the room is worried"))
    game.act(Adjust("trust", 1, "a gesture"))
    league = next(r for r in overridable_rolls(game) if r.actor == "league")
    return game, league


def test_steps_that_cannot_be_made_again_after_an_override_are_reported():
    game, league = ending_game()
    happened = game.act(Override("the League panics", row=0, actor="league", round=1))
    check_every_step_accounted_for(happened)
    assert any(isinstance(x, EndingReached) and x.ending == "arms-race" for x in happened)
    missed = {type(x.action).__name__: x.reason for x in happened if isinstance(x, NotReplayed)}
    assert missed == {
        "Roll": "the game went another way after the override",  # the bot guesses instead: the game ended
        "CloseRound": "the game went another way after the override: the game is over",
        "Draw": "the game went another way after the override: the game is over",
        "Play": "the game went another way after the override: the game is over",
        "Adjust": "the game is over: tallies can no longer be adjusted",
    }
    assert [x.action.TYPE for x in happened if isinstance(x, Replayed)] == ["guess", "note"]
    assert game.state.phase == "over" and game.log[-1].TYPE == "override"
    replayed = Game.replay(DECK, game.setup, game.log)
    assert replayed.state == game.state and replayed.story() == game.story()
    lines = describe(DECK, happened)
    assert "Not made again after the override: The trader's roll — the game went another way after the override" in lines
    assert ("Not made again after the override: the adjustment of Trust by +1 — "
            "the game is over: tallies can no longer be adjusted") in lines
    report = report_markdown(game)
    assert "- **Not made again after the override:** the adjustment of Trust by +1 — the game is over: tallies " \
           "can no longer be adjusted." in report
    for words in ("The trader's roll — the game went another way after the override.", "the close of the round — ",
                  "the event draw — ", "The port city plays Send aid — "):  # the last three said after the guess
        assert f"- **Not made again after the override:** {words}" in report
    assert "- **Facilitator ruling — note:** the room is worried" in report


def test_a_refused_override_changes_nothing():
    game, league = ending_game()
    before = (list(game.applied), game.state, len(game.log))
    for bad, words in ((Override("", row=0, actor="league", round=1), "some words"),
                       (Override("why", row=0, total=3, actor="league", round=1), "not both"),
                       (Override("why", row=9, actor="league", round=1), "expected a row"),
                       (Override("why", row=0, actor="league", round=7), "can no longer be overridden")):
        with pytest.raises(IllegalAction, match=words):
            game.act(bad)
        assert (list(game.applied), game.state, len(game.log)) == before


def test_random_overrides_account_for_every_step_and_replay_exactly():
    import random

    rng = random.Random(3)
    for seed in range(30):
        game = Game(DECK, Setup({"port": SeatConfig("bot", "dove"), "isle": SeatConfig("bot")}, seed))
        while (action := automatic_action(game.state)) is not None:
            game.act(action)
            if rng.random() < 0.1:
                game.act(Note("a note"))
            if rng.random() < 0.1 and game.state.phase != "over":
                game.act(Adjust("trust", rng.choice([-1, 1]), "a ruling"))
            rolls = overridable_rolls(game)
            if rolls and rng.random() < 0.15:
                roll = rng.choice(rolls)
                check_every_step_accounted_for(
                    override_roll(game, roll, "ruled", row=rng.randrange(len(DECK.actor(roll.actor).reactions))))
        assert Game.replay(DECK, game.setup, game.log).story() == game.story()


@pytest.mark.parametrize("seed, row, reason", [
    (1, 1, "the bot chose again after the override"),
    (7, 0, "no longer possible after the override: the bot chose again"),
])
def test_a_bot_whose_move_changes_after_an_override_says_so(seed, row, reason):
    game = Game(DECK, Setup({"port": SeatConfig("bot", "dove"), "isle": SeatConfig("human")}, seed))
    advance(game)  # the event and the bot's offer
    play_first(game)  # the response, the rolls, round 2's event and the bot's next offer
    old = game.applied[-1]
    assert old.seat == "port" and game.state.round == 2
    happened = game.act(Override("ruled", row=row, actor="league", round=1))
    check_every_step_accounted_for(happened)
    [missed] = [x for x in happened if isinstance(x, NotReplayed)]
    assert missed == NotReplayed(old, reason)
    made = [x.action for x in happened if isinstance(x, Replayed)]
    assert made[-1].seat == "port" and made[-1] != old and game.applied[-1] == made[-1]
    assert f"Not made again after the override: The port city plays {DECK.option(old.card).title} — {reason}" \
        in describe(DECK, happened)


def test_the_override_log_line_says_what_was_rolled_what_it_became_and_why():
    from tabletop.present.text import describe

    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    roll = overridable_rolls(game)[-1]  # the round's first roll
    record = game.states[roll.index + 1].last_roll
    actor = DECK.actor(roll.actor)
    row = 0 if record.row else len(actor.reactions) - 1
    happened = override_roll(game, roll, "the dice fell off the table", row=row)
    new = actor.reactions[row]
    span = f"{new.min}" if new.min == new.max else f"{new.min}–{new.max}"
    line = next(x for x in describe(DECK, happened) if "overridden" in x).split(" — ")[0]  # its effects follow
    assert line == (f"{actor.label}'s roll overridden: {record.total} {actor.reactions[record.row].label} → "
                    f"{span} {new.label}, because the dice fell off the table")
    # a new total is told as the total, with its row
    again = overridable_rolls(game)[-1]
    rolled = actor.reactions[record.row]
    total = rolled.min if rolled.min != record.total else rolled.max
    assert total != record.total
    happened = override_roll(game, again, "recounted", total=total)
    line = next(x for x in describe(DECK, happened) if "overridden" in x).split(" — ")[0]
    assert line.endswith(f"→ {total} {actor.reactions[record.row].label}, because recounted")
