import itertools
import json
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from attrs import evolve

from tabletop.deck import load_deck
from tabletop.deck.odds import row_index
from tabletop.dice import parse_dice
from tabletop.engine import happenings as h
from tabletop.engine.actions import Adjust, CloseRound, Draw, Guess, IllegalAction, Note, Override, Pass, Play, Roll, Undo, action_from_dict
from tabletop.engine.game import Game
from tabletop.engine.limits import SetupError, round_bounds, rounds_from_text, seed_from_text
from tabletop.engine.rules import apply, legal_actions, modifiers_for, new_game, odds, to_move
from tabletop.engine.state import AppliedModifier, SeatConfig, Setup, tally_history

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")
SEATS = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}


def start(seed=1, rounds=None, **changes):
    return evolve(new_game(DECK, SEATS, seed, rounds), **changes)


def run(state, *actions):
    happened = []
    for action in actions:
        state, happened = apply(state, action)
    return state, happened


def advance(state, phase):
    """Take the first legal action until ``phase`` is reached."""
    while state.phase != phase:
        state, _ = apply(state, legal_actions(state)[0])
    return state


# -- setup ----------------------------------------------------------------------


def test_setup_deals_the_hand_from_every_copy():
    s = start(seed=5)
    assert len(s.hand) == 3 and len(s.pile) == 3 and s.discard == ()
    assert Counter(s.hand + s.pile) == Counter({"aid": 2, "blockade": 2, "inspect": 1, "summit": 1})
    assert s.tallies == {"trust": 4, "arms": 2} and s.phase == "inject" and s.round == 1 and s.rounds == 4
    assert start(seed=5) == s
    assert any(start(seed=k).hand != s.hand for k in range(6, 12))


def test_motive_is_drawn_by_weight():
    drawn = Counter(start(seed=k).motive for k in range(300))
    assert set(drawn) == {"stall", "cheat", "honest"}
    assert drawn["honest"] < drawn["stall"] and drawn["honest"] < drawn["cheat"]
    only_cheat = evolve(DECK, motives=tuple(evolve(m, weight=int(m.id == "cheat")) for m in DECK.motives))
    assert {new_game(only_cheat, SEATS, k).motive for k in range(30)} == {"cheat"}


@pytest.mark.parametrize("seats, seed, rounds, field, words", [
    ({"port": SeatConfig()}, 1, None, "seats", r"a configuration for each seat of the deck \(port, isle\), found none for isle"),
    ({**SEATS, "extra": SeatConfig()}, 1, None, "seats", "unknown seat 'extra'; this deck's seats: port, isle"),
    ({"port": SeatConfig("bot", "owl"), "isle": SeatConfig()}, 1, None, "seats", "no style 'owl'; its styles: hawk, dove"),
    ({"port": SeatConfig(), "isle": SeatConfig("bot", "hawk")}, 1, None, "seats", "takes no style"),
    (SEATS, 1, 0, "rounds", "expected from 1 to 100 rounds, found 0"),
    (SEATS, 1, 101, "rounds", "expected from 1 to 100 rounds, found 101"),
    (SEATS, 1, 100_000_000, "rounds", "expected from 1 to 100 rounds, found 100000000"),
    (SEATS, -1, None, "seed", "expected a seed from 0 to 18446744073709551615, found -1"),
    (SEATS, 2**64, None, "seed", "expected a seed from 0 to 18446744073709551615, found 18446744073709551616"),
    (SEATS, "7", None, "seed", "expected a whole number as the seed, found '7'"),
    (SEATS, True, None, "seed", "expected a whole number as the seed, found True"),
])
def test_setup_refuses_bad_seats_seeds_and_rounds(seats, seed, rounds, field, words):
    with pytest.raises(SetupError, match=words) as e:
        new_game(DECK, seats, seed, rounds)
    assert e.value.field == field and isinstance(e.value, ValueError)


def test_the_bounds_are_the_decks_and_the_generators():
    assert round_bounds(DECK) == (1, 100)
    assert new_game(DECK, SEATS, 2**64 - 1, 100).rounds == 100 and new_game(DECK, SEATS, 0, 1).rounds == 1
    assert seed_from_text(" 42 ") == 42 and rounds_from_text(DECK, "3") == 3
    for text, words in (("x", "expected a whole number as the seed, found 'x'"), ("-5", "from 0 to")):
        with pytest.raises(SetupError, match=words):
            seed_from_text(text)
    with pytest.raises(SetupError, match="expected a whole number of rounds, found '4.5'"):
        rounds_from_text(DECK, "4.5")


def test_seat_kind_is_checked():
    with pytest.raises(ValueError):
        SeatConfig("robot")


# -- a round ----------------------------------------------------------------------


def test_a_round_goes_through_every_phase():
    s = start(seed=2)
    assert to_move(s) == "table" and legal_actions(s) == [Draw()]
    s, happened = run(s, Draw())
    assert happened[0] == h.RoundStarted(1, 4) and isinstance(happened[1], h.EventDrawn)
    assert s.phase == "offer" and to_move(s) == "port"
    offers = legal_actions(s)
    assert offers == [Play("port", c) for c in dict.fromkeys(s.hand) if c != "summit"]
    s, happened = run(s, offers[0])
    assert s.phase == "response" and to_move(s) == "isle" and s.offer == offers[0].card
    # Rearm requires last round's offer to have been pressure: not in round 1.
    assert legal_actions(s) == [Play("isle", "accept"), Play("isle", "delay")]
    s, _ = run(s, Play("isle", "delay"))
    assert s.phase == "reactions" and legal_actions(s) == [Roll("league")]
    s, _ = run(s, Roll("league"))
    assert legal_actions(s) == [Roll("trader")]
    s, _ = run(s, Roll("trader"))
    assert s.phase == "tally" and legal_actions(s) == [CloseRound()]
    before = s
    s, happened = run(s, CloseRound())
    assert happened[0] == h.RoundClosed(1, before.tallies)
    assert s.phase == "inject" and s.round == 2 and (s.event, s.offer, s.response, s.rolled) == (None, None, None, 0)
    assert len(s.hand) == 3 and s.history[-1].offer == offers[0].card and s.history[-1].response == "delay"
    assert s.step == 6 and s.played == (offers[0].card, "delay")
    # The start, round 1's close, and now (round 2 is open).
    assert tally_history(s) == {t: [DECK.tally(t).start, before.tallies[t], s.tallies[t]] for t in ("trust", "arms")}


def test_illegal_actions_are_refused_with_a_reason():
    s = start()
    with pytest.raises(IllegalAction, match=r"inject phase, where table is to move; legal: Draw\(\)"):
        apply(s, Play("port", s.hand[0]))
    s = advance(s, "offer")
    for bad in (Play("isle", s.hand[0]), Play("port", "accept"), Roll("league"), Guess("port", "stall")):
        with pytest.raises(IllegalAction):
            apply(s, bad)
    with pytest.raises(IllegalAction, match="Game.undo"):
        apply(s, Undo(1))


def test_played_option_leaves_the_hand_for_the_discards():
    s = advance(start(seed=3, hand=("aid", "aid", "blockade")), "offer")
    trust = s.tallies["trust"]
    s, happened = run(s, Play("port", "aid"))
    assert s.hand == ("aid", "blockade") and s.discard == ("aid",)
    assert happened == [h.CardPlayed("port", "offer", "aid"),
                        h.TallyChanged("trust", 1, trust, min(trust + 1, 10), "offer", "aid")]


def test_the_pile_is_reshuffled_from_the_discards():
    s = advance(start(seed=3, hand=("aid",), pile=(), discard=("blockade", "inspect")), "offer")
    s = advance(run(s, Play("port", "aid"))[0], "tally")
    s, happened = run(s, CloseRound())
    assert sorted(s.hand) == ["aid", "blockade", "inspect"] and s.pile == () and s.discard == ()
    assert happened[-1].__class__ is h.HandDealt and sorted(happened[-1].cards) == sorted(s.hand)


def test_a_seat_without_a_playable_card_passes():
    s = advance(start(hand=("summit",) * 3), "offer")
    if s.tallies["trust"] >= 5:  # the event may have raised trust; make sure summit is out of reach
        s = evolve(s, tallies={**s.tallies, "trust": 4})
    assert legal_actions(s) == [Pass("port")]
    s, happened = run(s, Pass("port"))
    assert happened == [h.Passed("port", "offer")] and s.offer is None and s.phase == "response"
    assert legal_actions(evolve(s, phase="offer", tallies={**s.tallies, "trust": 5})) == [Play("port", "summit")]


# -- events ------------------------------------------------------------------------


def test_events_respect_requires_and_are_spent_unless_repeat():
    first = Counter(run(start(seed=k), Draw())[0].event for k in range(80))
    assert set(first) == {"storm", "parade"}  # the festival needs trust 5
    assert first["storm"] > first["parade"]  # weight 2 against 1
    spent = Counter(run(start(seed=k, drawn=("parade", "storm")), Draw())[0].event for k in range(40))
    assert set(spent) == {"storm"}  # storm repeats, parade does not
    trusting = Counter(run(start(seed=k, drawn=("parade",), tallies={"trust": 5, "arms": 2}), Draw())[0].event
                       for k in range(80))
    assert set(trusting) == {"storm", "festival"}


def test_no_event_when_none_can_be_drawn():
    deck = evolve(DECK, events=tuple(e for e in DECK.events if not e.repeat))
    s = evolve(new_game(deck, SEATS, 1), drawn=("parade",))
    s, happened = run(s, Draw())
    assert happened == [h.RoundStarted(1, 4), h.EventDrawn(1, None)] and s.event is None and s.phase == "offer"


# -- modifiers and odds ------------------------------------------------------------


def test_modifiers_come_with_reasons_and_sources():
    s = start(tallies={"trust": 6, "arms": 4}, events=("parade",), offer="aid", response="accept", phase="reactions")
    assert modifiers_for(s, "league") == [
        AppliedModifier(1, "Trust is high.", "actor", "league"),
        AppliedModifier(-2, "Arms are piling up.", "actor", "league"),
        AppliedModifier(-1, "The parade alarms the League.", "event", "parade"),
        AppliedModifier(1, "The League likes generosity.", "offer", "aid"),
        AppliedModifier(2, "A yes reassures the League.", "response", "accept"),
    ]
    assert modifiers_for(s, "trader") == []  # every modifier above is for the League alone
    everyone = evolve(s, offer="blockade", tallies={"trust": 3, "arms": 2})
    assert modifiers_for(everyone, "trader") == [AppliedModifier(-1, "Everyone fears a blockade.", "offer", "blockade")]
    # "A yes reassures" only when the offer carries the carrot tag.
    assert [m.source for m in modifiers_for(everyone, "league")] == ["event", "offer"]


def brute_force(state, actor_id):
    actor = DECK.actor(actor_id)
    dice = parse_dice(actor.dice or DECK.deck.dice)
    shift = sum(m.value for m in modifiers_for(state, actor_id))
    counts = Counter(row_index(actor.reactions, sum(faces) + dice.bonus + shift)
                     for faces in itertools.product(range(1, dice.sides + 1), repeat=dice.count))
    whole = dice.sides ** dice.count
    return [Fraction(counts[i], whole) for i in range(len(actor.reactions))]


@pytest.mark.parametrize("changes", [
    {},
    {"tallies": {"trust": 6, "arms": 4}, "events": ("parade",), "offer": "aid", "response": "accept"},
    {"tallies": {"trust": 6, "arms": 0}, "events": ("festival",), "offer": "aid", "response": "accept"},
    {"tallies": {"trust": 0, "arms": 6}, "events": ("parade",), "offer": "blockade", "response": "rearm"},
])
@pytest.mark.parametrize("actor", ["league", "trader"])
def test_odds_are_exact(changes, actor):
    s = start(phase="reactions", **changes)
    result = odds(s, actor)
    assert [row for row, _ in result] == list(DECK.actor(actor).reactions)
    assert sum(p for _, p in result) == 1
    assert [p for _, p in result] == brute_force(s, actor)


def test_odds_shift_with_modifiers():
    plain = dict((row.label, p) for row, p in odds(start(phase="reactions"), "league"))
    assert plain == {"Alarmed": Fraction(10, 36), "Watchful": Fraction(16, 36), "Reassured": Fraction(10, 36)}
    s = start(phase="reactions", tallies={"trust": 6, "arms": 2}, offer="aid", response="accept")  # +1 +1 +2
    shifted = dict((row.label, p) for row, p in odds(s, "league"))
    assert shifted == {"Alarmed": 0, "Watchful": Fraction(6, 36), "Reassured": Fraction(30, 36)}


def test_a_roll_adds_the_modifiers_and_applies_its_row():
    for seed in range(20):
        s = start(seed=seed, phase="reactions", tallies={"trust": 6, "arms": 4}, events=("parade",), offer="aid",
                  response="accept")
        mods = tuple(modifiers_for(s, "league"))
        after, happened = run(s, Roll("league"))
        rolled = happened[0]
        assert rolled.actor == "league" and rolled.dice == "2d6" and len(rolled.faces) == 2
        assert rolled.dice_total == sum(rolled.faces) and rolled.modifiers == mods
        assert rolled.total == rolled.dice_total + 1  # +1 -2 -1 +1 +2
        row = DECK.actor("league").reactions[rolled.row]
        assert rolled.row == row_index(DECK.actor("league").reactions, rolled.total) and rolled.label == row.label
        for t in ("trust", "arms"):
            assert after.tallies[t] == min(max(s.tallies[t] + row.effects.get(t, 0), 0), DECK.tally(t).max)
        assert after.rng != s.rng and after.phase == "reactions" and after.rolled == 1


def test_effects_are_clamped_and_report_before_and_after():
    s = advance(start(seed=4, hand=("aid",) * 3), "offer")
    s = evolve(s, tallies={"trust": 10, "arms": 0})
    s, happened = run(s, Play("port", "aid"))
    assert happened[1] == h.TallyChanged("trust", 1, 10, 10, "offer", "aid")
    s, happened = run(s, Adjust("arms", -3, "the guns are sunk"))
    assert happened == [h.TallyChanged("arms", -3, 0, 0, "adjust", "", "the guns are sunk")]


# -- endings and scores ------------------------------------------------------------


def test_an_ending_that_is_not_final_stops_the_game_at_once():
    s = advance(start(), "offer")
    s, happened = run(s, Adjust("arms", 4, "a secret arsenal is found"))
    assert s.tallies["arms"] == 6
    assert happened[-1] == h.EndingReached("arms-race", final=False)
    assert s.phase == "guess" and s.ending == "arms-race" and to_move(s) == "port"
    assert legal_actions(s) == [Guess("port", m.id) for m in DECK.motives]
    s, _ = run(start(), Adjust("trust", 5, "a breakthrough"))
    assert s.ending == "deal"  # trust 9 and arms 2


@pytest.mark.parametrize("trust, ending", [(6, "thaw"), (5, "stalemate")])
def test_final_endings_are_read_in_order_after_the_last_round(trust, ending):
    s = advance(start(rounds=1), "tally")
    s = evolve(s, tallies={"trust": trust, "arms": 3})
    s, happened = run(s, CloseRound())
    assert happened[-1] == h.EndingReached(ending, final=True) and s.phase == "guess" and s.ending == ending
    assert s.round == 1 and s.history[-1].tallies == {"trust": trust, "arms": 3}


@pytest.mark.parametrize("motive, ending, played, tallies, guess, scores", [
    ("stall", "stalemate", (), {"trust": 3, "arms": 3}, "stall", {"port": 3 + 3, "isle": 6}),
    ("stall", "thaw", (), {"trust": 7, "arms": 3}, "cheat", {"port": 7, "isle": 0}),
    ("cheat", "deal", ("aid",), {"trust": 9, "arms": 1}, "stall", {"port": 9 + 5, "isle": 4}),
    ("cheat", "deal", ("blockade",), {"trust": 9, "arms": 1}, "cheat", {"port": 9 + 5 + 3, "isle": 0}),
    ("honest", "thaw", (), {"trust": 0, "arms": 3}, "honest", {"port": 0 + 3, "isle": 4}),
    ("honest", "arms-race", (), {"trust": 2, "arms": 6}, "honest", {"port": 2 + 3, "isle": 0}),
])
def test_scoring(motive, ending, played, tallies, guess, scores):
    s = start(motive=motive, ending=ending, played=played, tallies=tallies, phase="guess")
    s, happened = run(s, Guess("port", guess))
    assert s.phase == "over" and s.guess == guess and s.scores == scores
    assert happened[0] == h.Guessed("port", guess, motive, guess == motive)
    assert happened[-1] == h.GameOver(ending, scores)
    points = Counter()
    for x in happened:
        if isinstance(x, h.Scored):
            points[x.seat] += x.points
    assert {seat: points[seat] for seat in scores} == scores
    with pytest.raises(IllegalAction, match="over"):
        apply(s, Guess("port", guess))


# -- the facilitator ----------------------------------------------------------------


def rolled_league(seed=1, **changes):
    s = start(seed=seed, phase="reactions", **changes)
    return run(s, Roll("league"))[0]


def test_override_by_total_or_row_is_exact():
    s = rolled_league(tallies={"trust": 4, "arms": 2})
    before = s.last_roll.before.tallies
    league = DECK.actor("league")
    s2, happened = run(s, Override(total=12, reason="the dice fell off the table"))
    assert s2.tallies == {"trust": 5, "arms": 2} and s2.last_roll.total == 12 and s2.last_roll.row == 2
    assert happened[0] == h.Overridden("league", s.last_roll.total, s.last_roll.row, 12, 2, "Reassured",
                                       "the dice fell off the table")
    assert all(isinstance(x, h.TallyChanged) and x.source == "override" for x in happened[1:])
    s3, _ = run(s2, Override(row=0, reason="on second thought"))
    assert s3.tallies == {t: before[t] + league.reactions[0].effects.get(t, 0) for t in before}
    assert s3.last_roll.total == 12 and s3.last_roll.row == 0
    same, _ = run(s, Override(row=s.last_roll.row, reason="as it was"))
    assert same == evolve(s, step=s.step + 1)


def test_override_can_undo_an_ending_and_cause_one():
    s = rolled_league(tallies={"trust": 4, "arms": 5})
    s, happened = run(s, Override(row=0, reason="the League panics"))
    assert s.tallies["arms"] == 6 and s.phase == "guess" and s.ending == "arms-race"
    assert happened[-1] == h.EndingReached("arms-race", final=False)
    s, _ = run(s, Note("the facilitator reconsiders"), Override(row=1, reason="calmer heads"))
    assert s.tallies == {"trust": 4, "arms": 5} and s.phase == "reactions" and s.ending is None
    assert legal_actions(s) == [Roll("trader")]


def test_override_only_right_after_a_roll():
    with pytest.raises(IllegalAction, match="no roll to override"):
        apply(start(), Override(total=5, reason="why not"))
    s = rolled_league()
    s, _ = run(s, Note("a note keeps the roll open"))
    assert run(s, Override(total=2, reason="ok"))[0].last_roll.total == 2
    s2, _ = run(s, Roll("trader"))
    assert s2.last_roll.actor == "trader"  # the newest roll is the one to override
    for other in (Adjust("trust", 1, "goodwill"), CloseRound()):
        later, _ = run(s2, other)
        with pytest.raises(IllegalAction, match="no roll to override"):
            apply(later, Override(total=2, reason="too late"))


@pytest.mark.parametrize("override, words", [
    (Override(reason="neither"), "either a new total or a new row"),
    (Override(total=3, row=1, reason="both"), "either a new total or a new row"),
    (Override(row=3, reason="no such row"), "row from 0 to 2"),
    (Override(total=3, reason="  "), "some words"),
])
def test_bad_overrides(override, words):
    with pytest.raises(IllegalAction, match=words):
        apply(rolled_league(), override)


@pytest.mark.parametrize("adjust, words", [
    (Adjust("nerve", 1, "no such tally"), "expected a tally id"),
    (Adjust("trust", 0, "nothing"), "non-zero"),
    (Adjust("trust", 1, ""), "some words"),
])
def test_bad_adjustments(adjust, words):
    with pytest.raises(IllegalAction, match=words):
        apply(start(), adjust)


def test_facilitator_actions_work_whoever_is_to_move():
    s = advance(start(), "response")
    s, happened = run(s, Adjust("trust", -1, "a leak"), Note("Port is nervous"))
    assert happened == [h.Noted("Port is nervous")] and s.phase == "response" and s.step == 4
    with pytest.raises(IllegalAction, match="some words"):
        apply(s, Note(" "))
    over = run(start(phase="guess", ending="stalemate"), Guess("port", "stall"))[0]
    assert run(over, Note("well played"))[0].phase == "over"
    with pytest.raises(IllegalAction, match="over"):
        apply(over, Adjust("trust", 1, "too late"))


# -- Game: log, undo, replay ----------------------------------------------------------


def play_some(game, n):
    for _ in range(n):
        game.act(game.legal()[0])


def test_undo_goes_back_exactly_and_keeps_the_dice():
    game = Game(DECK, Setup(SEATS, 9))
    states = [game.state]
    for _ in range(8):
        game.act(game.legal()[0])
        states.append(game.state)
    redo = game.applied[-3:]
    happened = game.undo(3, "wrong card")
    assert happened == [h.Undone(3, "wrong card", tuple(redo))]
    # equal to a game that never made those three moves (not merely to the state object kept for undo)
    assert game.state == Game.replay(DECK, Setup(SEATS, 9), game.applied).state and game.state is not states[8]
    assert len(game.applied) == 5 and len(game.log) == 9 and game.log[-1] == Undo(3, "wrong card")
    for action in redo:
        game.act(action)
    assert game.state == states[8]


def test_undo_counts_facilitator_actions_too():
    game = Game(DECK, Setup(SEATS, 9))
    play_some(game, 2)
    mark = game.state
    game.act(Note("hm"))
    game.act(Adjust("trust", 1, "goodwill"))
    game.undo(2)
    assert game.state == mark


def test_bad_undo_and_illegal_actions_leave_the_game_alone():
    game = Game(DECK, Setup(SEATS, 9))
    with pytest.raises(IllegalAction, match="nothing to undo"):
        game.undo(1)
    play_some(game, 2)
    for bad in (Undo(0), Undo(3), Roll("league")):
        with pytest.raises(IllegalAction):
            game.act(bad)
    assert len(game.log) == 2 and len(game.applied) == 2


def test_replaying_the_log_rebuilds_the_game():
    setup = Setup({"port": SeatConfig("bot", "dove"), "isle": SeatConfig("human")}, 21, rounds=2)
    game = Game(DECK, setup)
    play_some(game, 7)
    game.undo(2, "again")
    game.act(Note("replay me"))
    play_some(game, 3)
    log = [a.to_dict() for a in game.log]
    again = Game.replay(DECK, Setup.from_dict(json.loads(json.dumps(setup.to_dict()))),
                        [action_from_dict(d) for d in json.loads(json.dumps(log))])
    assert again.state == game.state and again.log == game.log and again.applied == game.applied


# -- actions as plain data ------------------------------------------------------------


@pytest.mark.parametrize("action", [
    Draw(), Play("port", "aid"), Pass("isle"), Roll("league"), CloseRound(), Guess("port", "stall"),
    Override(reason="r", total=7), Override(reason="r", row=1), Adjust("trust", -2, "r"), Note("text"), Undo(2, "r"),
])
def test_actions_round_trip_through_json(action):
    data = json.loads(json.dumps(action.to_dict()))
    assert data["type"] == action.TYPE
    assert action_from_dict(data) == action


@pytest.mark.parametrize("data, words", [
    ([], "expected an action"),
    ({"type": "fly"}, "expected an action type"),
    ({"type": "play", "seat": "port"}, "bad 'play' action"),
    ({"type": "play", "seat": "port", "card": "aid", "with": "style"}, "unexpected key"),
    ({"type": "adjust", "tally": "trust", "delta": "3", "reason": "r"}, "bad 'adjust' action"),
])
def test_bad_action_dicts(data, words):
    with pytest.raises(ValueError, match=words):
        action_from_dict(data)


def test_tally_history_ends_with_the_final_values():
    s = advance(start(rounds=1), "tally")
    s, _ = run(s, CloseRound())
    assert tally_history(s)["trust"] == [4, s.tallies["trust"]]  # nothing changed since the close
    s, _ = run(s, Adjust("trust", 2, "a late gesture"))
    assert tally_history(s)["trust"][-1] == s.tallies["trust"] and len(tally_history(s)["trust"]) == 3


def test_replace_names_every_field_of_the_state():
    """`replace` (the rules' one copy per action) must carry every field: a field added to `GameState` and left
    out of it would silently fall back to ... nothing; this keeps the two in step."""
    import attrs

    from tabletop.engine.state import GameState, replace

    game = Game(DECK, Setup(SEATS, 9))
    state = game.state
    for f in attrs.fields(GameState):
        marker = object()
        assert getattr(replace(state, {f.name: marker}), f.name) is marker, f.name
    assert replace(state, {}) == state


def test_a_draft_carries_every_field_of_the_state():
    """`Draft` copies each field of its base and makes the new state from its own: every field of `GameState`
    must go through it unchanged when untouched, and changed when set."""
    import attrs

    from tabletop.engine.state import Draft, GameState

    game = Game(DECK, Setup(SEATS, 9))
    state = game.state
    assert Draft(state).done() == state
    for f in attrs.fields(GameState):
        marker = object()
        d = Draft(state)
        setattr(d, f.name, marker)
        assert getattr(d.done(), f.name) is marker, f.name
        d.restart(state)
        assert d.done() == state


def test_endings_are_checked_after_every_action_not_only_after_a_tally_moves():
    """As the deck guide's §3.11 says: an ending holds after any action, a note included, though no tally moved;
    when two hold at once, the first written wins."""
    from tabletop.deck.model import Clause, Ending

    def ending(id, **clause):
        return Ending(id=id, label=id, text=id, when=(Clause(**clause),))

    by_id, by_tag = ending("by-id", offer=("aid",)), ending("by-tag", offer_tag=("carrot",))
    for first, second in ((by_id, by_tag), (by_tag, by_id)):
        s = advance(start(seed=4, hand=("aid",) * 3), "offer")
        s = evolve(s, deck=evolve(DECK, endings=(first, second) + DECK.endings))
        s, happened = run(s, Play("port", "aid"))
        assert s.ending == first.id and happened[-1] == h.EndingReached(first.id, final=False)
    s = advance(start(), "offer")
    s = evolve(s, deck=evolve(DECK, endings=(ending("any-time", round_at_least=1),) + DECK.endings))
    tallies = s.tallies
    s, happened = run(s, Note("nothing moves"))
    assert s.tallies == tallies and s.ending == "any-time" and happened == [h.Noted("nothing moves"),
                                                                             h.EndingReached("any-time", final=False)]


@pytest.mark.parametrize("deck_path", [Path(__file__).parent / "decks" / "small.toml", "korea-2018", "cuba-1962"])
def test_a_playout_makes_the_same_game_as_apply(deck_path):
    """`Playout` (one draft changed in place, for simulate) makes exactly the moves, happenings and final state that
    `apply` makes one frozen state at a time, on every bundled deck and the test deck; by default without the
    changes to tallies among its happenings (the tallies change all the same)."""
    from tabletop.engine.bots import automatic_action
    from tabletop.engine.rules import Playout
    from tabletop.paths import default_deck

    path = deck_path if isinstance(deck_path, Path) else default_deck().parent / f"{deck_path}.toml"
    deck = load_deck(path)
    offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
    styles = [st.id for st in offer.styles] or [None]
    for seed in range(60):
        seats = {offer.id: SeatConfig("bot", styles[seed % len(styles)]), respond.id: SeatConfig("bot")}
        state = new_game(deck, seats, seed)
        game, told = Playout(state), Playout(state, tally_changes=True)
        moves = 0
        while (action := automatic_action(state)) is not None:
            assert automatic_action(game.draft) == action == automatic_action(told.draft)
            state, happened = apply(state, action)
            assert told.advance(action) == happened
            assert game.advance(action) == [x for x in happened if not isinstance(x, h.TallyChanged)]
            moves += 1
        assert automatic_action(game.draft) is None and moves > 5
        assert game.state() == state == told.state()


@pytest.mark.parametrize("path", [Path(__file__).parent / "decks" / name for name in ("small.toml", "hostile.toml")]
                         + [Path(__file__).parent.parent / "decks" / name for name in ("korea-2018.toml", "cuba-1962.toml")])
def test_compiled_row_is_row_index(path):
    """A roll looks its row up in a table the compiled deck made with `row_index`: every total a row may name, and
    those beyond every table, land where `row_index` says."""
    from tabletop.engine.compiled import compiled

    deck = load_deck(path)
    cd = compiled(deck)
    for actor in deck.actors:
        for total in range(-1010, 1011):
            assert cd.row(actor.id, total) == row_index(actor.reactions, total), (actor.id, total)
