import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.balance import simulate as sim
from tabletop.balance.simulate import Counts, Distribution, SimulationError, chunks, game_seed, play_games, simulate
from tabletop.cli import main
from tabletop.deck import DeckError, load_deck
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


@pytest.mark.parametrize(("games", "jobs"), [(2000, 2), (10_000, 2), (400, 2), (2000, 1), (7, 3), (1, 1)])
def test_chunks_cover_every_game_once_largest_first(games, jobs):
    spans = chunks(games, jobs)
    assert spans[0][0] == 0 and spans[-1][1] == games
    assert all(a < b for a, b in spans) and all(b == c for (_, b), (c, _) in zip(spans, spans[1:], strict=False))
    sizes = [b - a for a, b in spans]
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) <= 250 and min(sizes[:-1], default=4) >= 4  # the last: what is left


def test_chunks_end_small_so_that_the_workers_finish_together():
    sizes = [b - a for a, b in chunks(2000, 2)]
    assert sizes[0] == 250 and sizes[-4:] == [4, 4, 4, 4]
    assert 30 <= len(sizes) <= 50  # a lively progress bar, a few milliseconds of overhead each


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


# --------------------------------------------------------------------------
# What a designer needs to judge a hidden motive (issue 10)
# --------------------------------------------------------------------------

#: The JSON keys other tools read: kept, with these shapes.
STABLE_KEYS = ("guess_accuracy", "guess_accuracy_by_motive", "guess_accuracy_by_style", "guess_accuracy_by_tested",
               "endings_by_motive", "motives_by_ending", "scores", "counterfactual", "response_bits", "information")

_STALL_POLICY = ('policy = [\n  { weight = 3, tag = "delay", reason = "Every delay helps." },\n'
                 '  { weight = -1, card = "accept", reason = "A deal ends the game." },\n]')
_CHEAT_POLICY = ('policy = [\n  { weight = 3, card = "accept", when = [{ offer_tag = "carrot" }], reason = "Take the reward." },\n'
                 '  { weight = 2, tag = "delay", when = [{ offer_tag = "pressure" }], reason = "Wait out the pressure." },\n]')
_HONEST_POLICY = 'policy = [{ weight = 4, card = "accept", reason = "Say yes to a fair offer." }]'
_HAWK_POLICY = ('{ weight = 4, tag = "pressure", reason = "Pressure works." },\n'
                '    { weight = -1, tag = "carrot", reason = "Rewards are for later." },')
_DOVE_POLICY = '{ weight = 4, tag = "carrot", reason = "Build trust." },'


def test_the_new_figures_are_in_the_json_with_stable_keys(forty):
    d = json.loads(forty.to_json())
    for key in STABLE_KEYS:
        assert key in d, key
    motives, styles, seats = ["stall", "cheat", "honest"], ["hawk", "dove"], ["port", "isle"]
    assert list(d["guess_accuracy_by_motive"]) == motives and list(d["guess_accuracy_by_style"]) == styles
    assert list(d["guess_accuracy_by_tested"]) == ["tested", "untested"]
    assert d["test_tags"] == [] and d["tested_games"] == {"tested": 0, "untested": 40}
    assert list(d["endings_by_motive"]) == motives and list(d["motives_by_ending"]) == ["deal", "arms-race", "thaw", "stalemate"]
    assert list(d["scores"]) == seats and {"n", "mean", "histogram"} <= set(d["scores"]["port"])
    assert list(d["response_bits"]) == ["accept", "delay", "rearm"]
    assert all(set(v) == {"turns", "analyst", "table"} for v in d["response_bits"].values())
    assert set(d["information"]) == {"prior", "left", "analyst_per_response", "mutual_information"}
    assert d["counterfactual"] and set(d["counterfactual"]) <= {"aid", "blockade", "inspect", "summit"}
    for row in d["counterfactual"].values():
        assert set(row) == {"forks", "scores", "se", "by_motive"} and list(row["scores"]) == list(row["se"]) == seats
        assert list(row["by_motive"]) == motives
        assert all(set(m) == {"forks", "scores", "se"} for m in row["by_motive"].values())
        assert row["forks"] == sum(m["forks"] for m in row["by_motive"].values())
    assert d["counterfactual_forks"]["games"] == 40  # every game of the small deck has a turn with two cards
    # Consistent with the older figures.
    assert forty.guess_accuracy == pytest.approx(
        sum(forty.guess_accuracy_by_style[s] for s in styles) / 2, abs=0.03)  # 20 games a style
    for e, by in forty.motives_by_ending.items():
        assert sum(by.values()) == pytest.approx(1, abs=1e-5) or forty.ending_counts[e] == 0
    assert {m: sum(by.values()) for m, by in forty.ending_counts_by_motive.items()} == forty.motives


def test_the_counterfactual_merges_exactly_for_any_jobs_and_sums_to_zero_at_each_fork():
    one = simulate(SMALL, 60, seed=21)
    assert simulate(SMALL, 60, seed=21, jobs=2).to_json() == one.to_json()
    assert one.counterfactual
    # At each fork point the changes of the playable cards add up to 0, so their totals over all forks do too.
    for seat in ("port", "isle"):
        assert sum(row["forks"] * row["scores"][seat] for row in one.counterfactual.values()) == pytest.approx(0, abs=1e-3)
    # Without forks, the table is empty and the rest unchanged.
    bare = simulate(SMALL, 60, seed=21, counterfactual=False)
    assert bare.counterfactual == {} and bare.counterfactual_forks["games"] == 0
    assert bare.endings == one.endings and bare.guess_accuracy_by_style == one.guess_accuracy_by_style
    assert "Counterfactual: no fork played" in sim.format_table(bare, SMALL)


def test_the_fork_of_the_card_played_is_the_game_itself(monkeypatch):
    # The counterfactual pairs the forks with the game: the card the bot played needs no fork of its own, since
    # the same state, bots and dice give the same game. Check that for every fork point of 60 games.
    seen = []
    count = sim._count_forks

    def checking(c, style, motive, fork, scores, offer):
        state, cards, chosen = fork
        assert chosen in cards and len(cards) >= 2
        seen.append(sim._play_fork(state, Play(offer, chosen)) == scores)
        count(c, style, motive, fork, scores, offer)

    monkeypatch.setattr(sim, "_count_forks", checking)
    play_games(SMALL, 8, 0, 60, ["hawk", "dove"])
    assert len(seen) == 60 and all(seen)


def test_the_counterfactual_is_the_mean_of_each_forks_change_with_its_standard_error(monkeypatch):
    changes: dict[tuple[str, str], list[float]] = {}
    count = sim._count_forks

    def recording(c, style, motive, fork, scores, offer):
        state, cards, chosen = fork
        finals = {card: scores if card == chosen else sim._play_fork(state, Play(offer, card)) for card in cards}
        for seat in scores:
            for card in cards:
                others = [finals[o][seat] for o in cards if o != card]
                changes.setdefault((card, seat), []).append(finals[card][seat] - sum(others) / len(others))
        count(c, style, motive, fork, scores, offer)

    monkeypatch.setattr(sim, "_count_forks", recording)
    r = simulate(SMALL, 80, seed=13)
    for (card, seat), xs in changes.items():
        row = r.counterfactual[card]
        assert row["forks"] == len(xs)
        assert row["scores"][seat] == pytest.approx(statistics.fmean(xs), abs=1e-6)
        assert row["se"][seat] == pytest.approx(statistics.stdev(xs) / math.sqrt(len(xs)), abs=1e-6)


def test_a_card_that_only_costs_a_seat_shows_a_negative_counterfactual(tmp_path):
    # Tribute changes no tally and no bot's choice: it only takes 5 points from the port when it has been played.
    deck = variant(tmp_path, extra='\n[[options]]\nid = "tribute"\ntitle = "Pay tribute"\ntext = "Gold for nothing."\n'
                                   'tags = ["gift"]\ncopies = 2\n'
                                   '\n[[scoring]]\nseat = "port"\npoints = -5\nreason = "Tribute paid."\n'
                                   'when = [{ played = "tribute" }]\n')
    r = simulate(deck, 200, seed=5)
    tribute = r.counterfactual["tribute"]
    assert tribute["forks"] >= 50
    assert tribute["scores"]["port"] < -2
    assert tribute["scores"]["port"] == min(row["scores"]["port"] for row in r.counterfactual.values())
    assert all(m["scores"]["port"] < 0 for m in tribute["by_motive"].values() if m["forks"] >= 10)


def test_a_response_that_gives_a_motive_away_carries_more_bits(tmp_path):
    # Only the honest motive ever confesses, and it almost always does.
    deck = variant(tmp_path,
                   (_HONEST_POLICY, 'policy = [{ weight = 1000, card = "confess", reason = "Say it." }]'),
                   (_STALL_POLICY, 'policy = [{ weight = -1000, card = "confess", reason = "Never." }]'),
                   (_CHEAT_POLICY, 'policy = [{ weight = -1000, card = "confess", reason = "Never." }]'),
                   extra='\n[[responses]]\nid = "confess"\ntitle = "Confess"\ntext = "We mean it."\n')
    r = simulate(deck, 200, seed=6)
    bits = r.response_bits
    assert r.responses["confess"]["stall"] == r.responses["confess"]["cheat"] == 0 < r.responses["confess"]["honest"]
    others = [b for k, b in bits.items() if k != "confess" and b["turns"]]
    assert all(bits["confess"]["table"] > b["table"] + 1 for b in others)
    # The analyst learns all it can from the first confession (the rest tell it nothing new), and from every other
    # response only that the motive is not honest: still more than twice as much from confess, over all its turns.
    assert all(bits["confess"]["analyst"] > 2 * b["analyst"] for b in others)
    assert r.information["prior"] == pytest.approx(1.521928, abs=1e-6)  # weights 2, 2, 1
    assert r.guess_accuracy_by_motive["honest"] == 1.0
    # The table's figure for confess: the motives behind it (all honest) against those behind every response.
    turns = {m: sum(by[m] for by in r.responses.values()) for m in ("stall", "cheat", "honest")}
    expected = math.log2(sum(turns.values()) / turns["honest"])
    assert bits["confess"]["table"] == pytest.approx(expected, abs=1e-5)
    text = sim.format_table(r, deck)
    assert "analyst    table" in text and "mutual information" in text


def test_accuracy_by_style_and_by_test_on_a_deck_where_only_inspection_tells(tmp_path):
    # Every motive answers alike ("Ask for time") unless the port demands inspections, which each motive answers with
    # a tell of its own. The hawk always inspects when it can, the dove never does.
    policy = ('policy = [{{ weight = 100, card = "delay", reason = "Cover." }}, '
              '{{ weight = 1000, card = "tell-{m}", reason = "Found out." }}]')
    extra = "".join(f'\n[[responses]]\nid = "tell-{m}"\ntitle = "Tell"\ntext = "It shows."\n'
                    'requires = [{ offer = "inspect" }]\n' for m in ("stall", "cheat", "honest"))
    deck = variant(tmp_path,
                   ("guess_points = 3\n", 'guess_points = 3\ntest_tags = ["verify"]\n'),
                   (_STALL_POLICY, policy.format(m="stall")), (_CHEAT_POLICY, policy.format(m="cheat")),
                   (_HONEST_POLICY, policy.format(m="honest")),
                   (_HAWK_POLICY, '{ weight = 1000, card = "inspect", reason = "Look." },'),
                   (_DOVE_POLICY, '{ weight = -1000, card = "inspect", reason = "Never look." },'),
                   extra=extra)
    r = simulate(deck, 300, seed=7)
    assert r.test_tags == ["verify"]
    assert r.tested_by_style["dove"] == 0.0 and r.tested_by_style["hawk"] > 0.8
    assert r.guess_accuracy_by_style["hawk"] > r.guess_accuracy_by_style["dove"] + 0.3
    assert r.guess_accuracy_by_tested["tested"] > 0.85
    assert r.guess_accuracy_by_tested["tested"] > r.guess_accuracy_by_tested["untested"] + 0.4
    assert r.tested_games["tested"] + r.tested_games["untested"] == 300
    assert {m: sum(by.values()) for m, by in r.tested_games_by_motive.items()} == r.motives
    assert sum(by["tested"] for by in r.tested_games_by_motive.values()) == r.tested_games["tested"]
    # The cover response tells little; each tell settles it.
    assert r.response_bits["delay"]["table"] < 0.1
    assert all(r.response_bits[f"tell-{m}"]["analyst"] > 0.5 for m in ("stall", "cheat", "honest"))
    text = sim.format_table(r, deck)
    assert "by test (the offer seat played a card tagged verify): tested" in text
    assert "by style: hawk" in text


def test_a_test_tag_must_be_an_option_cards_tag(tmp_path):
    path = tmp_path / "deck.toml"
    path.write_text(SMALL_TEXT.replace("guess_points = 3\n", 'guess_points = 3\ntest_tags = ["verify", "verfy"]\n'),
                    encoding="utf-8")
    with pytest.raises(DeckError) as e:
        load_deck(path)
    assert "deck.test_tags[1]: expected a tag used by some option card, found 'verfy' (did you mean 'verify'?)" in str(e.value)
    path.write_text(SMALL_TEXT.replace("guess_points = 3\n", 'guess_points = 3\ntest_tags = ["verify"]\n'), encoding="utf-8")
    assert load_deck(path).deck.test_tags == ("verify",)


@pytest.mark.parametrize("name", ["korea-2018.toml", "cuba-1962.toml"])
def test_the_bundled_decks_name_their_tests(name):
    deck = load_deck(Path(__file__).parent.parent / "decks" / name)
    tags = {t for c in deck.options for t in c.tags}
    assert deck.deck.test_tags and set(deck.deck.test_tags) <= tags
