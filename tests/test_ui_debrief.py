"""The debrief reads like a lesson: every tab scrolls to its last line, the cards played come before the events,
the outcome says who came out ahead against the status quo with the deck's lesson and prompts and the belief track
beside the guess, the tally charts have axes and round labels, the timeline has a heading per round and tells each
modifier reason once a round, and the export is dated as `tabletop report` dates it."""

from __future__ import annotations

import re

import pytest
from ui_helpers import BUNDLED_DECK, SMALL, WIDE, debrief_app, finished_game, log_text, open_debrief, screen_text

from tabletop.saves import saved_at
from tabletop.ui.screens.debrief import DebriefScreen

TABS = ["tab-outcome", "tab-tallies", "tab-timeline", "tab-cards"]


async def show(pilot, tab: str) -> DebriefScreen:
    screen = pilot.app.screen
    assert isinstance(screen, DebriefScreen)
    screen.query_one("#debrief-tabs").active = tab
    for _ in range(5):
        await pilot.pause()
    await pilot.pause(0.2)  # a log that was hidden gets its size (and writes its lines) with a resize event
    return screen


@pytest.mark.parametrize("deck", [None, BUNDLED_DECK], ids=["small", "bundled"])
async def test_every_tab_scrolls_to_its_last_line(deck):
    game = finished_game(deck, seed=7) if deck else finished_game(seed=7)
    app = debrief_app(game, deck) if deck else debrief_app(game)
    async with app.run_test(size=SMALL) as pilot:
        await open_debrief(pilot, game)
        for tab in TABS:
            screen = await show(pilot, tab)
            pane = screen.query_one(f"#{tab}")
            scroller = pane.query_one("#timeline") if tab == "tab-timeline" else pane.query_one("VerticalScroll")
            assert scroller.region.bottom <= screen.query_one("Footer").region.y  # the tab ends above the footer
            assert scroller.max_scroll_y > 0, f"{tab}: its content fits, so this test would show nothing"
            assert scroller.has_focus  # the keys scroll the tab shown
            await pilot.press("end")
            await pilot.pause(0.3)
            assert scroller.scroll_y == scroller.max_scroll_y > 0
            if tab == "tab-timeline":  # the last line of the log is in view
                assert scroller.scroll_y + scroller.scrollable_content_region.height >= len(scroller.lines)
                assert "Final scores:" in screen_text(app)
            else:  # the last widget's last row is in view
                last = list(scroller.query("*"))[-1]
                assert last.region.bottom <= scroller.scrollable_content_region.bottom
                assert last.region.height > 0


async def test_cards_played_come_before_the_events_drawn():
    game = finished_game(seed=7)
    async with debrief_app(game).run_test(size=WIDE) as pilot:
        await open_debrief(pilot, game)
        screen = await show(pilot, "tab-cards")
        heads = [str(w.render()) for w in screen.query("#cards .doc-h2")]
        kinds = [h.split(":")[0] for h in heads]
        assert "Event" in kinds and "Offer" in kinds and "Response" in kinds
        first_event = kinds.index("Event")
        assert set(kinds[:first_event]) == {"Offer", "Response"} and set(kinds[first_event:]) == {"Event"}
        assert kinds[0] == "Offer"  # the first card played, the first offer
        assert "The events drawn" in [str(w.render()) for w in screen.query("#cards .doc-h1")]


async def test_outcome_says_who_came_out_ahead_the_lesson_the_prompts_and_the_evidence_beside_the_guess():
    game = finished_game(BUNDLED_DECK, seed=7)
    deck = game.deck
    async with debrief_app(game, BUNDLED_DECK).run_test(size=WIDE) as pilot:
        await open_debrief(pilot, game)
        screen = await show(pilot, "tab-outcome")
        outcome = str(screen.query_one("#outcome").render())
        assert deck.deck.lesson.split()[0] in outcome and "The lesson:" in outcome
        ending = deck.ending(game.state.ending)
        motive = deck.motive(game.state.motive)
        prompts = ending.prompts + motive.prompts
        assert prompts and "For discussion:" in outcome
        assert all(" ".join(q.split())[:30] in " ".join(outcome.split()) for q in prompts)
        standing = str(screen.query_one("#standing").render())
        assert "status quo" in standing and "starts at 0" in standing
        for seat in deck.seats:
            points = game.state.scores[seat.id]
            where = "ahead of" if points > 0 else "behind" if points < 0 else "level with"
            assert f"{seat.label}: {points:+d}, {where} its starting position." in standing
        belief = str(screen.query_one("#belief").render())
        assert "What the evidence said" in belief and "start" in belief
        assert all(m.label in belief for m in deck.motives)
        guess = screen.query_one("#guess")
        assert "guessed" in str(guess.render()) and ("RIGHT" in str(guess.render()) or "WRONG" in str(guess.render()))
        # beside the chart on a wide screen: the same rows, the guess to its right
        chart = screen.query_one("#belief")
        assert guess.region.y == chart.region.y and guess.region.x >= chart.region.right


async def test_tally_charts_have_a_value_axis_and_round_labels():
    game = finished_game(seed=7)
    async with debrief_app(game).run_test(size=SMALL) as pilot:
        await open_debrief(pilot, game)
        screen = await show(pilot, "tab-tallies")
        charts = [str(w.render()) for w in screen.query(".chart")]
        assert len(charts) == len(game.deck.tallies)
        rounds = len(game.state.history)
        for chart, tally in zip(charts, game.deck.tallies, strict=True):
            lines = chart.splitlines()
            assert lines[0] == f"{tally.label} ({tally.min} to {tally.max})"
            assert lines[1].lstrip().startswith("Start") and any(line.lstrip().startswith(f"Round {rounds}")
                                                                 for line in lines)
            assert lines[-2].lstrip().startswith("└") and lines[-2].endswith("┘")  # the axis
            ticks = lines[-1].split()
            assert ticks[0] == str(tally.min) and ticks[-1] == str(tally.max)


async def test_timeline_has_a_heading_per_round_and_tells_each_modifier_reason_once_a_round():
    game = finished_game(seed=7)
    async with debrief_app(game).run_test(size=WIDE) as pilot:
        await open_debrief(pilot, game)
        screen = await show(pilot, "tab-timeline")
        text = log_text(screen, "#timeline")
        rounds = re.split(r"== Round \d+ of \d+ ==", text)
        assert len(rounds) == game.state.round + 1
        folded = 0
        for part in rounds[1:]:
            reasons = re.findall(r", [+-]\d \(([^)]+)\)", part)
            told = [r for r in reasons if not r.startswith("as for ")]
            assert len(told) == len(set(told)), part
            folded += len(reasons) - len(told)
        assert folded  # this game repeats a reason in a round: said once, then "as for"


async def test_the_export_is_dated_as_the_report_command_dates_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    game = finished_game(seed=7)
    async with debrief_app(game).run_test(size=WIDE) as pilot:
        await open_debrief(pilot, game)
        await pilot.press("e")
        await pilot.pause()
    [report] = tmp_path.glob("*-report.md")
    text = report.read_text(encoding="utf-8")
    date = re.search(r"\*\*Date:\*\* (\S+)", text)
    assert date and date.group(1) != "not" and date.group(1)[:10] == saved_at(None)[:10]
