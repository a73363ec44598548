"""What a hostile-file tester found beyond the hostile deck, each kept from coming back: Markdown that would
have swallowed a report or made links, control characters in the deck's dice notation, in saves on disk and in
a suggested path, invisible bidi marks, a card's text faking a menu, settings nested to crash the reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.config import load_config
from tabletop.deck import DeckError, load_deck
from tabletop.engine import Game, Note, SeatConfig, Setup
from tabletop.present.play import run_headless
from tabletop.present.report import md
from tabletop.safetext import UNSAFE, visible
from tabletop.saves import load_save, save_game
from tabletop.ui.screens.help import help_blocks
from tabletop.ui.screens.modals import SaveElsewhereScreen

DECKS = Path(__file__).parent / "decks"
SMALL = DECKS / "small.toml"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("text, shown", [
    ("~~~ everything after", r"\~\~\~ everything after"),  # a code fence that never closes
    ("~~struck~~", r"\~\~struck\~\~"),
    ("1986. A good year", r"1986\. A good year"),  # an ordered list from 1986
    ("3) three", r"3\) three"),
    ("- a list", r"\- a list"),
    ("+ a list", r"\+ a list"),
    ("--- a rule", r"\--- a rule"),
    ("=== a heading's underline", r"\=== a heading's underline"),
    ("&lt;script&gt;", r"\&lt;script\&gt;"),  # an entity would show as <script>
    ("see https://evil.example/x", r"see https\://evil.example/x"),  # renderers link bare addresses
    ("or www.evil.example", r"or www\.evil.example"),
    ("mail boss@evil.example", r"mail boss\@evil.example"),
    ("[sic] *not bold* `code` <b>", r"\[sic\] \*not bold\* \`code\` \<b\>"),
    ("Trump–Kim, 2018: no change", "Trump–Kim, 2018: no change"),  # plain prose is left alone
])
def test_report_markdown_shows_deck_text_as_written(text, shown):
    assert md(text) == shown


def test_a_report_of_markdown_laden_deck_text_keeps_its_structure(tmp_path):
    deck_text = SMALL.read_text(encoding="utf-8").replace(
        'source = "Written for tabletop\'s tests"',
        'source = "Written for tabletop\'s tests"\ndescription = "~~~\\nEverything after https://evil.example"', 1)
    path = tmp_path / "md.toml"
    path.write_text(deck_text, encoding="utf-8")
    deck = load_deck(path)
    game = run_headless(deck, {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 1, out=lambda _: None)
    from tabletop.present.report import report_markdown

    report = report_markdown(game)
    assert not re.search(r"^\s*~~~", report, re.M)  # no fence opened by the deck
    assert "https://evil" not in report and r"https\://evil.example" in report
    assert report.count("\n## ") >= 5  # the sections are all still headings


def test_the_dice_notation_reaches_help_escaped(tmp_path):
    # C0 and C1 characters the loader refuses (tests/test_deck_hostile.py); a line separator it lets through, and
    # the help shows it as an escape
    # (the deck's dice and The League's own: the help gives each actor's dice)
    text = SMALL.read_text(encoding="utf-8").replace('dice = "2d6"', 'dice = "\\u20282d6\\u2029"')
    path = tmp_path / "dice.toml"
    path.write_text(text, encoding="utf-8")
    deck = load_deck(path)
    shown = "\n".join(body.plain for _, _, body in help_blocks(deck, []))
    assert RAW_CONTROL.search(shown) is None and r"\u20282d6\u2029" in shown
    refused = SMALL.read_text(encoding="utf-8").replace('dice = "2d6"', 'dice = "\\u001c2d6"', 1)
    path.write_text(refused, encoding="utf-8")
    with pytest.raises(DeckError, match=r"deck\.dice: expected text without control characters .*found U\+001C"):
        load_deck(path)


def test_a_save_on_disk_holds_no_raw_control_character_and_reads_the_same(tmp_path):
    game = Game(load_deck(SMALL), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 7))
    note = "C1 \u009b2J, ESC \u001b]0;x\u0007, line \u2028, bidi \u202e, mark \u200f"
    game.act(Note(note))
    path = save_game(game, tmp_path / "game.jsonl")
    raw = path.read_bytes().decode("utf-8")
    assert RAW_CONTROL.search(raw) is None and UNSAFE.search(raw) is None
    assert load_save(path).log[-1].text == note  # the same string: JSON's own escapes


def test_bidi_marks_and_invisible_characters_are_escaped_but_joiners_kept():
    assert visible("a\u200eb\u200fc\u061cd\u200be\ufefff\u2060g") == r"a\u200eb\u200fc\u061cd\u200be\ufefff\u2060g"
    assert visible("👨\u200d👩\u200d👧 می\u200cخواهم") == "👨\u200d👩\u200d👧 می\u200cخواهم"


def test_a_cards_text_cannot_fake_lines_in_the_headless_menu(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    forged = re.sub(r'(\[\[responses\]\]\nid = "[^"]+"\n(?:.*\n)*?text = )"[^"]*"',
                    r'\1"Yes.\\n\\nHidden motive: Honest.\\n  9. Accept (recommended)"', text, count=1)
    assert forged != text
    path = tmp_path / "forged.toml"
    path.write_text(forged, encoding="utf-8")
    lines: list[str] = []
    answers = iter(["1"] * 40)
    run_headless(load_deck(path), {"port": SeatConfig("bot"), "isle": SeatConfig("human")}, 2,
                 out=lines.append, ask=lambda prompt: next(answers))
    printed = "\n".join(lines)
    assert "Hidden motive: Honest." in printed  # shown, as written ...
    assert not re.search(r"^\s*9\. Accept", printed, re.M)  # ... on its own menu line, never as a line of its own
    assert not re.search(r"^Hidden motive: Honest", printed, re.M)


@pytest.mark.parametrize("config", [
    "theme = " + "[" * 20000 + "]" * 20000,  # deeper than the TOML reader can go
    "[keys]\n" + "a." * 5000 + 'b = "x"',  # read, but deeper than a binding id
])
def test_a_deeply_nested_config_is_ignored_with_a_reason_not_a_crash(tmp_path, config):
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    loaded = load_config(path)
    assert loaded.problems and all(len(p) < 300 for p in loaded.problems)
    assert "nested too deeply" in loaded.problems[0] or "found a table" in loaded.problems[0]


async def test_a_suggested_path_with_a_control_character_is_not_put_in_the_input(tmp_path):
    from textual.app import App

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(SaveElsewhereScreen(None, tmp_path / "home\u001b]2;HACKED\u0007" / "game.jsonl"))

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        value = app.screen.query_one("#elsewhere-path").value
        assert value == "" and "\u001b" not in value
