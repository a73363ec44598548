"""The after-action report: every section, the analysis of every card played, rulings marked, clean Markdown."""

import re
from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, Note, Play, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.present.report import md, report_markdown
from tabletop.saves import load_save, resume, save_game

DECKS = Path(__file__).parent / "decks"
BOTS = {"port": SeatConfig("bot", "hawk"), "isle": SeatConfig("bot")}
HUMANS = {"port": SeatConfig("human"), "isle": SeatConfig("human")}
SECTIONS = ["# After-action report: Harbour talks", "## Setup", "## Timeline", "## Facilitator rulings", "## Tallies",
            "## Ending", "## The hidden motive", "## Scores", "## Cards played"]


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The small deck with a source and an analysis on every card and motive, and a few awkward characters."""
    text = (DECKS / "small.toml").read_text(encoding="utf-8")

    def annotate(m):
        card = m.group(2)
        return (f'{m.group(0)}\nsource = {{ passage = "¶{card}: where {card} comes from" }}\n'
                f'analysis = "What the essay says of {card} | a pipe, *stars* and <tags>."')

    text = re.sub(r'^\[\[(options|responses|motives|events)\]\]\nid = "([a-z-]+)"', annotate, text, flags=re.M)
    text = text.replace('label = "Trust"', 'label = "Trust | goodwill"')
    text = text.replace('reason = "A point for each step of trust."', 'reason = "A point per step of trust | goodwill."')
    path = tmp_path_factory.mktemp("deck") / "small.toml"
    path.write_text(text, encoding="utf-8")
    return load_deck(path)


def finish(game: Game) -> Game:
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    return game


def bot_game(deck, seed=5, seats=BOTS) -> Game:
    return finish(Game(deck, Setup(seats, seed)))


def ruled_game(deck) -> Game:
    """People at both seats; an offer taken back, a note, an adjustment, an override of an earlier roll."""
    game = Game(deck, Setup(HUMANS, 12))
    game.act(automatic_action(game.state))  # the event
    assert game.state.hand == ("blockade", "aid", "inspect")
    game.act(Play("port", "inspect"))
    game.undo(1, "the port city meant another card")
    game.act(Play("port", "aid"))
    game.act(Play("isle", "delay"))
    game.act(Note("The room argues | about the League."))
    game.act(automatic_action(game.state))  # League
    game.act(automatic_action(game.state))  # trader
    override_roll(game, overridable_rolls(game)[-1], "the League would never panic", row=2)
    game.act(Adjust("arms", 1, "a smuggling report"))
    game.act(automatic_action(game.state))  # close round 1
    while game.state.phase != "guess":  # the seats play their first legal card, never the inspection
        action = automatic_action(game.state) or next(a for a in game.legal() if getattr(a, "card", "") != "inspect")
        game.act(action)
    game.act(game.legal()[0])  # the guess
    assert game.state.phase == "over", game.state.phase
    return game


def section(text: str, title: str) -> str:
    """From the heading ``title`` to the next heading of the same or a higher level."""
    start = text.index(f"\n{title}\n")
    level = title.split(" ")[0]
    ends = [m.start() for m in re.finditer(r"^#+ ", text[start + 1:], re.M) if len(m.group(0)) <= len(level) + 1]
    return text[start: start + 1 + ends[1]] if len(ends) > 1 else text[start:]


def check_tables(text: str) -> None:
    """Every table row has as many cells as its header: a '|' in a cell is escaped."""
    cells = None
    for line in text.splitlines():
        if line.startswith("|"):
            n = len(re.findall(r"(?<!\\)\|", line))
            cells = cells or n
            assert n == cells, line
        else:
            cells = None


def test_a_finished_game_has_every_section_and_every_card_analysis(deck):
    game = bot_game(deck)
    text = report_markdown(game, date="2026-01-31T18:00:00+00:00")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions) and text.startswith(SECTIONS[0])
    assert "*Source:* Written for tabletop's tests" in text and "**Date:** 2026-01-31T18:00:00+00:00" in text
    assert "- **The port city** (makes the offers): played by the bot, style Hawk" in text
    assert "- **Seed:** 5" in text and "**Rounds:** 4 at most; 4 played" in text
    for n in range(1, 5):
        assert f"\n### Round {n}\n" in text
    state = game.state
    cards = section(text, "## Cards played")
    for card_id in dict.fromkeys(state.played):
        card = next(c for c in deck.options + deck.responses if c.id == card_id)
        assert f"### {md(card.title)}\n" in cards
        assert f"*Source:* ¶{card_id}: where {card_id} comes from" in cards
        assert f"*Analysis:* What the essay says of {card_id} \\| a pipe, \\*stars\\* and \\<tags\\>." in cards
    unplayed = [c for c in deck.options + deck.responses if c.id not in state.played]
    assert unplayed and not any(f"### {md(c.title)}\n" in cards for c in unplayed)
    for event_id in dict.fromkeys(state.drawn):
        assert f"What the essay says of {event_id} " in section(text, "## Events drawn")
    motive = deck.motive(state.motive)
    reveal = section(text, "## The hidden motive")
    assert f"hidden motive was **{motive.label}** — {motive.text}" in reveal
    assert f"*Source:* ¶{motive.id}: where {motive.id} comes from" in reveal and "**The guess:** The port city named" in reveal
    scores = section(text, "## Scores")
    assert "| The port city | +" in scores and "A point per step of trust \\| goodwill." in scores
    assert f"**Final scores:** The port city {state.scores['port']}, The island {state.scores['isle']}" in scores
    ending = deck.ending(state.ending)
    assert f"**{ending.label}** (read when the last round was over): {ending.text}" in text
    assert "The facilitator made no rulings." in text
    check_tables(text)


def test_every_roll_shows_faces_modifiers_total_row_and_effects(deck):
    text = report_markdown(bot_game(deck))
    rolls = re.findall(r"^- \*\*Roll — .*$", text, re.M)
    assert len(rolls) == 4 * len(deck.actors)
    pattern = (r"^- \*\*Roll — (The League\*\* \(2d6\): dice \d \+ \d|The trader\*\* \(1d6\): dice \d) = \d+; "
               r"modifiers: (none|([+-]\d ([^;]+ \((standing|event: [^)]+|offer: [^)]+|response: [^)]+)\)|as for (The League|The trader))"
               r"(; )?)+); "
               r"total \*\*-?\d+\*\* → row \d+–\d+: \*\*[A-Za-z ]+\*\*\.? "
               r"(No change to the tallies\.|Effects: (Trust \\\| goodwill|Arms) [+-]\d \(\d+→\d+\)(, .*)?\.)$")
    for line in rolls:
        assert re.match(pattern, line), line
    assert re.search(r"modifiers: [+-]\d .+ \((offer|event|response|standing)", text)


def test_rulings_are_marked_and_undone_actions_left_out(deck):
    game = ruled_game(deck)
    text = report_markdown(game)
    timeline = section(text, "## Timeline")
    assert ("- **Facilitator ruling — undo** of 1 action. *Reason:* the port city meant another card. "
            "Taken back: «The port city offers: Demand inspections — Arms -1 (2→1)».") in timeline
    assert "- **Facilitator ruling — note:** The room argues \\| about the League." in timeline
    assert "- **Facilitator ruling — adjust:** Arms +1 (" in timeline and "*Reason:* a smuggling report." in timeline
    assert ("- **Facilitator ruling — override** of The League's roll: Watchful becomes row 9–12: **Reassured**, "
            "the total 8 standing. *Reason:* the League would never panic. Effects: Trust \\| goodwill +1 (5→6).") in timeline
    # the offer that was taken back is not in the timeline or among the cards played
    assert "plays *Demand inspections*" not in timeline and "inspect" not in game.state.played
    assert "### Demand inspections" not in section(text, "## Cards played")
    # the override replayed the trader's roll: it shows once as kept, once inside the undo that took it back
    assert len(re.findall(r"^- \*\*Roll — The trader\*\*", section(timeline, "### Round 1"), re.M)) == 1
    rulings = section(text, "## Facilitator rulings")
    assert rulings.count("**Facilitator ruling — ") == 5
    for words in ("undo** (round 1): the port city meant another card", "note** (round 1): The room argues",
                  "override** (round 1): the League would never panic", "adjust** (round 1): a smuggling report"):
        assert words in rulings
    check_tables(text)


def test_the_tally_table_has_a_row_per_round_played_and_a_chart_per_tally(deck):
    game = bot_game(deck, seed=5)
    text = report_markdown(game)
    tallies = section(text, "## Tallies")
    assert tallies.count("\n| Round ") == len(game.state.history) == 4 and game.state.ending in ("thaw", "stalemate")
    assert "| When | Trust \\| goodwill | Arms |\n| --- | ---: | ---: |\n| Start | 4 | 2 |" in tallies
    chart = tallies[tallies.index("```\n") + 4: tallies.rindex("```")]
    assert chart.startswith("Trust | goodwill (0 to 10)\n") and "\nArms (0 to 6)\n" in chart
    trust = [r.tallies["trust"] for r in game.state.history]
    for n, value in enumerate(trust, 1):
        assert f"  Round {n} {value:>2} |{'#' * value}{'.' * (10 - value)}|" in chart
    assert all(ord(c) < 128 for c in chart)  # plain characters: readable anywhere
    # the value axis under each chart: its ends under the bars' ends, labelled with the range
    lines = chart.splitlines()
    for title, low, high in (("Trust | goodwill (0 to 10)", 0, 10), ("Arms (0 to 6)", 0, 6)):
        block = lines[lines.index(title):]
        block = block[:block.index("") if "" in block else len(block)]
        bar, axis, ticks = block[-3], block[-2], block[-1]
        assert axis.strip() == "+" + "-" * (high - low) + "+" and axis.index("+") == bar.index("|")
        assert ticks.split()[0] == str(low) and ticks.split()[-1] == str(high)
        assert ticks.index(str(low)) == axis.index("+") and ticks.rstrip().endswith(str(high))


def test_scores_say_who_came_out_ahead_against_the_status_quo_and_the_evidence_is_charted(deck):
    game = bot_game(deck, seed=5)
    text = report_markdown(game)
    scores = section(text, "## Scores")
    assert "**Against the start:** Scores are measured against the status quo" in scores
    for seat in deck.seats:
        points = game.state.scores[seat.id]
        where = "ahead of" if points > 0 else "behind" if points < 0 else "level with"
        assert f"- {md(seat.label)}: {points:+d}, {where} its starting position." in scores
    evidence = section(text, "## What the evidence said")
    chart = evidence[evidence.index("```\n") + 4: evidence.rindex("```")].splitlines()
    rounds = len(game.state.history)
    assert chart[1].split() == ["Round", "start", *map(str, range(1, rounds + 1)), "end"]
    assert [line.split()[0] for line in chart[2:]] == [m.label for m in deck.motives]
    assert all(len(line.split()) == rounds + 3 and line.endswith("%") for line in chart[2:])


def test_a_game_ended_mid_round_counts_that_round(deck):
    game = Game(deck, Setup(BOTS, 7))
    for _ in range(9):  # round 1, then round 2's event and offer
        game.act(automatic_action(game.state))
    game.act(Adjust("arms", 6, "the island arms to the teeth"))
    assert game.state.ending == "arms-race" and game.state.round == 2
    finish(game)
    text = report_markdown(game)
    assert section(text, "## Tallies").count("\n| Round ") == 2 and "\n| Round 2 (ended) | " in text
    assert "**Rounds:** 4 at most; 2 played" in text
    assert "**Arms race** (reached during play, which ended the game at once)" in text
    assert "- **The game ends at once:** Arms race (see *Ending*)." in text


def test_an_unfinished_game_keeps_the_motive_hidden(deck):
    game = Game(deck, Setup(HUMANS, 4))
    game.act(automatic_action(game.state))
    game.act(game.legal()[0])
    text = report_markdown(game)
    assert "Not revealed: the game stopped before The port city named The island's motive." in text
    assert "hidden motive was" not in text and "No scores yet: the game is not over." in text
    assert "No ending yet: it stopped in round 1, at the response." in text
    assert "(the game is not over: it stopped in round 1, at the response)" in text
    assert "\n| Round 1 (so far) | " in text
    assert "Nothing has happened yet." in report_markdown(Game(deck, Setup(HUMANS, 4)))


def test_the_report_is_deterministic_and_survives_a_save(deck, tmp_path):
    first = report_markdown(bot_game(deck, seed=11), date="d")
    assert report_markdown(bot_game(deck, seed=11), date="d") == first
    assert report_markdown(bot_game(deck, seed=12), date="d") != first
    game = ruled_game(deck)
    save_game(game, tmp_path / "game.json")
    assert report_markdown(resume(load_save(tmp_path / "game.json"), load_deck)) == report_markdown(game)


def test_the_default_deck_reports_cleanly():
    from tabletop.paths import default_deck

    if not default_deck().exists():
        pytest.skip("the default deck is not there yet")
    deck = load_deck(default_deck())
    game = bot_game(deck, seats={s.id: SeatConfig("bot") for s in deck.seats})
    text = report_markdown(game)
    for card_id in dict.fromkeys(game.state.played):
        card = next(c for c in deck.options + deck.responses if c.id == card_id)
        assert md(card.analysis) in text
    check_tables(text)
    prose = text[:text.index("```")] + text[text.rindex("```"):]
    assert ".." not in prose.replace("...", "")


def test_what_the_evidence_said_tracks_the_posterior_beside_the_guess(deck):
    """After the reveal, a row per round with each motive's chance as a perfect analyst gives it (the draw weights at
    the start, then after each response), and the guess beside what the evidence said; none while the game runs."""
    from fractions import Fraction

    from tabletop.engine.belief import belief_track, posterior

    game = bot_game(deck, seed=7)
    track = belief_track(game.states)
    weights = {m.id: Fraction(m.weight, sum(x.weight for x in deck.motives)) for m in deck.motives}
    assert track[0].round == 0 and track[0].posterior == weights
    assert [b.round for b in track[1:]] == list(range(1, len(track)))
    assert all(sum(b.posterior.values()) == 1 for b in track)
    assert track[-1].posterior == posterior(deck, game.state.likelihood)
    text = report_markdown(game, date="2026-01-31")
    part = section(text, "## What the evidence said")
    check_tables(part)
    rows = [line for line in part.splitlines() if line.startswith("| the start") or line.startswith("| round ")]
    assert len(rows) == len(track)
    for b, line in zip(track, rows, strict=True):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[2:] == [f"{round(b.posterior[m.id] * 100)}%" + (" " + "█" * int(b.posterior[m.id] * 10)
                                                                  if b.posterior[m.id] >= Fraction(1, 10) else "")
                             for m in deck.motives]
    over = next(x for e in game.entries() for x in e.happened if type(x).__name__ == "Guessed")
    likeliest = max(deck.motives, key=lambda m: track[-1].posterior[m.id])
    assert f"**What the evidence said at the end:** {likeliest.label}" in part
    assert f"**The guess:** {deck.motive(over.motive).label}" in part  # the bot guesses the likeliest
    assert over.motive == likeliest.id
    unfinished = Game(deck, Setup(BOTS, 7))
    for _ in range(8):
        unfinished.act(automatic_action(unfinished.state))
    assert "What the evidence said" not in report_markdown(unfinished, date="2026-01-31")


def test_the_timeline_gives_each_modifier_reason_once_a_round_and_points_back_to_it(deck):
    """A reason that shifts several rolls in a round is told on the first, and the others say whose roll told it."""
    text = report_markdown(bot_game(deck))
    timeline = section(text, "## Timeline")
    folded = 0
    for part in re.split(r"^### ", timeline, flags=re.M)[1:]:
        rolls = re.findall(r"^- \*\*Roll — (.*?)\*\*.*?modifiers: (.*?); total", part, re.M)
        told: dict[str, str] = {}
        for actor, mods in rolls:
            for reason, _source in re.findall(r"[+-]\d ([^;]+?) \(((?:standing|event|offer|response)[^)]*)\)", mods):
                assert reason not in told, f"{reason!r} told twice in a round"
                told[reason] = actor
            for earlier in re.findall(r"[+-]\d as for ([^;]+)", mods):
                folded += 1
                assert earlier in told.values() and earlier != actor
    assert folded  # the small deck's trust modifier shifts both actors' rolls in some round
