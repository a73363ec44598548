import json
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.balance import simulate as sim
from tabletop.balance.simulate import Counts, Distribution, SimulationError, game_seed, play_games, simulate
from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine.actions import Play, Roll
from tabletop.engine.state import SeatConfig
from tabletop.present.play import run_headless

SMALL_PATH = Path(__file__).parent / "decks" / "small.toml"
SMALL = load_deck(SMALL_PATH)
SMALL_TEXT = SMALL_PATH.read_text(encoding="utf-8")


def variant(tmp_path, *replacements, extra=""):
    """The small deck with some text replaced (each replacement must match once) and more TOML appended."""
    text = SMALL_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "variant.toml"
    path.write_text(text + extra, encoding="utf-8")
    return load_deck(path)


@pytest.fixture(scope="module")
def forty():
    return simulate(SMALL, 40, seed=11)


def test_rates_sum_to_one_and_counts_add_up(forty):
    r = forty
    assert r.games == 40 and r.styles == ["hawk", "dove"]
    assert sum(r.endings.values()) == pytest.approx(1, abs=1e-5)
    assert sum(r.ending_counts.values()) == 40 == sum(r.motives.values())
    for by in (r.endings_by_motive, r.endings_by_style):
        for rates in by.values():
            assert sum(rates.values()) == pytest.approx(1, abs=1e-5) or not any(rates.values())
    assert all(sum(rates.values()) == pytest.approx(1, abs=1e-5) for rates in r.endings_by_style.values())
    for d in list(r.tallies.values()) + list(r.scores.values()) + [r.length]:
        assert d.n == 40 == sum(d.histogram.values())
        assert d.min <= d.q1 <= d.median <= d.q3 <= d.max
    assert 1 <= r.length.min <= r.length.max <= 4
    assert all(0 <= d.min and d.max <= 10 for d in r.tallies.values())
    # Every offer turn played a card or passed.
    played = sum(o.played for o in r.options)
    assert sum(o.per_round for o in r.options) == pytest.approx(played / (played + r.offer_passes), abs=1e-5)
    assert all(o.played == sum(ch.played for ch in o.by_style.values()) for o in r.options)
    assert all(ch.played <= ch.playable for o in r.options for ch in o.by_style.values())
    assert sum(sum(g.values()) for g in r.guesses.values()) == 40
    assert r.rolls == {"1d6": sum(r.rows["trader"]), "2d6": sum(r.rows["league"])}
    assert sum(r.rows["league"]) >= sum(r.rows["trader"]) >= 40  # the league rolls first; an ending may cut a round short


def test_json_is_identical_for_any_number_of_jobs(forty):
    one = forty.to_json()
    assert simulate(SMALL, 40, seed=11, jobs=2).to_json() == one
    assert simulate(SMALL, 40, seed=11, jobs=3).to_json() == one
    assert json.loads(one)["games"] == 40
    assert simulate(SMALL, 40, seed=12).to_json() != one


def test_counts_merge_exactly_whatever_the_chunks():
    styles = ["hawk", "dove"]
    whole = play_games(SMALL, 5, 0, 30, styles)
    parts = Counts()
    for a, b in [(20, 30), (0, 7), (7, 20)]:
        parts.merge(play_games(SMALL, 5, a, b, styles))
    assert parts == whole
    assert sum(whole.games.values()) == 30


@pytest.mark.parametrize("i", [0, 3])
def test_game_i_is_the_game_play_would_play_with_its_seed(i):
    counts = play_games(SMALL, 100, i, i + 1, ["hawk", "dove"])
    style = ["hawk", "dove"][i % 2]
    game = run_headless(SMALL, {"port": SeatConfig("bot", style), "isle": SeatConfig("bot")}, game_seed(100, i),
                        out=lambda line: None)
    s = game.state
    assert dict(counts.games) == {(style, s.motive, s.ending): 1}
    assert dict(counts.tallies) == {(style, t, v): 1 for t, v in s.tallies.items()}
    assert dict(counts.scores) == {(style, seat, v): 1 for seat, v in s.scores.items()}
    assert dict(counts.guesses) == {(s.motive, s.guess): 1}
    assert sum(counts.played.values()) == sum(1 for a in game.log if isinstance(a, Play) and a.seat == "port")
    assert sum(counts.rows.values()) == sum(1 for a in game.log if isinstance(a, Roll))


def test_seeds_are_mixed_so_that_nearby_runs_share_no_games():
    seeds = {game_seed(base, i) for base in range(5) for i in range(200)}
    assert len(seeds) == 1000 and all(0 <= x < 2**64 for x in seeds)
    assert game_seed(3, 7) == game_seed(3, 7) != game_seed(7, 3)


def test_styles_split_evenly_or_fixed():
    counts = play_games(SMALL, 1, 0, 7, ["hawk", "dove"])
    per_style = {st: sum(n for (s, _, _), n in counts.games.items() if s == st) for st in ("hawk", "dove")}
    assert per_style == {"hawk": 4, "dove": 3}
    fixed = simulate(SMALL, 6, seed=1, style="dove")
    assert fixed.styles == ["dove"] and list(fixed.endings_by_style) == ["dove"]
    with pytest.raises(ValueError, match="no style 'owl'; its styles: hawk, dove"):
        simulate(SMALL, 6, style="owl")
    for bad in ({"games": 0}, {"games": 5, "jobs": 0}, {"games": 5, "rounds": 0}):
        with pytest.raises(ValueError):
            simulate(SMALL, **bad)


def test_rounds_override():
    r = simulate(SMALL, 20, seed=2, rounds=1)
    assert r.rounds == 1 and r.length.max == 1


def test_never_played_drawn_or_hit(tmp_path):
    deck = variant(
        tmp_path,
        ('requires = [{ tally = "trust", at_least = 5 }]\neffects = { trust = 2 }',
         'requires = [{ round_at_least = 9 }]\neffects = { trust = 2 }'),  # summit: never playable in 4 rounds
        ('requires = [{ previous_offer_tag = "pressure" }]', 'requires = [{ round_at_least = 9 }]'),  # rearm
        ('requires = [{ tally = "trust", at_least = 5 }]\neffects = { trust = 1 }',
         'weight = 0\neffects = { trust = 1 }'),  # festival: never drawn
        ('{ min = 3, max = 6, label = "Stays out" },', '{ min = 3, max = 6, label = "Stays out" },\n'
         '  { min = 7, max = 9, label = "Never" },'),  # the trader's 1d6 cannot reach 7
    )
    r = simulate(deck, 40, seed=3)
    assert r.never_played_options == ["summit"]
    assert r.never_played_responses == ["rearm"]
    assert r.never_drawn_events == ["festival"]
    assert r.never_hit_rows == {"trader": ["2: Never"]}
    assert r.rows["trader"][2] == 0 and r.events["festival"] == 0
    summit = next(o for o in r.options if o.id == "summit")
    assert summit.played == summit.games == 0 and all(ch.playable == 0 for ch in summit.by_style.values())
    # The plain deck, with the same seed, plays and draws all of them.
    full = simulate(SMALL, 40, seed=3)
    assert full.never_played_options == [] and full.never_played_responses == [] and full.never_drawn_events == []
    assert full.never_hit_rows == {}
    text = sim.format_table(r, deck)
    assert "Never played options: summit" in text and "Reaction rows never hit: trader [2: Never]" in text


def test_no_dominance_warning_on_a_balanced_deck(tmp_path):
    # The small deck's styles pull in opposite directions.
    assert simulate(SMALL, 200, seed=4).warnings == []
    # With no preferences at all, every card gets its fair share.
    flat = variant(tmp_path, ('{ weight = 4, tag = "pressure", reason = "Pressure works." },\n'
                              '    { weight = -1, tag = "carrot", reason = "Rewards are for later." },', ''),
                   ('    { weight = 4, tag = "carrot", reason = "Build trust." },\n'
                    '    { weight = 3, card = "summit", when = [{ tally = "trust", at_least = 5 }], reason = "The time is ripe." },',
                    ''))
    r = simulate(flat, 200, seed=4)
    assert r.warnings == []
    assert all(abs(ch.share - ch.fair) < 0.15 for o in r.options for ch in o.by_style.values() if ch.playable > 50)


def test_choice_dominance_fires_when_every_style_reaches_for_one_card(tmp_path):
    heavy = variant(tmp_path,
                    ('{ weight = 4, tag = "pressure", reason = "Pressure works." },',
                     '{ weight = 4, tag = "pressure", reason = "Pressure works." },\n'
                     '    { weight = 60, card = "aid", reason = "Everybody loves aid." },'),
                    ('{ weight = 4, tag = "carrot", reason = "Build trust." },',
                     '{ weight = 4, tag = "carrot", reason = "Build trust." },\n'
                     '    { weight = 60, card = "aid", reason = "Everybody loves aid." },'))
    r = simulate(heavy, 200, seed=4)
    choice = [w for w in r.warnings if w.rule == "choice"]
    assert [w.card for w in choice] == ["aid"]
    assert "hawk" in choice[0].message and "dove" in choice[0].message
    aid = next(o for o in r.options if o.id == "aid")
    assert all(ch.share > 0.8 for ch in aid.by_style.values())
    # With one style only, the rule looks at that style alone.
    assert [w.card for w in simulate(heavy, 100, seed=4, style="hawk").warnings if w.rule == "choice"] == ["aid"]


def test_outcome_dominance_fires_for_a_card_that_decides_the_game(tmp_path):
    # A coup, playable in the last round only, ends the game at once with an ending of its own.
    decisive = variant(
        tmp_path,
        ('[[endings]]\nid = "deal"', '[[endings]]\nid = "coup"\nlabel = "A coup"\ntext = "The coup decides it."\n'
         'when = [{ played = "coup" }]\n\n[[endings]]\nid = "deal"'),
        extra='\n[[options]]\nid = "coup"\ntitle = "Coup"\ntext = "Decide it."\ntags = ["carrot"]\n'
              'requires = [{ round_at_least = 4 }]\n',
    )
    r = simulate(decisive, 600, seed=4, style="dove")
    coup = next(o for o in r.options if o.id == "coup")
    assert coup.by_style["dove"].played >= 100 and coup.passed_over >= 100
    assert coup.endings["coup"] == 1.0 and coup.endings_passed_over["coup"] == 0.0 and coup.distance == 1.0
    assert [(w.card, w.rule) for w in r.warnings] == [("coup", "outcome")]
    assert "coup 100% when played vs 0% when passed over" in r.warnings[0].message
    # Below the minimum number of turns, the rule stays silent rather than judge on noise.
    small = simulate(decisive, 100, seed=4, style="dove")
    assert next(o for o in small.options if o.id == "coup").distance == 0.0 and small.warnings == []


def test_distribution_quartiles_by_nearest_rank():
    d = Distribution.of({4: 1, 1: 1, 3: 1, 2: 1})
    assert (d.n, d.min, d.q1, d.median, d.q3, d.max, d.mean) == (4, 1, 1, 2, 3, 4, 2.5)
    assert list(d.histogram) == [1, 2, 3, 4]
    d = Distribution.of({0: 10, 7: 1})
    assert (d.q1, d.median, d.q3, d.max) == (0, 0, 0, 7)


def test_a_failing_game_names_its_seed(monkeypatch):
    def broken(self, action):
        raise KeyError("boom")

    monkeypatch.setattr(sim.Playout, "advance", broken)
    with pytest.raises(SimulationError, match=rf"game 2 \(seed {game_seed(7, 2)}, style hawk\) failed: KeyError\('boom'\)"):
        play_games(SMALL, 7, 2, 3, ["hawk", "dove"])


def test_the_table_reads_well(forty):
    text = sim.format_table(forty, SMALL)
    assert text.startswith("Harbour talks (small): 40 games, seed 11, 4 rounds, offer styles: hawk, dove\n")
    for heading in ("Endings", "By motive", "Game length", "Final tallies", "Scores", "Option", "Response",
                    "Motive guess", "Never played options", "Warnings"):
        assert f"\n{heading}" in text
    assert "  trust " in text and "0|" in text and "|10" in text


def test_the_engine_module_loads_no_ui_library():
    script = "import sys, tabletop.balance.simulate; print([m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def test_cli_prints_the_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["simulate", str(SMALL_PATH), "--games", "40", "--seed", "11", "--json", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Harbour talks (small): 40 games, seed 11")
    assert captured.err == ""  # no progress bar when stderr is not a terminal
    assert out.read_text(encoding="utf-8") == simulate(SMALL, 40, seed=11).to_json()
    assert main(["simulate", str(SMALL_PATH), "-n", "40", "--seed", "11", "-j", "2", "--json", "-", "-q"]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


def test_cli_exit_codes(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL_TEXT.replace('rounds = 4', 'rounds = "four"'), encoding="utf-8")
    assert main(["simulate", str(bad), "--games", "5"]) == 1
    assert "rounds" in capsys.readouterr().err
    assert main(["simulate", str(SMALL_PATH), "--games", "5", "--style", "owl"]) == 2
    assert "no style 'owl'" in capsys.readouterr().err
    for args in (["--games", "0"], ["--jobs", "0"], ["--rounds", "x"], ["--games", "many"], ["--seed", "x"]):
        with pytest.raises(SystemExit) as e:
            main(["simulate", str(SMALL_PATH), *args])
        assert e.value.code == 2
    for args, words in ((["--rounds", "0"], "--rounds: expected from 1 to 100 rounds, found 0"),
                        (["--rounds", "100000000"], "--rounds: expected from 1 to 100 rounds, found 100000000"),
                        (["--seed", "-1"], "--seed: expected a seed from 0 to 18446744073709551615, found -1")):
        assert main(["simulate", str(SMALL_PATH), "--games", "5", *args]) == 2
        assert words in capsys.readouterr().err
    assert main(["simulate", str(SMALL_PATH), "-n", "3", "--json", str(tmp_path / "no" / "such" / "dir.json")]) == 1
    assert "cannot write" in capsys.readouterr().err
