"""Regional actors played by a team or a bot: stances and objectives in the deck, the stance step in the rules."""

from __future__ import annotations

import contextlib
import io
from fractions import Fraction
from pathlib import Path

import pytest

from tabletop.balance.simulate import format_table, simulate
from tabletop.cli import main
from tabletop.commands.play import parse_actors
from tabletop.deck import inspect_deck, load_deck
from tabletop.deck.odds import row_odds
from tabletop.engine import Game, IllegalAction, Roll, SeatConfig, Setup, views
from tabletop.engine.actions import TakeStance, action_from_dict
from tabletop.engine.bots import automatic_action, bot_action, explain
from tabletop.engine.happenings import ObjectiveScored, Rolled, StanceTaken
from tabletop.engine.limits import SetupError
from tabletop.engine.rules import legal_actions, stance_odds, to_move
from tabletop.engine.state import ActorConfig
from tabletop.engine.views import known_objectives, next_roll, view
from tabletop.present.play import run_headless
from tabletop.present.text import describe

HERE = Path(__file__).resolve().parent
STANCES = HERE / "decks" / "stances.toml"


def _check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    return code, out.getvalue(), err.getvalue()


# -- the deck format ------------------------------------------------------------------------------------------------


def test_stances_and_objectives_load():
    deck = load_deck(STANCES)
    neighbour = deck.actor("neighbour")
    assert [(s.id, s.value) for s in neighbour.stances] == [("calm", 2), ("wait", 0), ("stir", -3)]
    assert neighbour.stances[2].requires[0].tally == "trust"
    assert [p.card for p in neighbour.policy] == [("calm",)]
    assert [(o.points, o.secret, o.per_tally) for o in neighbour.objectives] == [(2, False, None), (1, True, "trust")]
    assert deck.actor("far").stances == () and deck.actor("far").objectives == ()


def test_check_is_clean_and_lists_the_stances():
    code, out, err = _check(STANCES)
    assert code == 0 and "warning" not in err + out, err + out
    assert "stances: Calm the room (calm) +2, Wait (wait) +0, Stir things up (stir) -3" in out
    assert "objectives: 2 (1 secret)" in out


def _broken(tmp_path: Path, *swaps: tuple[str, str]) -> Path:
    text = STANCES.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_check_names_file_line_key_expected_and_found(tmp_path):
    path = _broken(tmp_path, ('reason = "Waiting bends nothing."', 'reason = "  "'),
                   ('per_tally = "trust"', 'per_tally = "trsut"'), ('card = "calm"', 'card = "clam"'),
                   ('id = "wait"', 'id = "calm"'))
    code, _, err = _check(path)
    assert code == 1
    lines = err.splitlines()
    assert lines[-1].endswith(": 4 errors"), err
    blank = _line_of(path, 'reason = "  "')
    assert (f"{path}:{blank}:3: actors[0].stances[1].reason: expected a reason the table "
            "will read aloud for the stance, found an empty one") in lines
    assert (f"{path}:{_line_of(path, 'trsut')}:3: actors[0].objectives[1].per_tally: expected a tally id, found "
            "'trsut' (did you mean 'trust'?); known: trust") in lines
    assert any(line.startswith(f"{path}:{_line_of(path, 'clam')}:3: actors[0].policy[0].card: expected a stance id "
                               "of neighbour, found 'clam'") for line in lines), err
    assert any("actors[0].stances[1].id: expected a unique stance id, found 'calm' again" in line for line in lines)


def test_a_stance_without_a_reason_or_value_is_refused(tmp_path):
    path = _broken(tmp_path, ('value = 0\n  reason = "Waiting bends nothing."\n', ""))
    inspection = inspect_deck(path)
    messages = [f"{'.'.join(map(str, p.path))}: {p.message}" for p in inspection.errors]
    assert any(m.startswith("actors.0.stances.1: missing key 'value'") for m in messages), messages
    assert any(m.startswith("actors.0.stances.1: missing key 'reason'") for m in messages), messages


def test_an_objective_on_a_condition_with_an_unknown_tally_is_refused(tmp_path):
    path = _broken(tmp_path, ('when = [{ tally = "trust", at_least = 3 }]',
                              'when = [{ tally = "nope", at_least = 3 }]'))
    code, _, err = _check(path)
    assert code == 1 and "actors[0].objectives[0].when[0].tally: expected a tally id, found 'nope'" in err


def test_a_policy_with_a_tag_or_without_stances_is_refused(tmp_path):
    path = _broken(tmp_path, ('card = "calm"', 'tag = "calm"'))
    code, _, err = _check(path)
    assert code == 1 and "actors[0].policy[0].tag: expected 'card' naming stance ids, found 'tag'" in err


# -- the engine ------------------------------------------------------------------------------------------------------

DECK = load_deck(STANCES)
BOTS = {"a": SeatConfig("bot"), "b": SeatConfig("bot")}


def _until_person(game: Game) -> None:
    """Let the table and the bots act until a person must (or the game is over)."""
    while (action := automatic_action(game.state)) is not None:
        game.act(action)


def _game(seed: int = 3, **actors: str) -> Game:
    return Game(DECK, Setup(BOTS, seed, None, {k: ActorConfig(v) for k, v in actors.items()}))


def _rolls(game: Game) -> list[Rolled]:
    return [x for _, happened in game.story() for x in happened if isinstance(x, Rolled)]


def test_a_team_takes_a_stance_before_its_roll_and_only_then():
    game = _game(neighbour="team")
    _until_person(game)
    state = game.state
    assert state.phase == "reactions" and to_move(state) == "neighbour"
    assert legal_actions(state) == [TakeStance("neighbour", s) for s in ("calm", "wait", "stir")]
    with pytest.raises(IllegalAction):
        game.act(Roll("neighbour"))  # the roll waits for the stance
    with pytest.raises(IllegalAction):
        game.act(TakeStance("neighbour", "no-such-stance"))
    game.act(TakeStance("neighbour", "calm"))
    assert to_move(game.state) == "table"
    with pytest.raises(IllegalAction):
        game.act(TakeStance("neighbour", "wait"))  # one stance a roll
    happened = game.act(automatic_action(game.state))
    rolled = next(x for x in happened if isinstance(x, Rolled))
    assert rolled.actor == "neighbour" and rolled.total == rolled.dice_total + 2
    assert [(m.value, m.reason, m.source) for m in rolled.modifiers] == [
        (2, "A neighbour that wants calm leans towards being pleased.", "stance")]
    assert game.state.stance is None  # the stance bends that one roll only


def test_the_odds_under_each_stance_are_exactly_the_decks():
    game = _game(neighbour="team")
    _until_person(game)
    actor = DECK.actor("neighbour")
    seen = view(game.state, None)
    shown = views.stance_odds(seen, "neighbour")
    assert [st.id for st, _ in shown] == ["calm", "wait", "stir"]
    for st, odds in shown:
        assert list(odds.rows) == row_odds(DECK, actor, st.value)
        assert odds.modifiers[-1].reason == st.reason and odds.total == st.value
    # 2d6 against Worried 2..6: 15/36 with no stance, 6/36 calmed (+2), 30/36 stirred (-3)
    assert [odds.rows[0][1] for _, odds in shown] == [Fraction(1, 6), Fraction(5, 12), Fraction(5, 6)]
    assert [rows[0][1] for _, rows in stance_odds(game.state, "neighbour")] == [Fraction(1, 6), Fraction(5, 12),
                                                                                 Fraction(5, 6)]
    before = next_roll(seen)
    assert before is not None and before.total == 0
    game.act(TakeStance("neighbour", "stir"))
    after = next_roll(view(game.state, None))
    assert after is not None and after.total == -3 and after.rows[0][1] == Fraction(5, 6)
    assert after.modifiers[-1].reason == "A neighbour that stirs looks for reasons to worry."


def test_a_stance_whose_requires_fails_is_not_offered():
    game = _game(neighbour="team")
    _until_person(game)
    low = game.state
    from tabletop.engine.state import replace
    low = replace(low, {"tallies": {"trust": 1}})
    assert [a.stance for a in legal_actions(low)] == ["calm", "wait"]


def test_the_dice_are_those_of_the_same_game_on_the_dice():
    """A stance bends the total, never the dice: the generator is the game's, untouched by the stance step."""
    dice, team = _game(5), _game(5, neighbour="team")
    _until_person(dice)
    while True:
        _until_person(team)
        if team.state.phase == "over" or to_move(team.state) != "neighbour":
            break
        team.act(TakeStance("neighbour", "wait"))  # value 0: the same totals as the dice alone
    _until_person(dice)
    assert [(r.faces, r.total) for r in _rolls(dice)] == [(r.faces, r.total) for r in _rolls(team)]
    assert dice.state.ending == team.state.ending and dice.state.tallies == team.state.tallies


def test_an_actor_without_stances_rolls_for_itself_whoever_plays_it():
    dice, team = _game(9), _game(9, far="team")
    _until_person(dice)
    _until_person(team)
    assert team.state.phase == dice.state.phase == "over"
    assert [a.to_dict() for a in team.log] == [a.to_dict() for a in dice.log]


def test_a_bot_chooses_by_the_decks_policy_from_its_own_stream():
    game = _game(4, neighbour="bot")
    while game.state.phase != "over":
        state = game.state
        if to_move(state) == "neighbour":
            choices = explain(state, "neighbour")
            trust = state.tallies["trust"]
            expected = [Fraction(6, 8), Fraction(1, 8), Fraction(1, 8)] if trust >= 2 else [Fraction(6, 7), Fraction(1, 7)]
            assert [c.chance for c in choices] == expected
            assert bot_action(state, "neighbour") == automatic_action(state)
        game.act(automatic_action(game.state))
    taken = [x for _, happened in game.story() for x in happened if isinstance(x, StanceTaken)]
    assert taken and all(x.by == "bot" for x in taken)
    again = _game(4, neighbour="bot")
    _until_person(again)
    assert [a.to_dict() for a in again.log] == [a.to_dict() for a in game.log]  # the same seed, the same game


def test_a_bots_stance_is_keyed_on_the_game_not_on_bookkeeping():
    from tabletop.engine import Note
    plain, noted = _game(11, neighbour="bot"), _game(11, neighbour="bot")
    _until_person(plain)
    while noted.state.phase != "over":
        noted.act(Note("the room talks"))
        noted.act(automatic_action(noted.state))
    assert [a.to_dict() for a in noted.applied if a.TYPE != "note"] == [a.to_dict() for a in plain.applied]


def test_a_fixed_stance_bot_always_takes_it():
    game = Game(DECK, Setup(BOTS, 2, None, {"neighbour": ActorConfig("bot", "stir")}))
    _until_person(game)
    taken = [x for _, happened in game.story() for x in happened if isinstance(x, StanceTaken)]
    assert taken and {x.stance for x in taken} <= {"stir", "calm", "wait"}
    trusts = [e.before.tallies["trust"] for e in game.entries() if isinstance(e.action, TakeStance)]
    # where stir cannot be taken, the bot's policy chose (calm, for this seed)
    assert [x.stance for x in taken] == [("stir" if t >= 2 else "calm") for t in trusts]
    with pytest.raises(SetupError):
        Game(DECK, Setup(BOTS, 2, None, {"neighbour": ActorConfig("bot", "nope")}))
    with pytest.raises(SetupError):
        Game(DECK, Setup(BOTS, 2, None, {"nobody": ActorConfig("team")}))


def test_objectives_are_scored_at_the_end_and_secret_ones_kept():
    game = _game(6, neighbour="bot")
    _until_person(game)
    state = game.state
    trust = state.tallies["trust"]
    assert state.actor_scores == {"neighbour": (2 if trust >= 3 else 0) + trust}
    scored = [x for _, happened in game.story() for x in happened if isinstance(x, ObjectiveScored)]
    assert [(x.points, x.secret) for x in scored] == ([(2, False)] if trust >= 3 else []) + [(trust, True)]
    secret = DECK.actor("neighbour").objectives[1]
    assert secret not in known_objectives(DECK, "neighbour", None, over=False)
    assert secret not in known_objectives(DECK, "neighbour", "a", over=False)
    assert secret in known_objectives(DECK, "neighbour", "neighbour", over=False)
    assert secret in known_objectives(DECK, "neighbour", None, over=True)
    # scored once the game is over: then a secret objective is told to the whole room, marked as secret
    last = [x for x in game.story()[-1][1]]
    room = "\n".join(describe(DECK, last, knows=views.knowing(DECK, None)))
    assert f"The neighbour {trust:+d}: Trust, point by point. (secret objective)" in room


def test_the_setup_and_the_stance_round_trip_through_a_save(tmp_path, monkeypatch):
    from tabletop.saves import load_save, save_game
    from tabletop.saves.store import replay_save

    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    game = _game(8, neighbour="team", far="bot")
    _until_person(game)
    game.act(TakeStance("neighbour", "calm"))
    _until_person(game)
    path = save_game(game, tmp_path / "game.tabletop")
    save = load_save(path)
    assert save.setup.actors == {"neighbour": ActorConfig("team"), "far": ActorConfig("bot")}
    again = replay_save(save, DECK)
    assert [a.to_dict() for a in again.log] == [a.to_dict() for a in game.log]
    assert again.state.tallies == game.state.tallies and again.state.rolled == game.state.rolled
    assert action_from_dict(TakeStance("neighbour", "calm").to_dict()) == TakeStance("neighbour", "calm")


def test_a_game_on_the_dice_writes_its_setup_as_before():
    setup = Setup(BOTS, 1, None, {"neighbour": ActorConfig("dice")})
    assert "actors" not in setup.to_dict()
    assert Setup.from_dict(setup.to_dict()).actors == {}
    assert Setup.from_dict({"seats": {"a": {"kind": "bot", "style": None}, "b": {"kind": "bot", "style": None}},
                            "seed": 1, "rounds": None}).actors == {}


def test_a_teams_stance_is_a_decision_an_override_does_not_go_back_past():
    game = _game(8, neighbour="team")
    _until_person(game)
    game.act(TakeStance("neighbour", "calm"))
    assert game.is_decision(game.applied[-1])
    bot = _game(8, neighbour="bot")
    _until_person(bot)
    stance = next(a for a in bot.applied if isinstance(a, TakeStance))
    assert not bot.is_decision(stance)


# -- the bundled decks -----------------------------------------------------------------------------------------------

ROOT = HERE.parent


@pytest.mark.parametrize("name", ["korea-2018.toml", "cuba-1962.toml"])
def test_the_bundled_decks_have_stances_and_objectives_and_check_clean(name):
    path = ROOT / "decks" / name
    inspection = inspect_deck(path)
    assert inspection.errors == [] and inspection.warnings == []
    deck = inspection.deck
    assert deck is not None
    played = [a for a in deck.actors if a.stances]
    assert len(played) >= 2 and all(a.objectives for a in played)
    for actor in played:
        assert all(st.reason and st.source is not None for st in actor.stances)
        assert all(ob.reason and ob.source is not None for ob in actor.objectives)


def test_the_korea_deck_gives_china_its_three_stances_and_every_regional_actor_objectives():
    deck = load_deck(ROOT / "decks" / "korea-2018.toml")
    china = deck.actor("china")
    assert [(st.id, st.value) for st in china.stances] == [("discipline", -2), ("wait", 0), ("shield", 2)]
    assert {a.id for a in deck.actors if a.stances and a.objectives} == {"china", "south-korea", "japan", "russia"}


# -- simulate --------------------------------------------------------------------------------------------------------


def test_simulate_on_the_dice_writes_no_actor_keys():
    result = simulate(DECK, 20, seed=1, counterfactual=False)
    data = result.to_dict()
    assert "actors" not in data and "stance_effects" not in data and "stances_taken" not in data
    assert "Stances" not in format_table(result, DECK)


def test_simulate_lets_bots_play_the_actors_and_counts_their_stances():
    result = simulate(DECK, 60, seed=2, counterfactual=False, actors="bot")
    taken = result.stances_taken["neighbour"]
    assert set(taken) == {"calm", "wait", "stir"} and sum(taken.values()) > 0
    assert taken["calm"] > taken["wait"] and taken["calm"] > taken["stir"]  # the policy weighs calm 6 to 1
    assert result.to_dict()["actors"] == "bot"
    assert "Stances taken by the actors' bots: neighbour calm" in format_table(result, DECK)


def test_the_stance_table_says_how_far_each_stance_moves_the_endings():
    result = simulate(DECK, 300, seed=3, counterfactual=False, stance_games=300)
    effects = result.stance_effects["neighbour"]
    assert [effects[st]["taken"] for st in ("calm", "wait")] == [1.0, 1.0]
    assert 0 < effects["stir"]["taken"] <= 1.0
    # against the same games on the dice: calm (+2) makes the neighbour pleased, and trust (so peace) more likely;
    # stirring (-3) less; waiting (+0) is the dice alone, to the game
    assert effects["calm"]["endings"]["peace"] > 0 > effects["stir"]["endings"]["peace"]
    assert effects["wait"]["endings"] == {"peace": 0.0, "time": 0.0}
    for st in effects.values():
        assert abs(sum(st["endings"].values())) < 1e-6  # shares moved from one ending to another
    table = format_table(result, DECK)
    assert "Stances: each ending's share when a bot always takes the stance" in table
    assert "neighbour calm" in table and "neighbour stir" in table


def test_the_simulation_with_actors_is_the_same_for_any_number_of_jobs():
    one = simulate(DECK, 40, seed=4, jobs=1, counterfactual=False, actors="bot", stance_games=20)
    two = simulate(DECK, 40, seed=4, jobs=2, counterfactual=False, actors="bot", stance_games=20)
    assert one.to_json() == two.to_json()


# -- plain-text play, the report, and the full screen's refusal --------------------------------------------------------


def test_a_team_chooses_its_stance_at_a_plain_text_prompt_seeing_the_odds_under_each():
    lines: list[str] = []
    answers = iter(["?", "9", "1"] + ["2"] * 50)
    game = run_headless(DECK, BOTS, 3, out=lines.append, ask=lambda prompt: next(answers),
                        actors={"neighbour": ActorConfig("team")})
    text = "\n".join(lines)
    assert "Regional actors: The neighbour (neighbour) team, The far power (far) dice" in text
    assert "The neighbour (its team), choose a stance before the roll: each bends this roll only." in text
    assert ("  1. Calm the room (+2: A neighbour that wants calm leans towards being pleased.) — odds: Worried 17%, "
            "Pleased 83%") in text
    assert "  3. Stir things up (-3: A neighbour that stirs looks for reasons to worry.) — odds: Worried 83%, Pleased 17%" \
        in text
    assert "The team playing The neighbour takes one of its stances before its roll" in text  # the ? help
    assert "Please type a number from 1 to 3, or ? for help." in text
    assert "The neighbour takes a stance (its team): Calm the room, +2" in text
    assert "+2 A neighbour that wants calm leans towards being pleased. (stance)" in text  # in the odds of the roll
    assert game.state.phase == "over"
    stances = [a.stance for a in game.log if isinstance(a, TakeStance)]
    assert stances[0] == "calm" and set(stances[1:]) <= {"wait"}


def test_the_report_tells_each_stance_and_the_actors_objectives(tmp_path):
    from tabletop.present.report import report_markdown

    game = _game(6, neighbour="team")
    while game.state.phase != "over":
        _until_person(game)
        if to_move(game.state) == "neighbour":
            game.act(TakeStance("neighbour", "calm"))
    report = report_markdown(game, date="2026-11-29")
    assert ("- **Stance — The neighbour** (its team): *Calm the room*, +2 to its roll — A neighbour that wants calm "
            "leans towards being pleased.") in report
    assert "(stance: Calm the room)" in report
    assert "### Regional actors' objectives" in report
    trust = game.state.tallies["trust"]
    assert f"| The neighbour | team | {trust:+d} | Trust, point by point. (secret objective) |" in report
    assert report_markdown(_game(6), date="2026-11-29").count("Regional actors' objectives") == 0  # all on the dice


def test_play_takes_actors_and_the_full_screen_refuses_them_for_now(capsys):
    assert parse_actors("neighbour=team, far=bot", DECK) == {"neighbour": ActorConfig("team"), "far": ActorConfig("bot")}
    assert parse_actors("bot", DECK) == {"neighbour": ActorConfig("bot")}  # every actor with stances
    assert parse_actors("neighbour=bot:stir", DECK) == {"neighbour": ActorConfig("bot", "stir")}
    for bad in ("neighbour", "neighbour=robot", "neighbour=team:calm"):
        with pytest.raises(ValueError):
            parse_actors(bad, DECK)
    assert main(["play", str(STANCES), "--actors", "neighbour=teem", "--headless"]) == 2
    assert "--actors: expected ACTOR=dice, ACTOR=team or ACTOR=bot[:STANCE], found 'neighbour=teem'" in \
        capsys.readouterr().err
    assert main(["play", str(STANCES), "--actors", "nobody=team", "--headless", "--seats", "a=bot,b=bot"]) == 2
    assert "--actors: unknown actor 'nobody'" in capsys.readouterr().err


def test_decide_asks_the_team_and_lets_the_bot_choose():
    from tabletop.engine.decisions import decide

    team = _game(3, neighbour="team")
    _until_person(team)
    decision = decide(team.state)
    assert decision.person and decision.mover == "neighbour" and decision.action is None
    assert [(i.key, i.playable, i.shifts[0].value) for i in decision.menu] == [
        ("stance:calm", True, 2), ("stance:wait", True, 0), ("stance:stir", True, -3)]
    bot = _game(3, neighbour="bot")
    while to_move(bot.state) != "neighbour":
        bot.act(automatic_action(bot.state))
    decision = decide(bot.state)
    assert decision.by == "bot" and decision.action == automatic_action(bot.state)


def test_the_full_screen_takes_played_actors_with_or_without_seats(monkeypatch, capsys, tmp_path):
    import tabletop.commands.play as play_command

    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    opened: list = []
    monkeypatch.setattr(play_command, "full_screen", lambda args: True)
    proposed: list = []
    monkeypatch.setattr(play_command, "run_tui", lambda *a, **k: opened.append(k["setup"]) or proposed.append(
        k["actors"]) or 0)
    # Without --seats the setup screen opens, proposing these actors (checked first, as the engine checks them).
    assert main(["play", str(STANCES), "--actors", "nobody=team"]) == 2
    assert "--actors: unknown actor 'nobody'" in capsys.readouterr().err and not opened
    assert main(["play", str(STANCES), "--actors", "neighbour=team"]) == 0
    assert opened == [None] and proposed == [{"neighbour": ActorConfig("team")}]
    assert main(["play", str(STANCES), "--actors", "neighbour=team", "--seats", "a=bot,b=human", "--seed", "4"]) == 0
    assert opened[1].actors == {"neighbour": ActorConfig("team")} and opened[1].seed == 4
