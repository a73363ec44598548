"""The deck format's second edition in play: card limits (once, limit, cooldown, until_round), clocks (a tally's
drift), actors that roll only when, and scoring from a tally's start. Each is read by the rules, shown in words,
and written in the log and the report."""

from __future__ import annotations

from pathlib import Path

from attrs import evolve

from tabletop.deck import load_deck
from tabletop.deck.model import Clause
from tabletop.engine import happenings as h
from tabletop.engine.actions import CloseRound, Draw, Guess, Pass, Play
from tabletop.engine.decisions import menu
from tabletop.engine.rules import apply, legal_actions, new_game
from tabletop.engine.state import SeatConfig
from tabletop.present.text import describe

HERE = Path(__file__).parent
DECK = load_deck(HERE / "decks" / "small.toml")
SEATS = {"port": SeatConfig("human"), "isle": SeatConfig("human")}


def deck_with(**parts):
    """The small deck with some cards, tallies or actors changed (``options={"aid": {...}}`` and so on)."""
    changed = {}
    for kind, edits in parts.items():
        changed[kind] = tuple(evolve(x, **edits.get(x.id, {})) for x in getattr(DECK, kind))
    return evolve(DECK, **changed)


def game(deck, seed=1, **changes):
    return evolve(new_game(deck, SEATS, seed), **changes)


def run(state, *actions):
    happened = []
    for action in actions:
        state, happened = apply(state, action)
    return state, happened


def to_phase(state, phase):
    """Take the first legal action (passing where a card could be played) until ``phase``."""
    while state.phase != phase:
        legal = legal_actions(state)
        state, _ = apply(state, next((a for a in legal if isinstance(a, Pass)), legal[0]))
    return state


def plays(state):
    return {a.card for a in legal_actions(state) if isinstance(a, Play)}


def why_not(state, card):
    return next(item.why_not for item in menu(state) if item.card == card)


# -- limits on cards -----------------------------------------------------------------------------------------


def test_a_once_response_cannot_be_played_again_and_says_why():
    deck = deck_with(responses={"delay": {"once": True}})
    s = to_phase(game(deck), "response")
    assert "delay" in plays(s)
    s, _ = run(s, Play("isle", "delay"))
    s = to_phase(s, "response")
    assert s.round == 2 and "delay" not in plays(s)
    assert why_not(s, "delay") == "played once already: once a game"


def test_a_cooldown_rests_the_card_the_next_round_only():
    deck = deck_with(responses={"delay": {"cooldown": 1}})
    s = to_phase(game(deck), "response")
    s, _ = run(s, Play("isle", "delay"))
    s = to_phase(s, "response")
    assert s.round == 2 and "delay" not in plays(s)
    assert why_not(s, "delay") == "played in round 1: it may be played again from round 3"
    s = to_phase(run(s, Play("isle", "accept"))[0], "response")
    assert s.round == 3 and "delay" in plays(s)


def test_a_limited_option_leaves_the_hand_once_used_up():
    deck = deck_with(options={"aid": {"limit": 1}})
    s = to_phase(game(deck, hand=("aid", "aid", "inspect"), pile=("blockade", "blockade", "summit")), "offer")
    s, _ = run(s, Play("port", "aid"))
    s = to_phase(s, "tally")
    s, happened = run(s, CloseRound())
    assert h.CardsRetired("port", ("aid", "aid")) in happened  # the copy in the hand, and the one played
    assert "aid" not in s.hand and "aid" not in s.pile + s.discard
    assert len(s.hand) == 3  # dealt back to full from the pile
    assert "Leave the game (played as often as they may be, or past their last round): Send aid ×2" in describe(deck, happened)


def test_an_option_past_its_last_round_leaves_the_hand():
    deck = deck_with(options={"inspect": {"until_round": 1}})
    s = to_phase(game(deck, hand=("inspect", "aid", "aid"), pile=("blockade", "blockade", "summit")), "offer")
    assert "inspect" in plays(s)
    s, _ = run(s, Play("port", "aid"))
    s, happened = run(to_phase(s, "tally"), CloseRound())
    assert h.CardsRetired("port", ("inspect",)) in happened and "inspect" not in s.hand


def test_decks_without_limits_deal_exactly_as_before():
    # the same seed deals the same hands round after round: no card is looked at for limits
    s1, s2 = game(DECK, seed=7), game(deck_with(responses={"delay": {"once": True}}), seed=7)
    for _ in range(3):
        s1, s2 = to_phase(run(to_phase(s1, "tally"), CloseRound())[0], "offer"), \
            to_phase(run(to_phase(s2, "tally"), CloseRound())[0], "offer")
        assert s1.hand == s2.hand and s1.pile == s2.pile


# -- standing cards --------------------------------------------------------------------------------------------


def test_a_standing_card_is_always_in_the_hand_and_stays_there_when_played():
    deck = deck_with(options={"inspect": {"standing": True}})
    s = game(deck, seed=3)
    assert s.hand[-1] == "inspect" and len(s.hand) == 4  # held after the three cards dealt, besides them
    assert "inspect" not in s.pile and len(s.pile) == 5 - 3  # aid ×2, blockade ×2, summit: 5 in the pile
    s = to_phase(s, "offer")
    dealt = s.hand[:-1]
    s, _ = run(s, Play("port", "inspect"))
    assert s.hand == dealt + ("inspect",) and "inspect" not in s.discard and s.offer == "inspect"
    s, _ = run(to_phase(s, "tally"), CloseRound())
    assert s.hand == dealt + ("inspect",)  # nothing was missing: nothing dealt
    s = to_phase(s, "offer")
    s, _ = run(s, Play("port", dealt[0]))
    s, happened = run(to_phase(s, "tally"), CloseRound())
    assert s.hand[-1] == "inspect" and len(s.hand) == 4 and dealt[0] in s.discard
    assert any(isinstance(x, h.HandDealt) and len(x.cards) == 1 for x in happened)  # one card dealt, not two


def test_a_standing_card_leaves_the_hand_once_spent():
    deck = deck_with(options={"inspect": {"standing": True, "once": True}})
    s = to_phase(game(deck, seed=3), "offer")
    s, _ = run(s, Play("port", "inspect"))
    s, happened = run(to_phase(s, "tally"), CloseRound())
    assert h.CardsRetired("port", ("inspect",)) in happened
    assert "inspect" not in s.hand and len(s.hand) == 3


def test_a_style_that_avoids_every_dealt_card_plays_the_standing_one():
    # The hawk gives carrots 1 - 1 = 0: with only carrots dealt, it would pick among them alike; with a standing
    # pressure card beside them, it plays that card every time.
    from tabletop.engine.bots import bot_action, explain
    seats = {"port": SeatConfig("bot", style="hawk"), "isle": SeatConfig("bot")}
    plain = evolve(new_game(DECK, seats, 1), hand=("aid", "aid", "summit"), pile=("blockade", "inspect"))
    standing = deck_with(options={"inspect": {"standing": True}})
    held = evolve(new_game(standing, seats, 1), hand=("aid", "aid", "summit", "inspect"), pile=("blockade",))
    picks_plain, picks_held = set(), set()
    for seed in range(40):
        p, q = to_phase(evolve(plain, seed=seed), "offer"), to_phase(evolve(held, seed=seed), "offer")
        picks_plain.add(bot_action(p, "port").card)
        picks_held.add(bot_action(q, "port").card)
    assert picks_plain == {"aid"}  # summit needs trust 5: aid is all it can play, though it weighs 0
    assert picks_held == {"inspect"}
    assert [(c.action.card, c.chance) for c in explain(to_phase(held, "offer"), "port")] == [("aid", 0), ("inspect", 1)]


def test_a_standing_card_says_it_is_always_in_hand():
    from tabletop.ui.widgets.cards import card_text
    deck = deck_with(options={"inspect": {"standing": True}})
    seats = {"port": SeatConfig("human"), "isle": SeatConfig("bot")}
    state = to_phase(evolve(new_game(deck, seats, 1), hand=("inspect", "aid"), pile=("blockade",)), "offer")
    items = {item.card: item for item in menu(state, "port")}
    assert "(always in hand)" in card_text(deck, deck.option("inspect"), items["inspect"]).plain
    assert "(always in hand)" not in card_text(deck, deck.option("aid"), items["aid"]).plain


# -- clocks ----------------------------------------------------------------------------------------------------


def test_a_tally_drifts_at_the_close_of_each_round_with_its_reason():
    deck = deck_with(tallies={"arms": {"drift": 1, "drift_reason": "The foundries work night and day."}})
    s = to_phase(game(deck), "tally")
    before = s.tallies["arms"]
    s, happened = run(s, CloseRound())
    assert s.tallies["arms"] == before + 1 and s.history[-1].tallies["arms"] == before + 1
    closed = next(i for i, x in enumerate(happened) if isinstance(x, h.RoundClosed))
    assert happened[closed + 1] == h.TallyChanged("arms", 1, before, before + 1, "drift", "arms",
                                                   "The foundries work night and day.")
    assert any(line.endswith(f"Arms +1 ({before}→{before + 1}): The foundries work night and day.")
               for line in describe(deck, happened))


def test_a_clock_drifts_only_while_its_condition_holds():
    deck = deck_with(tallies={"arms": {"drift": 1, "drift_reason": "Rearming.",
                                       "drift_when": (Clause(tally="trust", at_most=3),)}})
    s = to_phase(game(deck, tallies={"trust": 4, "arms": 2}), "tally")
    s = evolve(s, tallies={"trust": 4, "arms": 2})
    assert run(s, CloseRound())[0].tallies["arms"] == 2
    s = evolve(s, tallies={"trust": 3, "arms": 2})
    assert run(s, CloseRound())[0].tallies["arms"] == 3


# -- actors that roll only when ----------------------------------------------------------------------------


def test_an_actor_sits_out_a_round_where_its_condition_does_not_hold():
    deck = deck_with(actors={"league": {"rolls_when": (Clause(tally="arms", at_least=5),)}})
    s = to_phase(game(deck), "response")
    s, happened = run(s, Play("isle", "delay"))
    assert h.SatOut("league") in happened
    assert s.phase == "reactions" and [a.actor for a in legal_actions(s)] == ["trader"]
    assert f"{deck.actor('league').label} does not roll this round" in describe(deck, happened)
    everyone_sits = deck_with(actors={a.id: {"rolls_when": (Clause(round_at_least=9),)} for a in DECK.actors})
    s = to_phase(game(everyone_sits), "response")
    s, happened = run(s, Play("isle", "delay"))
    assert [x for x in happened if isinstance(x, h.SatOut)] == [h.SatOut(a.id) for a in DECK.actors]
    assert s.phase == "tally" and legal_actions(s) == [CloseRound()]


# -- scoring from the start ------------------------------------------------------------------------------------


def test_scoring_per_point_from_the_start():
    scoring = tuple(evolve(r, from_start=True) if r.per_tally == "trust" else r for r in DECK.scoring)
    deck = evolve(DECK, scoring=scoring)
    s = to_phase(game(deck, rounds=1), "guess")
    trust_start = deck.tally("trust").start
    s, happened = run(s, Guess("port", "stall"))
    points = next(x.points for x in happened if isinstance(x, h.Scored) and "trust" in x.reason)
    assert points == s.tallies["trust"] - trust_start
    assert Draw() not in legal_actions(s)


def test_the_report_tells_of_clocks_actors_sitting_out_and_cards_leaving():
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup
    from tabletop.present.report import report_markdown

    deck = deck_with(tallies={"arms": {"drift": 1, "drift_reason": "The foundries work night and day."}},
                     actors={"league": {"rolls_when": (Clause(round_at_least=9),)}},
                     options={"aid": {"once": True}, "blockade": {"once": True}})
    from tabletop.engine.bots import automatic_action

    g = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 3))
    while (action := automatic_action(g.state)) is not None:
        g.act(action)
    text = report_markdown(g, date="2026-11-28")
    assert "The foundries work night and day." in text
    assert f"**{deck.actor('league').label}** does not roll this round." in text
    assert "- **Leave the game** (played as often as they may be, or past their last round):" in text


async def test_a_tally_shows_its_short_label_where_the_whole_one_would_wrap(tmp_path):
    import sys

    sys.path.insert(0, str(HERE))
    from ui_helpers import make_app, screen_text

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    long = "Trust between the two capitals and their peoples"
    path = tmp_path / "short.toml"
    path.write_text(text.replace('label = "Trust"', f'label = "{long}"\nshort = "Trust"', 1), encoding="utf-8")
    for size, whole in (((80, 24), False), ((200, 50), True)):
        app = make_app(path, seats={"port": "human", "isle": "bot"})
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            shown = screen_text(app)
            assert (long in shown) is whole, size
            assert whole or "Trust" in shown


def _debrief_deck(tmp_path):
    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    text = text.replace('id = "small"\n', 'id = "small"\nlesson = "Trust without proof is a gamble."\n', 1)
    for ending in ("deal", "arms-race", "thaw", "stalemate"):
        text = text.replace(f'[[endings]]\nid = "{ending}"\n',
                            f'[[endings]]\nid = "{ending}"\nprompts = ["Why did it end as {ending}?"]\n'
                            f'source = {{ passage = "the {ending} passage" }}\n', 1)
    for motive in ("stall", "cheat", "honest"):
        text = text.replace(f'[[motives]]\nid = "{motive}"\n',
                            f'[[motives]]\nid = "{motive}"\nprompts = ["When did {motive} show?"]\n'
                            f'note = "The {motive} motive is ours."\n', 1)
    text = text.replace('[[actors]]\nid = "league"\n',
                        '[[actors]]\nid = "league"\nsource = { passage = "the League passage" }\n'
                        'note = "The League is invented."\n', 1)
    path = tmp_path / "debrief.toml"
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def test_the_report_opens_with_the_lesson_and_closes_with_prompts_and_sources(tmp_path):
    from tabletop.engine.bots import automatic_action
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup
    from tabletop.present.report import report_markdown

    deck = _debrief_deck(tmp_path)
    g = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 5))
    while (action := automatic_action(g.state)) is not None:
        g.act(action)
    text = report_markdown(g, date="2026-11-28")
    lines = text.splitlines()
    assert lines.index("> **The lesson:** Trust without proof is a gamble.") < lines.index("## Timeline")
    ending, motive = g.state.ending, g.state.motive
    assert f"- Why did it end as {ending}?" in lines and f"*Source:* the {ending} passage" in lines
    assert f"- When did {motive} show?" in lines and f"*Beyond the source:* The {motive} motive is ours." in lines
    section = lines[lines.index("## Where the regional actors come from"):]
    assert "*Source:* the League passage" in section and "*Beyond the source:* The League is invented." in section


def test_the_debrief_shows_the_lesson_and_the_prompts(tmp_path):
    from tabletop.engine.bots import automatic_action
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup
    from tabletop.ui.screens.debrief import outcome_text

    deck = _debrief_deck(tmp_path)
    g = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 5))
    while (action := automatic_action(g.state)) is not None:
        g.act(action)
    text = outcome_text(g, []).plain
    assert text.startswith("The lesson: Trust without proof is a gamble.")
    assert f"For discussion:\n  ? Why did it end as {g.state.ending}?" in text
    assert f"  ? When did {g.state.motive} show?" in text


# -- effects that depend on a tally --------------------------------------------------------------------------


def test_extra_and_scaled_effects_follow_the_tallies_and_say_why():
    from tabletop.deck.model import ExtraEffect, ScaledEffect

    costly = {"effects": {"trust": 1},
              "extra_effects": (ExtraEffect(when=(Clause(tally="arms", at_least=3),), effects={"trust": -2},
                                            reason="Aid to an armed island looks like weakness."),),
              "scaled_effects": (ScaledEffect(tally="arms", per="trust", rate=-1, every=3, at_least=-2, at_most=0,
                                              reason="Trust slows the guns."),)}
    deck = deck_with(options={"aid": costly})
    for arms, trust, expected_trust, expected_arms in ((2, 4, 5, 1), (3, 4, 3, 2), (3, 9, 8, 1)):
        s = to_phase(game(deck, hand=("aid", "aid", "inspect")), "offer")
        s = evolve(s, tallies={"trust": trust, "arms": arms})
        item = next(i for i in menu(s) if i.card == "aid")
        preview = {e.tally: e.delta for e in item.effects}
        s, happened = run(s, Play("port", "aid"))
        assert (s.tallies["trust"], s.tallies["arms"]) == (expected_trust, expected_arms), (arms, trust)
        # the menu said beforehand what playing it does now
        assert preview.get("trust", 0) == expected_trust - trust and preview.get("arms", 0) == expected_arms - arms
    line = describe(deck, happened)[0]
    assert "Trust slows the guns." in line  # the reason of an extra or scaled change is on the card's line


def test_a_motive_read_anywhere_the_table_can_see_is_warned_of_at_any_depth(tmp_path):
    from tabletop.deck import inspect_deck

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    text = text.replace('[[actors]]\nid = "trader"\n',
                        '[[actors]]\nid = "trader"\nrolls_when = [{ any = [{ round_at_least = 3 }, { motive = "cheat" }] }]\n', 1)
    text = text.replace('id = "arms"\n', 'id = "arms"\ndrift = 1\ndrift_when = [{ not = [{ motive = "honest" }] }]\n', 1)
    path = tmp_path / "leaky.toml"
    path.write_text(text, encoding="utf-8")
    warned = [(".".join(map(str, w.path)), w.message) for w in inspect_deck(path).warnings]
    leaks = [where for where, message in warned if message.startswith("a motive clause outside scoring")]
    assert leaks == ["tallies.1.drift_when.0", "actors.1.rolls_when.0"]


# -- scheduled injects -----------------------------------------------------------------------------------------


def _round_events(deck, seed=2, rounds=4):
    """The event of each round of a game where both seats pass or play their first card."""
    s = game(deck, seed=seed, rounds=rounds)
    events = []
    while s.phase != "guess" and s.phase != "over":
        if s.phase == "inject":
            s, happened = run(s, Draw())
            drawn = next(x for x in happened if isinstance(x, h.EventDrawn))
            events.append(drawn.event if drawn.event else ("quiet" if drawn.quiet else None))
        else:
            s = evolve(s, tallies={"trust": 4, "arms": 2})  # keep every ending away
            legal = legal_actions(s)
            s, _ = run(s, next((x for x in legal if isinstance(x, Pass)), legal[0]))
    return events


def test_events_fixed_to_a_round_chained_and_quiet_rounds():
    deck = deck_with(events={"festival": {"round": 2, "requires": ()}, "parade": {"follows": "festival", "weight": 5}})
    deck = evolve(deck, deck=evolve(deck.deck, quiet_rounds=(4,)))
    for seed in range(8):
        events = _round_events(deck, seed=seed)
        assert events[1] == "festival" and events[2] == "parade" and events[3] == "quiet", (seed, events)
        assert events[0] == "storm"  # the only event left to chance
    # a deck without a schedule draws as it always did
    plain = [_round_events(DECK, seed=k) for k in range(8)]
    assert all(e[0] in {"storm", "parade", "festival"} for e in plain) and len({tuple(e) for e in plain}) > 1


def test_the_schedule_is_checked(tmp_path):
    from tabletop.deck import inspect_deck

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    text = text.replace('id = "storm"\n', 'id = "storm"\nround = 2\n', 1)
    text = text.replace('id = "parade"\n', 'id = "parade"\nround = 2\nfollows = "parade"\n', 1)
    text = text.replace('id = "festival"\n', 'id = "festival"\nfollows = "fete"\n', 1)
    path = tmp_path / "schedule.toml"
    path.write_text(text, encoding="utf-8")
    errors = sorted((".".join(map(str, p.path)), p.message) for p in inspect_deck(path).errors)
    assert errors == [
        ("events.1.follows", "expected another event to follow, found 'parade' itself"),
        ("events.1.follows", "expected round or follows, found both: an event is scheduled one way"),
        ("events.1.round", "expected one event fixed to a round, found a second for round 2 (the first is events[0])"),
        ("events.2.follows", "expected an event id, found 'fete'; known: festival, parade, storm"),
    ]


def test_the_facilitator_draws_a_named_event_only_at_the_start_of_a_round():
    import pytest

    from tabletop.engine.actions import IllegalAction, Inject, action_from_dict
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup

    g = Game(DECK, Setup(SEATS, 4))
    for bad, words in ((Inject("fete", "x"), "expected an event id"), (Inject("parade", " "), "expected some words")):
        with pytest.raises(IllegalAction, match=words):
            g.act(bad)
    happened = g.act(Inject("festival", "the mayor insists"))  # whatever its requires (trust 5): the facilitator's call
    assert h.EventDrawn(1, "festival", injected="the mayor insists") in happened
    assert g.state.event == "festival" and g.state.phase == "offer" and g.state.drawn == ("festival",)
    with pytest.raises(IllegalAction, match="only at the start of a round"):
        g.act(Inject("parade", "again"))
    assert action_from_dict(Inject("parade", "r").to_dict()) == Inject("parade", "r")
    assert describe(DECK, happened)[-1] == "Event, drawn by the facilitator (the mayor insists): Harbour festival — " \
        "Trust +1 (4→5)"


async def test_six_tallies_fit_at_80x24_one_line_each(tmp_path):
    import sys

    sys.path.insert(0, str(HERE))
    from ui_helpers import make_app, screen_text

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    extra = "".join(f'[[tallies]]\nid = "t{i}"\nlabel = "{name}"\nstart = {i + 2}\n\n'
                    for i, name in enumerate(("Alert level", "Credibility", "Readiness", "Cohesion")))
    path = tmp_path / "six.toml"
    path.write_text(text.replace("[[seats]]", extra + "[[seats]]", 1), encoding="utf-8")
    app = make_app(path, seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        for words in ("Trust 4 of 10", "Arms 2 of 6", "Alert level 2 of 10", "Credibility 3 of 10", "Readiness 4 of 10",
                      "Cohesion 5 of 10"):
            assert words in shown, words
    app = make_app(path, seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=(140, 45)) as pilot:  # room enough: the gauge and the history come back
        await pilot.pause()
        assert screen_text(app).count("history") == 6


# -- a guess as a spread of chances ------------------------------------------------------------------------------


def _spread_deck(rule):
    return evolve(DECK, deck=evolve(DECK.deck, guess_rule=rule, guess_points=10))


def test_a_spread_is_scored_by_a_proper_rule():
    from tabletop.engine.rules import spread_points

    # brier: certainty right earns all, an even spread a little, certainty wrong loses all
    assert spread_points("brier", {"a": 100, "b": 0, "c": 0}, "a", 10) == 10
    assert spread_points("brier", {"a": 0, "b": 100, "c": 0}, "a", 10) == -10
    assert spread_points("brier", {"a": 34, "b": 33, "c": 33}, "a", 10) == round(10 * (1 - (0.66 ** 2 + 2 * 0.33 ** 2)))
    # log: even spread 0, certainty right all, a wrong certainty counts as 1%
    assert spread_points("log", {"a": 50, "b": 50}, "a", 10) == 0
    assert spread_points("log", {"a": 100, "b": 0}, "a", 10) == 10
    assert spread_points("log", {"a": 0, "b": 100}, "a", 10) == round(10 * (1 + __import__("math").log(0.01) / __import__("math").log(2)))
    # proper: for a belief of 70/30, reporting it scores better on average than exaggerating it
    for rule in ("brier", "log"):
        honest = 0.7 * spread_points(rule, {"a": 70, "b": 30}, "a", 1000) + 0.3 * spread_points(rule, {"a": 70, "b": 30}, "b", 1000)
        bold = 0.7 * spread_points(rule, {"a": 100, "b": 0}, "a", 1000) + 0.3 * spread_points(rule, {"a": 100, "b": 0}, "b", 1000)
        assert honest > bold, rule


def test_a_spread_guess_is_checked_scored_and_told():
    import pytest

    from tabletop.engine.actions import IllegalAction

    deck = _spread_deck("brier")
    s = to_phase(game(deck, rounds=1), "guess")
    ids = [m.id for m in deck.motives]
    for bad, words in (((("stall", 60), ("cheat", 30)), "every motive"), ((("stall", 60), ("cheat", 30), ("honest", 20)),
                       "adding up to 100")):
        with pytest.raises(IllegalAction, match=words):
            run(s, Guess("port", "stall", bad))
    with pytest.raises(IllegalAction, match="likeliest"):
        run(s, Guess("port", "cheat", (("stall", 60), ("cheat", 30), ("honest", 10))))
    spread = (("stall", 60), ("cheat", 30), ("honest", 10))
    s2, happened = run(s, Guess("port", "stall", spread))
    guessed = next(x for x in happened if isinstance(x, h.Guessed))
    assert guessed.spread == spread and set(ids) == {m for m, _ in spread}
    scored = next(x for x in happened if isinstance(x, h.Scored) and "brier rule" in x.reason)
    from tabletop.engine.rules import spread_points
    assert scored.points == spread_points("brier", dict(spread), s.motive, 10)
    assert "guesses the hidden motive: Stall (Stall 60%, Cheat 30%, Honest 10%)" in "\n".join(describe(deck, happened))
    with pytest.raises(IllegalAction, match="names one motive"):  # a deck that names one motive scores no spread
        run(to_phase(game(DECK, rounds=1), "guess"), Guess("port", "stall", spread))


def test_the_bot_gives_its_posterior_as_a_spread_and_people_type_one():
    from tabletop.engine.bots import automatic_action
    from tabletop.present.play import run_headless

    deck = _spread_deck("log")
    bots = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}
    s = to_phase(evolve(new_game(deck, bots, 3), rounds=1), "guess")
    action = automatic_action(s)
    assert isinstance(action, Guess) and action.spread is not None and sum(n for _, n in action.spread) == 100
    out: list[str] = []
    answers = iter(["1", "1", "50 50", "x", "?", "20 30 50"])

    def ask(prompt):
        return next(answers)

    g = run_headless(deck, {"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 3, rounds=1, out=out.append,
                     ask=ask)
    text = "\n".join(out)
    assert g.state.phase == "over" and "Please type 3 whole numbers adding up to 100, or ? for help." in text
    assert "the log rule scores the chances given" in text  # ? explains the spread
    assert g.state.guess == "honest" and "(Stall 20%, Cheat 30%, Honest 50%)" in text


async def test_the_guess_screen_takes_chances_adding_up_to_100(tmp_path):
    import sys

    sys.path.insert(0, str(HERE))
    from ui_helpers import make_app, screen_text

    from tabletop.ui.screens.modals import GuessScreen

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")
    path = tmp_path / "spread.toml"
    path.write_text(text.replace('guess_points = 3\n', 'guess_points = 10\nguess_rule = "brier"\n', 1),
                    encoding="utf-8")
    app = make_app(path, seats={"port": "human", "isle": "bot"})
    answers = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        deck = app.screen.game.deck
        app.push_screen(GuessScreen("The port city", deck), answers.append)
        await pilot.pause()
        assert "Total: 100 — ready" in screen_text(app)
        app.screen.query_one("#chance-stall").value = "70"
        await pilot.pause()
        assert "Total: 136 — it must be 100" in screen_text(app)  # 70 + 33 + 33
        await pilot.click("#guess-apply")  # refused: the total is not 100
        await pilot.pause()
        assert answers == []
        app.screen.query_one("#chance-cheat").value = "30"
        app.screen.query_one("#chance-honest").value = "0"
        await pilot.pause()
        app.screen.query_one("#chance-honest").focus()
        await pilot.press("enter")  # Enter in a chance gives them
        await pilot.pause()
    assert answers == [(("stall", 70), ("cheat", 30), ("honest", 0))]


def test_the_debrief_shows_the_chances_given():
    from tabletop.engine.bots import automatic_action
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup
    from tabletop.ui.screens.debrief import guess_text

    deck = _spread_deck("log")
    g = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 5))
    happened = []
    while (action := automatic_action(g.state)) is not None:
        happened = g.act(action)
    guessed = next(x for x in happened if isinstance(x, h.Guessed))
    words = ", ".join(f"{deck.motive(m).label} {n}%" for m, n in guessed.spread)
    assert f"The chances given: {words} (scored by the log rule)" in guess_text(g, happened).plain  # beside the chart


# -- more than one event in a round ------------------------------------------------------------------------------


def _with_places(deck, places):
    return evolve(deck, deck=evolve(deck.deck, events_per_round=places))


def _draws(state):
    """The events of the round just drawn, from what the draw said happened."""
    state, happened = run(state, Draw())
    return state, [x.event for x in happened if isinstance(x, h.EventDrawn)]


def test_a_round_has_as_many_events_as_the_deck_says():
    from collections import Counter

    deck = _with_places(DECK, (2, 3, 1))  # round 1: two, round 2: three, round 3 and after: one
    seen = Counter()
    for seed in range(30):
        s, events = _draws(game(deck, seed=seed))
        assert len(events) == 2 and len(set(events)) == 2, events  # storm repeats, but not twice in one round
        assert s.events == tuple(events) and s.drawn == tuple(events) and s.event == events[0]
        seen[frozenset(events)] += 1
        s, events = _draws(to_phase(game(deck, seed=seed, round=2), "inject"))
        assert len(events) == 3 or "festival" not in events  # festival only with trust 5: fewer when none is left
        s, events = _draws(game(deck, seed=seed, round=3))
        assert len(events) == 1
    assert frozenset({"storm", "parade"}) in seen  # festival needs trust 5, the small deck starts at 4
    # the second event's requires sees the first's effects: festival can come after something raises trust to 5
    later = _with_places(deck_with(events={"parade": {"effects": {"trust": 1}, "weight": 1000}}), (2,))
    assert any("festival" in _draws(game(later, seed=k))[1] for k in range(20))


def test_one_event_a_round_draws_exactly_as_before():
    for seed in range(20):
        one, _ = run(game(DECK, seed=seed), Draw())
        same, _ = run(game(_with_places(DECK, (1,)), seed=seed), Draw())
        assert (one.events, one.rng, one.tallies) == (same.events, same.rng, same.tallies) and len(one.events) <= 1


def test_every_event_of_the_round_is_read_by_conditions_modifiers_and_the_record():
    from tabletop.engine.conditions import holds
    from tabletop.engine.rules import modifiers_for

    deck = _with_places(deck_with(events={"storm": {"modifiers": DECK.event("parade").modifiers}}), (2,))
    s = game(deck, events=("storm", "parade"), phase="reactions", offer="aid", response="accept")
    assert holds((Clause(event=("parade",)),), s) and holds((Clause(event=("storm",)),), s)
    assert not holds((Clause(event=("festival",)),), s)
    league = [(m.source, m.source_id) for m in modifiers_for(s, "league") if m.source == "event"]
    assert league == [("event", "storm"), ("event", "parade")]  # both events' modifiers, in the order they came
    s = to_phase(s, "inject")
    assert s.history[-1].events == ("storm", "parade") and s.history[-1].event == "storm" and s.events == ()


def test_scheduled_events_due_together_all_come_in_deck_order_up_to_the_places():
    deck = deck_with(events={"festival": {"round": 1, "requires": ()}, "parade": {"round": 1}})
    s, events = _draws(game(_with_places(deck, (2,)), seed=3))
    assert events == ["parade", "festival"]  # fixed to the round, in deck order, before any chance draw
    s, events = _draws(game(_with_places(deck, (3,)), seed=3))
    assert events == ["parade", "festival", "storm"]  # the place left is drawn by chance
    # a following event waits for a round with a place free
    chain = _with_places(deck_with(events={"festival": {"follows": "storm", "requires": ()},
                                           "parade": {"follows": "storm"}}), (1,))
    rounds = _round_events(chain, seed=1)
    assert rounds[:3] == ["storm", "parade", "festival"], rounds
    wide = _with_places(chain, (2,))
    s, events = _draws(game(wide, seed=1))
    assert events == ["storm"]  # the only event left to chance; the others follow it
    s, events = _draws(to_phase(s, "inject"))
    assert events == ["parade", "festival"]


def test_the_number_of_events_a_round_is_checked(tmp_path):
    from tabletop.deck import inspect_deck

    text = (HERE / "decks" / "small.toml").read_text(encoding="utf-8")

    def problems(header: str, *, rounds=("storm", "parade")):
        deck = text.replace('[deck]\n', f'[deck]\n{header}\n', 1)
        for event in rounds:
            deck = deck.replace(f'id = "{event}"\n', f'id = "{event}"\nround = 2\n', 1)
        path = tmp_path / "places.toml"
        path.write_text(deck, encoding="utf-8")
        found = inspect_deck(path)
        return [f"{p.line}:{p.col}: {'.'.join(map(str, p.path))}: {p.message}" for p in found.errors], found.deck

    assert problems("events_per_round = 2")[0] == []
    assert problems("events_per_round = 2")[1].deck.events_per_round == (2,)
    assert problems("events_per_round = [1, 2]")[0] == []
    errors, _ = problems("events_per_round = [2, 1]")
    assert len(errors) == 1 and errors[0].endswith(
        "events.1.round: expected one event fixed to a round, found a second for round 2 (the first is events[0])")
    errors, _ = problems("events_per_round = [1, 2]", rounds=("storm", "parade", "festival"))
    assert len(errors) == 1 and errors[0].endswith(
        "events.2.round: expected at most 2 events fixed to round 2 (its events_per_round), found one more "
        "(after events[0], events[1])")
    errors, _ = problems("events_per_round = [1, 0]", rounds=())
    assert errors == ["3:24: deck.events_per_round.1: expected an integer from 1 to 10, found 0"]
    errors, _ = problems('events_per_round = "2"', rounds=())
    assert errors == ["3:1: deck.events_per_round: expected an array, found a string ('2')"]


def test_the_log_and_the_report_tell_every_event_of_the_round():
    from tabletop.engine.game import Game
    from tabletop.engine.state import Setup
    from tabletop.present.report import report_markdown

    deck = _with_places(DECK, (2,))
    g = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 5))
    happened = g.act(Draw())
    drawn = [x.event for x in happened if isinstance(x, h.EventDrawn)]
    assert len(drawn) == 2
    lines = describe(deck, happened)
    titles = [deck.event(e).title for e in drawn]
    assert [line for line in lines if line.startswith("Event: ")] == [
        line for line in lines if any(line.startswith(f"Event: {t}") for t in titles)] and len(lines) >= 3
    while g.state.phase != "over":
        g.act(g.legal()[0])
    report = report_markdown(g, date="2026-01-01")
    assert all(f"*{deck.event(e).title}*" in report for e in drawn)
    # the journal replays to the same game
    again = Game.replay(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 5),
                        [a for a, _ in g.story()])
    assert again.state == g.state and [r.events for r in again.state.history] == [r.events for r in g.state.history]


def test_the_strait_example_gives_round_3_its_ultimatum_and_a_drawn_event():
    deck = load_deck(HERE.parent / "docs" / "examples" / "strait" / "deck.toml")
    seats = {s.id: SeatConfig("human") for s in deck.seats}
    for seed in range(5):
        s = evolve(new_game(deck, seats, seed), round=3)
        s, events = _draws(s)
        assert events[0] == "league-ultimatum" and len(events) == 2, events
        s = evolve(s, phase="tally", history=(), tallies={t.id: t.start for t in deck.tallies})
        s, _ = run(s, CloseRound())
        s, events = _draws(s)
        assert events[0] == "deadline" and len(events) == 2, events
