"""Help, reachable from anywhere: how a round goes, the loaded deck's rules, and the keys.

Built as a `Document` of plain text: the deck's words are shown as written, never read as Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from ...clock import deck_times, times_words
from ...deck import Deck
from ...deck.model import Tally
from ...invocation import command
from ...present.text import rolls_by_dice
from ..plain import plain
from ..widgets.document import Block, Document, h1, h2, item, para

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp


#: Keys that belong to widgets rather than screens, said in words (Enter in a list, the arrows, Tab).
WIDGET_KEYS = [("enter", "choose the highlighted card, motive or button (or click it)"),
               ("↑ ↓", "move through a list; page up and page down scroll"), ("tab", "go to the next field or button")]

#: A section of the key list: its heading and its (key, what it does) pairs.
Keys = tuple[str, list[tuple[str, str]]]


def binding_keys(bindings: Iterable, keymap: Mapping[str, str], display) -> list[tuple[str, str]]:
    """(keys, what they do) for ``bindings`` (a screen's ``BINDINGS``), with the remapping of config.toml applied
    (``keymap``: binding id -> keys) and each key as the footer names it (``display(binding)``): every binding
    with a description, shown in the footer now or not; the keys of one binding together ("esc, q")."""
    from textual.binding import Binding

    out: dict[tuple[str, str], list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
        for one in Binding.make_bindings([Binding(keys, binding.action, binding.description)]):
            shown = out.setdefault((binding.action, binding.description), [])
            name = display(one)
            if name not in shown:
                shown.append(name)
    return [(", ".join(keys), what) for (_, what), keys in out.items()]


def help_blocks(deck: Deck | None, keys: Sequence[Keys]) -> list[Block]:
    """The help for ``deck`` (None: no deck loaded) and its key list: sections of (key, what it does) pairs."""
    blocks = [h1("How to play")]
    if deck is not None:
        meta = deck.deck
        offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
        rolls: list = []
        for n, (who, dice) in enumerate(rolls_by_dice(deck)):
            rolls += [", " if n else "", plain(who), " ", plain(dice)]
        blocks += [
            para(plain(meta.title, "bold"), ": ", plain(meta.source)),
            para(plain(meta.description)),
            h2("A round"),
            item(("Inject", "bold"), ": an event card is drawn and may change the tallies or this round's rolls.",
                 marker="1."),
            item(("Offer", "bold"), ": ", plain(offer.label), " plays one option card from its hand.", marker="2."),
            item(("Response", "bold"), ": ", plain(respond.label), " answers with a response card.", marker="3."),
            item(("Reactions", "bold"), ": ", *rolls,
                 " plus modifiers and reads its reaction table. The odds are shown before every roll, and every "
                 "modifier says why.", marker="4."),
            item(("Tally", "bold"), ": the round closes and the end conditions are checked.", marker="5."),
            para(f"The game lasts at most {meta.rounds} rounds. ", plain(respond.label), " holds a hidden motive; "
                 "before it is revealed, ", plain(offer.label), " guesses it. To keep a seat's secret off a projected "
                 "table, open its private view in a second window: ", plain(f"{command()} private --seat {respond.id}",
                                                                          "bold"), " (M shows it here, after "
                 "asking to blank the projector)."),
            h2("Tallies"),
            *(item(plain(t.label, "bold"), _range(deck, t), plain(t.description),
                   plain(f" Low: {t.low}." if t.low else ""), plain(f" High: {t.high}." if t.high else ""))
              for t in deck.tallies),
            h2("How it can end"),
            *(item(plain(e.label, "bold"), " (when the rounds run out)" if e.final else "", ": ", plain(e.text))
              for e in deck.endings),
        ]
        if meta.rules:
            blocks += [h2("Deck rules"), para(plain(meta.rules))]
        if deck.clock is not None and any(deck_times(deck.clock).values()):
            blocks += [h2("The negotiation clock"),
                       para(f"This deck gives the discussion before each decision of people "
                            f"{times_words(deck_times(deck.clock))} (with two teams of people or more; the setup "
                            "screen, --clock or config.toml may change it). A countdown shows while they decide; at 0 "
                            "the bell rings once and the table says so, then waits: the clock never decides for "
                            "anyone. T holds it, E gives one more minute, X puts it away for this decision, and P (the "
                            "game clock) holds it too.")]
    blocks += [
        h2("Keys"),
        para("Every action is also in the command palette (", ("ctrl+p", "bold"), "), which offers only what is "
             "allowed now. The mouse works too: click cards and buttons."),
    ]
    for heading, pairs in keys:
        blocks.append(para(plain(heading, "bold")))
        blocks += [item(plain(key, "bold"), ": ", plain(what)) for key, what in pairs]
    blocks += [
        para("Keys can be changed in ", ("config.toml", "italic"), " in your configuration folder: see the README."),
    ]
    return blocks


class HelpScreen(ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close help", id="help.close", tooltip="Back to the game")]

    def __init__(self, blocks: list[Block]) -> None:
        super().__init__()
        self.blocks = blocks

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Document(self.blocks, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # arrows and page keys scroll
    # Escape, q and F1 close it: Textual's own Screen.action_dismiss


def _range(deck: Deck, t: Tally) -> Text:
    """``(0 to 10, starts at 2): ``; for a hidden tally, from whom it is hidden instead of where it starts."""
    if t.hidden_from:
        whom = ", ".join(s.label for s in deck.seats if s.id in t.hidden_from)
        return plain(f" ({t.min} to {t.max}, hidden from {whom} until the debrief): ")
    return plain(f" ({t.min} to {t.max}, starts at {t.start}): ")

