"""The stage: the table's centre shows one beat at a time (`tabletop.present.stage.Scene`), drawn, never decided.

Every beat starts with a banner that names it in words (never by colour alone); a roll shows its odds before the
dice, then the dice, every modifier with its reason and the row reached, beside the odds each row had; the ending
is a double-lined banner. In the room view (``big``) the totals are drawn in large digits and the banners are
wider. Deck text arrives `visible` and is drawn as plain `Text`, never as markup.
"""

from __future__ import annotations

from fractions import Fraction

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from textual.renderables.digits import Digits
from textual.widgets import Static

from ...deck.model import Deck
from ...engine.state import AppliedModifier
from ...engine.views import RollOdds
from ...present import stage as st
from ..plain import plain

DIE_FACES = "⚀⚁⚂⚃⚄⚅"
TALL = 36  # rows from which the room view spaces out the rows of odds
SOURCES = {"actor": "standing", "event": "event", "offer": "offer", "response": "response", "stance": "stance"}


def _span(row) -> str:
    return f"{row.min}" if row.min == row.max else f"{row.min}–{row.max}"


def _fraction(p: Fraction) -> str:
    return f"{p.numerator}/{p.denominator}" if p.denominator != 1 else str(p.numerator)


def _chance(p: Fraction) -> str:
    return f"{float(p) * 100:3.0f}% ({_fraction(p)})"


def _modifiers(title: str, modifiers: tuple[AppliedModifier, ...]) -> list[RenderableType]:
    """A heading, then one line each: the value, its reason and where it comes from (wrapped, never cut)."""
    if not modifiers:
        return []
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for m in modifiers:
        table.add_row(f"{m.value:+d}", plain(f"{m.reason} ({SOURCES.get(m.source, m.source)})"))  # a str cell is markup
    return [Text(title, style="bold"), table]


def _banner(scene: st.Scene, big: bool) -> RenderableType:
    words = st.KIND_WORDS[scene.kind]
    where = f"ROUND {scene.round} OF {scene.rounds}" if scene.round else ""
    if scene.kind == st.CLOSE:
        tag = f" {where} CLOSED "
    else:
        tag = f" {words} " + (f"· {where} " if where and scene.kind not in (st.START, st.ENDING) else "")
    if not big:
        return Text(tag, style="bold reverse")
    line = Table.grid(expand=True)  # the room view: across the whole stage
    line.add_column(justify="center")
    line.add_row(Text(tag), style="bold reverse")
    return line


def odds_rows(odds: RollOdds, hit: int | None = None, big: bool = False, roomy: bool = False) -> Table:
    """Each row of the actor's table with its exact chance; ``hit``: the row the dice reached, marked in words. ``big``:
    spread across the stage; ``roomy``: a blank line between rows too (a tall screen)."""
    rows = Table.grid(padding=(1 if roomy else 0, 3 if big else 1), expand=big)
    rows.add_column(no_wrap=True)
    rows.add_column(justify="right", no_wrap=True)
    rows.add_column(ratio=1)
    rows.add_column(justify="right", no_wrap=True)
    for i, (row, p) in enumerate(odds.rows):
        marked = i == hit
        rows.add_row("▶" if marked else " ", _span(row),
                     plain(row.label + ("  ◀ RESULT" if marked else ""), "bold reverse" if marked else ""),
                     Text(_chance(p), style="bold" if marked else ""))
    return rows


def scene_view(deck: Deck, scene: st.Scene, big: bool = False, roomy: bool = False) -> RenderableType:
    """The whole beat, ready to draw: ``big`` in the room view, ``roomy`` with blank lines between the rows of odds
    (a tall screen)."""
    if scene.kind == st.ENDING:
        body: list[RenderableType] = [Text(" GAME OVER ", style="bold reverse", justify="center"),
                                      plain(scene.head.upper(), "bold", ), Text("")]
        if scene.text:
            body.append(plain(scene.text, "italic"))
        if scene.tallies:
            body.append(plain(f"Tallies: {scene.tallies}"))
        body.append(Text("Next: the offering seat names the hidden motive, then the debrief.", style="dim"))
        return Panel(Group(*body), box=box.DOUBLE, title=" THE END ", title_align="center",
                     subtitle=f" after round {scene.round} of {scene.rounds} ", padding=(1 if big else 0, 2),
                     border_style="bold")
    parts: list[RenderableType] = [_banner(scene, big)]
    if scene.kind == st.STANCE:
        return Group(*parts, *stance_parts(scene, big))
    if scene.kind == st.ODDS and scene.odds is not None:
        odds = scene.odds
        total = odds.total
        parts.append(Text.assemble(plain(f"{scene.head}: ", "bold"),
                                   plain(f"{odds.dice}{f' {total:+d}' if total else ''}", "bold"),
                                   ))
        parts.append(odds_rows(odds, big=big, roomy=roomy))
        parts += _modifiers("Modifiers:", odds.modifiers)
        parts += _modifiers("May also apply (not counted in the odds):", odds.possible)
        return Group(*parts)
    if scene.kind == st.ROLL and scene.rolled is not None:
        rolled = scene.rolled
        faces = " ".join(DIE_FACES[f - 1] + f" {f}" if f <= 6 else str(f) for f in rolled.faces)
        mods = sum(m.value for m in rolled.modifiers)
        line = Text.assemble(plain(f"{deck.actor(rolled.actor).label} rolled ", "bold"),
                             plain(f"{rolled.dice}: {faces} = {rolled.dice_total}"),
                             (f", modifiers {mods:+d} → {rolled.total}", "bold") if rolled.modifiers else "")
        if big:
            result = Table.grid(padding=(0, 2))
            result.add_column(no_wrap=True)
            result.add_column(ratio=1)
            result.add_row(Digits(str(rolled.total)), Group(line, plain(f" {rolled.label} ", "bold reverse")))
            parts.append(result)
        else:
            parts.append(line)
        if scene.stance:
            parts.append(plain(f"Stance: {scene.stance}", "bold"))
        if scene.odds is not None:
            parts.append(odds_rows(scene.odds, rolled.row, big, roomy))
        if scene.text:
            parts.append(plain(scene.text, "italic"))
        if scene.effects:
            parts.append(plain("Effects: " + ", ".join(scene.effects)))
        parts += _modifiers("Modifiers:", rolled.modifiers)
        return Group(*parts)
    parts.append(plain(scene.head, "bold"))
    if scene.text:
        parts.append(plain(scene.text, "italic"))
    if scene.kind == st.CLOSE:
        parts += [plain(f"• {line}") for line in scene.effects]
        if scene.tallies:
            parts.append(plain(f"Tallies now: {scene.tallies}", "bold"))
    else:
        if scene.effects:
            parts.append(plain("Effects: " + ", ".join(scene.effects)))
        elif scene.kind in (st.EVENT, st.OFFER, st.RESPONSE):
            parts.append(Text("No change to the tallies.", style="dim"))
        if scene.tallies:
            parts.append(plain(f"Tallies: {scene.tallies}"))
    return Group(*parts)


def stance_parts(scene: st.Scene, big: bool = False) -> list[RenderableType]:
    """A stance beat: for each stance the team may take, its number and label, the odds of each row under it (in
    words and figures, the likeliest row marked, never by colour alone), and its reason; then the modifiers that
    apply whatever the stance."""
    parts: list[RenderableType] = [plain(scene.head, "bold")]
    if scene.text:
        parts.append(plain(scene.text, "italic"))
    table = Table.grid(padding=(1 if big else 0, 1))  # the number in its own column: each stance's lines hang beside it
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for choice in scene.stances:
        likeliest = max(range(len(choice.odds.rows)), key=lambda i: choice.odds.rows[i][1]) if choice.odds.rows else -1
        rows = Text()
        for i, (row, p) in enumerate(choice.odds.rows):
            if i:
                rows.append(" · ")
            rows.append_text(plain(f"{row.label} {float(p) * 100:.0f}%", "bold" if i == likeliest else ""))
        table.add_row(Text(f"{choice.value:+d}", style="bold"),
                      Group(Text.assemble(plain(choice.label, "bold reverse")), rows, plain(choice.reason, "dim")))
    parts.append(table)
    if scene.odds is not None:
        parts += _modifiers("Whatever the stance:", scene.odds.modifiers)
        parts += _modifiers("May also apply (not counted in the odds):", scene.odds.possible)
    return parts


class StageView(Static):
    """The beat on the stage. ``scene`` is what it shows (for tests and the screen's pacing)."""

    def __init__(self, deck: Deck, **kwargs) -> None:
        super().__init__(**kwargs)
        self.deck = deck
        self.scene: st.Scene | None = None
        self.big = False
        self.roomy = False  # the room view's rows of odds spaced out (a tall terminal), as last drawn

    def show(self, scene: st.Scene, big: bool | None = None) -> None:
        self.scene = scene
        if big is not None:
            self.big = big
        self.roomy = self.big and self.app.size.height >= TALL
        self.set_class(scene.kind == st.ENDING, "-ending")
        self.update(scene_view(self.deck, scene, self.big, self.roomy))

    def redraw(self) -> None:
        """Draw the beat again if the terminal's height changes the room view's spacing (a new width wraps it again
        by itself)."""
        if self.scene is not None and self.roomy != (self.big and self.app.size.height >= TALL):
            self.show(self.scene)
