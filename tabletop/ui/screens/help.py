"""Help, reachable from anywhere: how a round goes, the loaded deck's rules, and the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from ...deck import Deck


def help_markdown(deck: Deck | None, keys: list[tuple[str, str]]) -> str:
    parts = ["# How to play"]
    if deck is not None:
        meta = deck.deck
        offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
        parts += [
            f"**{meta.title}**: {meta.source}",
            meta.description,
            "## A round",
            f"1. **Inject**: an event card is drawn and may change the tallies or this round's rolls.\n"
            f"2. **Offer**: {offer.label} plays one option card from its hand.\n"
            f"3. **Response**: {respond.label} answers with a response card.\n"
            f"4. **Reactions**: each of {', '.join(a.label for a in deck.actors)} rolls {meta.dice} plus modifiers "
            f"and reads its reaction table. The odds are shown before every roll, and every modifier says why.\n"
            f"5. **Tally**: the round closes and the end conditions are checked.",
            f"The game lasts at most {meta.rounds} rounds. {respond.label} holds a hidden motive; "
            f"before it is revealed, {offer.label} guesses it.",
            "## Tallies",
            "\n".join(f"- **{t.label}** ({t.min} to {t.max}, starts at {t.start}): {t.description} "
                      f"{'Low: ' + t.low + '. ' if t.low else ''}{'High: ' + t.high + '.' if t.high else ''}"
                      for t in deck.tallies),
            "## How it can end",
            "\n".join(f"- **{e.label}**{' (when the rounds run out)' if e.final else ''}: {e.text}" for e in deck.endings),
        ]
        if meta.rules:
            parts += ["## Deck rules", meta.rules]
    parts += [
        "## Keys",
        "Every action is also in the command palette (**ctrl+p**), which offers only what is allowed now. "
        "The mouse works too: click cards and buttons.",
        "\n".join(f"- **{key}**: {what}" for key, what in keys),
        "Keys can be changed in `config.toml` in your configuration folder: see the README.",
    ]
    return "\n\n".join(p for p in parts if p)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1", "dismiss", "Close help", id="help.close", tooltip="Back to the game")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(self.markdown, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()  # arrows and page keys scroll

    def action_dismiss(self) -> None:
        self.dismiss(None)
