"""Warnings about endings that hold from the start and cards caught in a circle of requirements.

Each case is a small change to the tests' minimal deck; the guide's Warnings table quotes the
messages, and the last test keeps those quotes exact.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.deck import inspect_deck

HERE = Path(__file__).resolve().parent
MINIMAL = (HERE / "decks" / "minimal.toml").read_text(encoding="utf-8").replace("hand = 2", "hand = 1")
GUIDE = (HERE.parent / "docs" / "decks.md").read_text(encoding="utf-8")
PEACE = 'when = [{ tally = "trust", at_least = 5 }]'  # the minimal deck's one ending that is not final
AT_START = ("this ending already holds at the start (round 1, every tally at its start, nothing played or drawn): "
            "the game would end after its first action")


def warnings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    found = inspect_deck(path)
    assert found.errors == [], found.errors
    return [f"{'.'.join(map(str, p.path))}: {p.message}" for p in found.warnings]


def with_peace_when(when: str) -> str:
    assert PEACE in MINIMAL
    return MINIMAL.replace(PEACE, f"when = {when}")


def test_the_minimal_deck_has_no_warning(tmp_path):
    assert warnings(tmp_path, MINIMAL) == []


# Trust starts at 2 (bounds 0..5), in a deck of 3 rounds with one motive, 'honest'.
@pytest.mark.parametrize("when", [
    '[{ tally = "trust", at_most = 2 }]',
    '[{ tally = "trust", at_least = 2, at_most = 2 }, { round_at_most = 1 }]',
    '[{ round_at_least = 1 }]',
    '[{ any = [{ tally = "trust", at_least = 4 }, { tally = "trust", at_most = 3 }] }]',
    '[{ any = [{ motive = "honest" }, { round_at_most = 3 }] }]',  # the motive does not matter: the round holds
    '[{ not = [{ played = "talk" }] }]',
    '[{ not = [{ drawn = "nothing" }] }]',
    '[{ not = [{ event = "nothing" }] }]',
    '[{ not = [{ tally = "trust", at_least = 3 }] }]',
    '[{ not = [{ tally = "trust", at_least = 2, for_rounds = 2 }] }]',
    '[{ not = [{ not = [{ tally = "trust", at_most = 2 }] }] }]',
    '[{ all = [{ tally = "trust", at_least = 1 }, { any = [{ offer = "talk" }, { round_at_most = 2 }] }] }]',
])
def test_an_ending_that_holds_at_the_start_is_warned_of(tmp_path, when):
    text = with_peace_when(when) + '\n[[events]]\nid = "nothing"\ntitle = "Nothing"\ntext = "Nothing happens."\n'
    found = warnings(tmp_path, text)
    assert f"endings.0.when: {AT_START}" in found, found


@pytest.mark.parametrize("when", [
    '[{ tally = "trust", at_least = 5 }]',
    '[{ tally = "trust", at_most = 1 }]',
    '[{ round_at_least = 2 }]',
    '[{ played = "talk" }]',
    '[{ drawn = "nothing" }]',
    '[{ event = "nothing" }]',
    '[{ offer = "talk" }]',
    '[{ response_tag = "soft" }]',
    '[{ previous_offer_tag = "calm" }]',
    '[{ tally = "trust", at_most = 2, for_rounds = 1 }]',
    '[{ motive = "honest" }]',  # drawn in secret: unknown, so no warning (the motive-leak warning stands)
    '[{ any = [{ motive = "honest" }, { round_at_least = 2 }] }]',
    '[{ not = [{ motive = "honest" }] }]',
    '[{ not = [{ round_at_most = 3 }] }]',
    '[{ not = [{ tally = "trust", at_most = 2 }, { round_at_least = 1 }] }]',
    '[{ all = [{ tally = "trust", at_most = 2 }, { played = "talk", times = 2 }] }]',
    '[{ any = [{ tally = "trust", at_least = 3 }, { ending = "time" }] }]',
])
def test_an_ending_that_does_not_surely_hold_at_the_start_is_not(tmp_path, when):
    text = with_peace_when(when)
    text = text.replace('text = "Side A proposes talks."', 'text = "Side A proposes talks."\ntags = ["calm"]')
    text = text.replace('text = "Side B agrees."', 'text = "Side B agrees."\ntags = ["soft"]')
    text += '\n[[events]]\nid = "nothing"\ntitle = "Nothing"\ntext = "Nothing happens."\n'
    found = warnings(tmp_path, text)
    assert not any(AT_START in w for w in found), found


def test_a_final_ending_that_holds_at_the_start_is_fine(tmp_path):
    text = MINIMAL.replace('final = true', 'final = true\nwhen = [{ tally = "trust", at_most = 2 }]')
    text += '\n[[endings]]\nid = "else"\nlabel = "Else"\ntext = "Else."\nfinal = true\n'
    assert not any(AT_START in w for w in warnings(tmp_path, text))


def card(kind: str, card_id: str, requires: str) -> str:
    return f'\n[[{kind}]]\nid = "{card_id}"\ntitle = "{card_id.title()}"\ntext = "{card_id}"\nrequires = {requires}\n'


def test_a_card_requiring_itself_played_is_warned_of(tmp_path):
    found = warnings(tmp_path, MINIMAL + card("options", "press", '[{ played = "press" }]'))
    assert found == ["options.1.requires: this card can never be played: it requires itself played first"]


def test_two_cards_requiring_each_other_played_are_warned_of(tmp_path):
    text = MINIMAL + card("options", "press", '[{ played = "wait" }, { round_at_least = 2 }]')
    text += card("responses", "wait", '[{ played = ["press"], times = 2 }]')
    found = warnings(tmp_path, text)
    assert found == [
        "options.1.requires: this card can never be played: its requirements go round in a circle: "
        "'press' needs 'wait' played first, 'wait' needs 'press' played first",
        "responses.1.requires: this response can never be played: its requirements go round in a circle: "
        "'wait' needs 'press' played first, 'press' needs 'wait' played first",
    ]


def test_a_card_needing_a_circle_is_warned_of_too(tmp_path):
    text = MINIMAL + card("options", "a", '[{ played = "b" }]') + card("options", "b", '[{ played = "c" }]')
    text += card("options", "c", '[{ played = "b" }]')
    found = warnings(tmp_path, text)
    assert found[0] == ("options.1.requires: this card can never be played: it needs cards played first that are "
                        "caught in a circle of requirements: 'b' needs 'c' played first, 'c' needs 'b' played first")
    assert [w.split(":")[0] for w in found] == ["options.1.requires", "options.2.requires", "options.3.requires"]


@pytest.mark.parametrize("requires_a, requires_b", [
    ('[{ played = ["b", "talk"] }]', '[{ played = "a" }]'),  # a can follow talk, then b can follow a
    ('[{ any = [{ played = "b" }, { round_at_least = 2 }] }]', '[{ played = "a" }]'),  # not at the top level
    ('[{ played = "b" }]', '[{ not = [{ played = "a" }] }]'),
    ('[{ played = "talk" }]', '[{ played = "a" }, { played = "talk" }]'),
])
def test_requirements_that_can_be_met_are_not_warned_of(tmp_path, requires_a, requires_b):
    text = MINIMAL + card("options", "a", requires_a) + card("responses", "b", requires_b)
    assert warnings(tmp_path, text) == []


@pytest.mark.parametrize("message", [
    AT_START,
    "this card can never be played: its requirements go round in a circle: "
    "'press' needs 'wait' played first, 'wait' needs 'press' played first",
    "this card can never be played: it requires itself played first",
])
def test_the_guide_quotes_these_warnings_exactly(tmp_path, message):
    # The guide's examples use the ids 'press' and 'wait': check prints them as quoted.
    assert f"| `{message}` |" in GUIDE
    text = MINIMAL + card("options", "press", '[{ played = "wait" }]') + card("options", "wait", '[{ played = "press" }]')
    text += card("options", "self", '[{ played = "self" }]').replace('"self"', '"press"').replace('id = "press"', 'id = "again"')
    printed = {re.sub(r"^[^:]*: ", "", w) for w in warnings(tmp_path, with_peace_when('[{ tally = "trust", at_most = 2 }]'))}
    printed |= {re.sub(r"^[^:]*: ", "", w) for w in warnings(tmp_path, text)}
    if "itself" in message:
        selfish = MINIMAL + card("options", "press", '[{ played = "press" }]')
        printed |= {re.sub(r"^[^:]*: ", "", w) for w in warnings(tmp_path, selfish)}
    assert message in printed, printed


# -- standing cards ----------------------------------------------------------------------------------------------

STANDING = '\n[[options]]\nid = "wait"\ntitle = "Wait"\ntext = "No new offer."\nstanding = true\n'


def test_a_standing_card_is_not_in_the_pile_and_warns_only_when_it_sets_copies(tmp_path):
    assert warnings(tmp_path, MINIMAL + STANDING) == []
    assert warnings(tmp_path, MINIMAL + STANDING + "copies = 3\n") == [
        "options.1.copies: a standing card is never drawn, so copies = 3 is not used: it is always in the hand, once"]
    # the hand (2 in the minimal deck) is dealt from the pile alone: one card there, however many are standing
    assert warnings(tmp_path, MINIMAL.replace("hand = 1", "hand = 2") + STANDING) == [
        "seats.0.hand: the hand holds 2 cards but the option pile has only 1"]


def test_standing_on_a_response_is_warned_of(tmp_path):
    text = MINIMAL.replace('text = "Side B agrees."', 'text = "Side B agrees."\nstanding = true')
    assert warnings(tmp_path, text) == ["responses.0.standing: standing = true is not used on a response card: "
                                        "every response whose requires holds may always be played"]


def test_a_deck_whose_only_option_is_standing_has_a_hand(tmp_path):
    text = MINIMAL.replace('effects = { trust = 1 }\n\n[[responses]]', 'effects = { trust = 1 }\ncopies = 0\n\n[[responses]]')
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    assert any("expected at least one option card with copies above 0 or standing = true" in p.message
               for p in inspect_deck(path).errors)
    path.write_text(text.replace("copies = 0", "copies = 0\nstanding = true"), encoding="utf-8")
    assert inspect_deck(path).errors == []


@pytest.mark.parametrize("message", [
    "a standing card is never drawn, so copies = 3 is not used: it is always in the hand, once",
    "standing = true is not used on a response card: every response whose requires holds may always be played",
])
def test_the_guide_quotes_the_standing_warnings_exactly(message):
    assert f"| `{message}` |" in GUIDE
