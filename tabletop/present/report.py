"""The after-action report: a Markdown handout of one game for people who did not play it.

`report_markdown` reads the game's journal (`Game.entries`: what each action
did, the dice, the modifiers, the effects, without playing the game again),
leaves out what was undone, and writes: the deck and setup, the timeline round by round with every roll and
every facilitator ruling, the tally history as a table and as plain-text
charts, the ending, the motive guess and reveal, the scores with their reasons,
and every card played with its source passage and the deck's analysis.

The text depends only on the game (and the ``date`` given), so the same game
always gives the same report. Deck and save text is Markdown-escaped (`md`) and
`visible`: no control character reaches the file or a terminal showing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction

from attrs import define, field

from ..deck.model import Card, Deck, Event, Source
from ..engine import happenings as h
from ..engine.actions import Action, Adjust, Guess, Inject, Note, Override, Redo, Undo
from ..engine.belief import Belief, belief_track
from ..engine.game import Game
from ..engine.state import ActorConfig, AppliedModifier, GameState
from ..engine.views import knowing, knows_motive, shown_rolled
from ..records import Record
from ..safetext import visible
from .text import HIDDEN_VALUE, action_words, and_list, change, counted, describe, folded_reason

CHART_WIDTH = 30  # characters for a tally's whole range in the charts


@define(repr=False)
class _Entry(Record):
    """One logged action and what it did, for the timeline."""

    action: Action
    happened: list[h.Happening]
    round: int | None  # None: after the ending
    undone: bool = False
    took_back: list[_Entry] = field(factory=list)  # for an undo: the entries it took back


def report_markdown(game: Game, *, date: str | None = None) -> str:
    """The after-action report of ``game`` (finished or not) as Markdown; ``date`` is shown as the game's date."""
    deck = game.deck
    entries = _entries(game)
    kept = [e for e in entries if not e.undone]
    state = game.state
    out: list[str] = []
    out += _head(game, date)
    out += _setup(game, kept)
    out += _timeline(deck, kept, reveal=knows_motive(state, None))  # a reason that reads the motive: once revealed
    out += _rulings(deck, kept)
    out += _tallies(state, reveal=knows_motive(state, None))  # a hidden tally: once the game is over
    out += _ending(state, kept)
    out += _motive(game, kept)
    out += _evidence(game, kept)
    out += _scores(deck, kept, game.setup.actors)
    out += _cards(deck, kept)
    out += _actor_sources(deck)
    text = "\n".join(out)
    return visible(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n")  # visible: for any text `md` did not see


# --------------------------------------------------------------------------
# The journal
# --------------------------------------------------------------------------


def _entries(game: Game) -> list[_Entry]:
    """The game's journal as timeline entries, read from the journal (no replay): an override that reached back is
    split into the undo it made, the override and each step it made again; an undo or a redo takes entries out or
    puts them back, each marked."""
    entries: list[_Entry] = []
    applied: list[_Entry] = []
    undone: list[list[_Entry]] = []  # what each undo since the last other action took back: what a redo puts back
    for logged in game.entries():
        action = logged.action
        if isinstance(action, Undo):
            taken = _take_back(applied, action.n)
            undone.append(taken)
            entries.append(_Entry(action, logged.happened, _round_of(logged.after), took_back=taken))
            continue
        if isinstance(action, Redo):
            back = undone.pop()
            for e in back:
                e.undone = False
            applied += back
            entries.append(_Entry(action, logged.happened, _round_of(logged.after), took_back=back))
            continue
        undone.clear()
        if not isinstance(action, Override):
            entry = _Entry(action, logged.happened, _round_of(logged.before))
            entries.append(entry)
            applied.append(entry)
            continue
        took, parts = _override_parts(action, logged.happened)
        # The roll overridden was made in the round the override names (an old save's names none: the latest).
        at = action.round if action.round is not None and took is not None else _round_of(logged.before)
        if took is not None:
            entries.append(_Entry(Undo(took.n, took.reason), [took], at, took_back=_take_back(applied, took.n)))
        for step, did in parts:
            entry = _Entry(step, did, at)
            entries.append(entry)
            applied.append(entry)
            at = _round_after(at, did)
    return entries


def _round_after(round_: int | None, happened: list[h.Happening]) -> int | None:
    """The round a step made again leaves the game in (None once it has ended), from what the step made happen."""
    for x in happened:
        if isinstance(x, (h.EndingReached, h.GameOver)):
            return None
        if isinstance(x, h.RoundClosed) and round_ is not None:
            round_ = x.round + 1
    return round_


def _take_back(applied: list[_Entry], n: int) -> list[_Entry]:
    taken = applied[-n:]
    del applied[-n:]
    for e in taken:
        e.undone = True
    return taken


def _override_parts(action: Override, happened: list[h.Happening]):
    """What an override did, as (the undo it made or None, [(action applied, what it did)]): the override itself,
    then each step made again (its `Replayed` marker left out; a `NotReplayed` stays where it was said)."""
    took = happened[0] if happened and isinstance(happened[0], h.Undone) else None
    parts: list[tuple[Action, list[h.Happening]]] = [(action, [])]
    for x in happened[1 if took else 0:]:
        if isinstance(x, h.Replayed):
            parts.append((x.action, []))
        else:
            parts[-1][1].append(x)
    return took, parts


def _round_of(state: GameState) -> int | None:
    return None if state.phase in ("guess", "over") else state.round


# --------------------------------------------------------------------------
# Markdown helpers
# --------------------------------------------------------------------------

#: Characters with a meaning anywhere in a line: emphasis, code, links, HTML and entities, tables, strikethrough.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")
#: What makes a list, a rule, a heading underline or a numbered item when it starts a line.
_LINE_START = re.compile(r"^([-+=]|\d+(?=[.)]))")
#: What renderers turn into links without any markup: web addresses and e-mail addresses.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto)(:)|\b(www)(\.)|(@)")


def md(text: str) -> str:
    """Deck or facilitator text as inline Markdown: one line, `visible`, shown as written wherever it stands.

    Every character Markdown would read is escaped: emphasis, code, links and HTML anywhere; a list, rule or
    numbered item at its start; and the web and e-mail addresses that renderers link by themselves."""
    out = _SPECIAL.sub(r"\\\1", " ".join(visible(str(text)).split()))
    out = _AUTOLINK.sub(lambda m: "".join(f"\\{g}" if g in (":", ".", "@") else g for g in m.groups() if g), out)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" if m.group(1).isdigit() else "\\" + m.group(1), out)


def sentence(text: str) -> str:
    """`md` of ``text``, ending with a full stop unless it already ends a sentence."""
    out = md(text)
    return out if not out or out[-1] in ".!?…" else out + "."


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _seat(deck: Deck, seat_id: str) -> str:
    return next(s.label for s in deck.seats if s.id == seat_id)


def _change(deck: Deck, x: h.TallyChanged, reveal: bool = True) -> str:
    return md(change(deck, x, _hidden(deck, reveal)))


def _hidden(deck: Deck, reveal: bool) -> frozenset[str]:
    """The tallies the report keeps hidden: those hidden from any seat, until the game is over (``reveal``)."""
    return frozenset() if reveal else knowing(deck, None).hidden


def _effects(deck: Deck, changes: list[h.TallyChanged], reveal: bool = True) -> str:
    """The changes as a sentence; without ``reveal``, those to a hidden tally are left out, as in the log."""
    hidden = _hidden(deck, reveal)
    changes = [c for c in changes if c.tally not in hidden]
    return ("Effects: " + ", ".join(_change(deck, c, reveal) for c in changes) + "." if changes
            else "No change to the tallies.")


def _source(source: Source | None) -> str:
    if source is None:
        return "*Source:* not given in the deck."
    note = f" ({md(source.note)})" if source.note else ""
    return f"*Source:* {md(source.passage)}{note}"


def _analysis(text: str) -> str:
    return f"*Analysis:* {md(text)}" if text.strip() else "*Analysis:* none in the deck."


def _note(text: str) -> list[str]:
    """A part's note (material beyond the source), when it has one."""
    return [f"*Beyond the source:* {md(text)}", ""] if text.strip() else []


def _prompts(questions: tuple[str, ...]) -> list[str]:
    """Discussion prompts as a list, when there are any."""
    if not questions:
        return []
    return ["**For discussion:**", ""] + [f"- {md(q)}" for q in questions] + [""]


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def _head(game: Game, date: str | None) -> list[str]:
    meta, origin = game.deck.deck, game.deck.origin
    lines = [f"# After-action report: {md(meta.title)}", "", f"*Source:* {md(meta.source)}", ""]
    if meta.lesson.strip():
        lines += [f"> **The lesson:** {md(meta.lesson)}", ""]
    if meta.description.strip():
        lines += [md(meta.description), ""]
    deck_file = origin.path.replace("\\", "/").rsplit("/", 1)[-1] if origin else "not recorded"
    lines += [f"- **Date:** {md(date) if date else 'not recorded'}",
              f"- **Deck:** {md(meta.id)}, version {meta.version} (file {md(deck_file)}"
              + (f", sha256 {origin.sha256[:12]}" if origin else "") + ")", ""]
    return lines


def _who(game: Game, seat) -> str:
    config = game.setup.seats[seat.id]
    if config.kind == "human":
        return "played by people"
    style = next((st for st in seat.styles if st.id == config.style), None)
    if seat.role == "respond":
        return "played by the bot, following its hidden motive"
    if style is None and seat.styles:
        style = seat.styles[0]
    return "played by the bot" + (f", style {md(style.label)}" if style else "")


def _setup(game: Game, kept: list[_Entry]) -> list[str]:
    deck, state = game.deck, game.state
    played = _rounds_played(state)
    lines = ["## Setup", ""]
    for seat in deck.seats:
        role = "makes the offers" if seat.role == "offer" else "responds, with a hidden motive"
        lines.append(f"- **{md(seat.label)}** ({role}): {_who(game, seat)}")
    actors = ", ".join(f"{md(a.label)} ({a.dice or deck.deck.dice})" for a in deck.actors)
    lines += [f"- **Regional actors**, played by the dice: {actors}",
              f"- **Seed:** {game.setup.seed}",
              f"- **Rounds:** {state.rounds} at most; {played} played"
              + ("" if state.phase == "over" else f" (the game is not over: {_where(state)})"),
              f"- **Log:** {len(game.log)} actions, {sum(e.undone for e in _all(kept))} of them undone", ""]
    return lines


def _all(kept: list[_Entry]) -> list[_Entry]:
    return [t for e in kept for t in e.took_back]


def _where(state: GameState) -> str:
    phase = {"inject": "before the event", "offer": "at the offer", "response": "at the response",
             "reactions": "during the reactions", "tally": "before the tally", "guess": "before the guess"}
    return f"it stopped in round {state.round}, {phase.get(state.phase, state.phase)}"


def _timeline(deck: Deck, kept: list[_Entry], reveal: bool) -> list[str]:
    lines = ["## Timeline", ""]
    current: object = object()
    said: dict[str, str] = {}  # the modifier reasons given this round, and by whose roll: each is told once a round
    for entry in kept:
        if entry.round != current:
            said.clear()
        items = _items(deck, entry, reveal, said)
        if not items:
            continue
        if entry.round != current:
            current = entry.round
            lines += ["", f"### Round {entry.round}" if entry.round is not None else "### After the ending", ""]
        lines += items
    if len(lines) == 2:
        lines.append("Nothing has happened yet.")
    lines.append("")
    return lines


def _items(deck: Deck, entry: _Entry, reveal: bool, said: dict[str, str] | None = None) -> list[str]:
    """Bullet lines for one kept entry; the guess and scores have their own sections."""
    if isinstance(entry.action, Undo):
        return [_undo_line(deck, entry, reveal)]
    if isinstance(entry.action, Redo):
        return [_redo_line(deck, entry, reveal)]
    if isinstance(entry.action, Guess):  # the guess has its own section; what an override could not make again not
        return [line for x in entry.happened if isinstance(x, h.NotReplayed) and (line := _item(deck, x, [], reveal))]
    out: list[str] = []
    for beat in h.beats(entry.happened):
        line = _item(deck, beat.happening, list(beat.changes), reveal, said)
        if line:
            out.append(line)
    return out


def _item(deck: Deck, x: h.Happening, changes: list[h.TallyChanged], reveal: bool,
          said: dict[str, str] | None = None) -> str | None:
    match x:
        case h.EventDrawn(event=None, quiet=True):
            return "- **Event:** none: a quiet round."
        case h.EventDrawn(event=None):
            return "- **Event:** none could be drawn this round."
        case h.EventDrawn(event=str(event_id)):
            event = deck.event(event_id)
            by = f" (drawn by the facilitator: {md(x.injected)})" if x.injected else ""
            return f"- **Event{by}:** *{md(event.title)}* — {sentence(event.text)} {_effects(deck, changes, reveal)}"
        case h.CardPlayed(role="offer"):
            card = deck.option(x.card)
            return (f"- **Offer:** {md(_seat(deck, x.seat))} plays *{md(card.title)}* — {sentence(card.text)} "
                    f"{_effects(deck, changes, reveal)}")
        case h.CardPlayed():
            card = deck.response(x.card)
            return (f"- **Response:** {md(_seat(deck, x.seat))} answers *{md(card.title)}* — {sentence(card.text)} "
                    f"{_effects(deck, changes, reveal)}")
        case h.Passed():
            what = "Offer" if x.role == "offer" else "Response"
            return f"- **{what}:** {md(_seat(deck, x.seat))} passes (no card could be played)."
        case h.Rolled():
            return _roll_line(deck, x, changes, reveal, said)
        case h.StanceTaken():
            by = "its team" if x.by == "team" else "the bot"
            return (f"- **Stance — {md(deck.actor(x.actor).label)}** ({by}): *{md(x.label)}*, {x.value:+d} to its "
                    f"roll — {md(x.reason)}")
        case h.Overridden():
            actor = deck.actor(x.actor)
            old = md(actor.reactions[x.old_row].label)
            new = _row_words(deck, x.actor, x.row, end="")
            ruled = (f"total {x.old_total} ({old}) becomes {x.total} ({new})" if x.total != x.old_total
                     else f"{old} becomes {new}, the total {x.total} standing")
            return (f"- **Facilitator ruling — override** of {md(actor.label)}'s roll: {ruled}. "
                    f"*Reason:* {sentence(x.reason)} {_effects(deck, changes, reveal)}")
        case h.TallyChanged() if x.tally in _hidden(deck, reveal):  # an adjustment of a hidden tally
            return (f"- **Facilitator ruling — adjust:** {md(deck.tally(x.tally).label)} {md(HIDDEN_VALUE)}. "
                    f"*Reason:* {sentence(x.reason)}")
        case h.TallyChanged():  # an adjustment
            return f"- **Facilitator ruling — adjust:** {_change(deck, x)}. *Reason:* {sentence(x.reason)}"
        case h.Noted():
            return f"- **Facilitator ruling — note:** {md(x.text)}"
        case h.NotReplayed():
            return (f"- **Not made again after the override:** {md(action_words(deck, x.action))} — "
                    f"{sentence(x.reason)}")
        case h.RoundClosed():
            shown = [c for c in changes if c.tally not in _hidden(deck, reveal)]
            drift = f" {_effects(deck, shown, reveal)}" if shown else ""
            return (f"- *Tallies at the close of round {x.round}:* "
                    f"{_tallies_words(deck, x.tallies, _hidden(deck, reveal))}.{drift}")
        case h.SatOut():
            return f"- **{md(deck.actor(x.actor).label)}** does not roll this round."
        case h.CardsRetired():
            titles = ", ".join(counted(x.cards, lambda i: f"*{md(deck.option(i).title)}*"))
            return f"- **Leave the game** (played as often as they may be, or past their last round): {titles}."
        case h.EndingReached(final=False):
            return f"- **The game ends at once:** {md(deck.ending(x.ending).label)} (see *Ending*)."
        case h.EndingReached():
            return f"- **After the last round:** {md(deck.ending(x.ending).label)} (see *Ending*)."
    return None  # RoundStarted (the heading), HandDealt, the guess and the scores


def _row_words(deck: Deck, actor_id: str, row: int, end: str = ".") -> str:
    """``row 9–12: **Reassured** — what the actor does.``, ending with ``end`` unless the text already does."""
    r = deck.actor(actor_id).reactions[row]
    span = f"{r.min}" if r.min == r.max else f"{r.min}–{r.max}"
    words = f"row {span}: **{md(r.label)}**" + (f" — {md(r.text)}" if r.text.strip() else "")
    return words if words[-1] in ".!?…" else words + end


def _roll_line(deck: Deck, x: h.Rolled, changes: list[h.TallyChanged], reveal: bool,
               said: dict[str, str] | None = None) -> str:
    """A roll's line; with ``said``, a modifier whose reason was given this round says ``as for`` that roll."""
    actor = deck.actor(x.actor)
    modifiers = shown_rolled(x, reveal).modifiers  # False: as the room may know them
    bonus = x.dice_total - sum(x.faces)
    faces = " + ".join(map(str, x.faces)) + (f" {bonus:+d}" if bonus else "")

    def modifier(m: AppliedModifier) -> str:
        reason = folded_reason(said, m.reason, actor.label)
        if reason != m.reason:
            return f"{m.value:+d} {md(reason)}"
        return f"{m.value:+d} {md(m.reason)} ({_mod_source(deck, m, actor.id)})"

    mods = "; ".join(modifier(m) for m in modifiers)
    return (f"- **Roll — {md(actor.label)}** ({x.dice}): dice {faces} = {x.dice_total}; "
            f"modifiers: {mods or 'none'}; total **{x.total}** → {_row_words(deck, x.actor, x.row)} "
            f"{_effects(deck, changes, reveal)}")


def _mod_source(deck: Deck, m: AppliedModifier, actor_id: str) -> str:
    if m.source == "actor":
        return "standing"
    if m.source == "stance":  # the stance taken for this roll, by the actor's team or bot
        stance = next((st for st in deck.actor(actor_id).stances if st.id == m.source_id), None)
        return f"stance: {md(stance.label)}" if stance is not None else "stance"
    lookup: dict[str, Callable[[str], Card | Event]] = {"event": deck.event, "offer": deck.option, "response": deck.response}
    title = lookup[m.source](m.source_id).title
    return f"{m.source}: {md(title)}"


def _tallies_words(deck: Deck, tallies: dict[str, int], hidden: frozenset[str] = frozenset()) -> str:
    return ", ".join(f"{md(t.label)} {md(HIDDEN_VALUE)}" if t.id in hidden else f"{md(t.label)} {tallies[t.id]}/{t.max}"
                     for t in deck.tallies)


def _undo_line(deck: Deck, entry: _Entry, reveal: bool) -> str:
    action = entry.action
    assert isinstance(action, Undo)
    reason = f" *Reason:* {sentence(action.reason)}" if action.reason.strip() else " No reason given."
    taken = []
    for e in entry.took_back:
        words = " ".join(" ".join(describe(deck, e.happened, reveal=reveal)).split())
        taken.append(md(words) if words else md(_action_words(deck, e.action)))
    return (f"- **Facilitator ruling — undo** of {action.n} action{'s' if action.n != 1 else ''}.{reason} "
            f"Taken back: " + "; ".join(f"«{t}»" for t in taken) + ".")


def _redo_line(deck: Deck, entry: _Entry, reveal: bool) -> str:
    action = entry.action
    assert isinstance(action, Redo)
    reason = f" *Reason:* {sentence(action.reason)}" if action.reason.strip() else ""
    n = len(entry.took_back)
    back = []
    for e in entry.took_back:
        words = " ".join(" ".join(describe(deck, e.happened, reveal=reveal)).split())
        back.append(md(words) if words else md(_action_words(deck, e.action)))
    return (f"- **Facilitator ruling — redo** of the last undo: {n} action{'s' if n != 1 else ''} put back.{reason} "
            f"Put back: " + "; ".join(f"«{t}»" for t in back) + ".")


def _action_words(deck: Deck, action: Action) -> str:
    return {"draw": "the event draw", "close": "the close of the round", "roll": "a roll"}.get(action.TYPE, action.TYPE)


def _rulings(deck: Deck, kept: list[_Entry]) -> list[str]:
    rulings = [e for e in kept if e.action.seat == "facilitator"]
    lines = ["## Facilitator rulings", ""]
    if not rulings:
        return lines + ["The facilitator made no rulings.", ""]
    kinds = {"override": "override", "adjust": "adjust", "note": "note", "inject": "event drawn by name", "undo": "undo",
             "redo": "redo"}
    lines.append(f"{len(rulings)} ruling{'s' if len(rulings) != 1 else ''}, each also shown in the timeline:")
    lines.append("")
    for e in rulings:
        where = f"round {e.round}" if e.round is not None else "after the ending"
        reason = _ruling_words(e.action)
        lines.append(f"- **Facilitator ruling — {kinds[e.action.TYPE]}** ({where}): {md(reason) or 'no reason given'}")
    return lines + [""]


def _ruling_words(action: Action) -> str:
    """What the facilitator said of a ruling: a note's text, the reason given for the others ("" for none)."""
    if isinstance(action, Note):
        return action.text
    if isinstance(action, (Override, Adjust, Inject, Undo, Redo)):
        return action.reason
    return ""


def _rounds_played(state: GameState) -> int:
    return len(state.history) + (1 if _unfinished_round(state) else 0)


def _unfinished_round(state: GameState) -> bool:
    """Whether the current round has begun (its event drawn) but was not closed."""
    closed = bool(state.history) and state.history[-1].round == state.round
    return not closed and state.phase != "inject"


def tally_rows(state: GameState) -> list[tuple[str, dict[str, int]]]:
    deck = state.deck
    rows = [("Start", {t.id: t.start for t in deck.tallies})]
    rows += [(f"Round {r.round}", r.tallies) for r in state.history]
    if _unfinished_round(state):
        rows.append((f"Round {state.round} ({'ended' if state.ending else 'so far'})", dict(state.tallies)))
    elif rows[-1][1] != state.tallies:
        rows.append(("Final" if state.ending else "Now", dict(state.tallies)))
    return rows


def _tallies(state: GameState, reveal: bool = True) -> list[str]:
    """The tallies round by round, as a table and as charts; without ``reveal`` (a game not over), a tally hidden
    from a seat shows ``?`` and no chart."""
    deck = state.deck
    hidden = _hidden(deck, reveal)
    rows = tally_rows(state)
    lines = ["## Tallies", ""]
    if hidden:
        names = ", ".join(md(t.label) for t in deck.tallies if t.id in hidden)
        lines += [f"Hidden from a seat until the game is over, and so not shown here: {names} (`?`).", ""]
    elif any(t.hidden_from for t in deck.tallies):
        names = ", ".join(f"{md(t.label)} (from {md(', '.join(_seat(deck, s) for s in t.hidden_from))})"
                          for t in deck.tallies if t.hidden_from)
        lines += [f"Hidden during the game, revealed here: {names}.", ""]
    lines += [_row(["When"] + [md(t.label) for t in deck.tallies]), _row(["---"] + ["---:" for _ in deck.tallies])]
    lines += [_row([md(label)] + ["?" if t.id in hidden else str(values[t.id]) for t in deck.tallies])
              for label, values in rows]
    lines += ["", "```"]
    for i, t in enumerate(t for t in deck.tallies if t.id not in hidden):
        if i:
            lines.append("")
        lines += tally_chart(t.label, t.min, t.max, [(label, values[t.id]) for label, values in rows])
    lines += ["```", ""]
    for t in deck.tallies:  # where a tally comes from, when the deck says
        if t.source is not None or t.note.strip():
            lines += [f"*{md(t.label)}.*" + (f" {_source(t.source)}" if t.source else ""), "", *_note(t.note)]
    return lines


#: The characters of a chart: plain ones for the report (readable anywhere), blocks and lines for the screen.
ASCII = {"fill": "#", "empty": ".", "edge": "|", "left": "+", "right": "+", "rule": "-"}
BLOCKS = {"fill": "█", "empty": "·", "edge": "│", "left": "└", "right": "┘", "rule": "─"}


def tally_chart(label: str, low: int, high: int, rows: list[tuple[str, int]], *, cells: int | None = None,
                chars: dict[str, str] = ASCII) -> list[str]:
    """A tally's history as a bar chart: a title with its range, a bar per row labelled with its round (``Start``,
    ``Round 1`` ...) and its value, then the value axis with the range's ends (and its middle, when whole) under
    the bars' ends. ``cells``: the width of the whole range (default: a cell per step, at most `CHART_WIDTH`)."""
    span = max(high - low, 1)
    cells = cells or min(span, CHART_WIDTH)
    width = max(len(name) for name, _ in rows)
    digits = max(len(str(low)), len(str(high)))
    lines = [f"{' '.join(visible(label).split())} ({low} to {high})"]
    for name, value in rows:
        filled = round((min(max(value, low), high) - low) * cells / span)
        bar = chars["fill"] * filled + chars["empty"] * (cells - filled)
        lines.append(f"  {name:<{width}} {value:>{digits}} {chars['edge']}{bar}{chars['edge']}")
    pad = " " * (2 + width + 1 + digits + 1)
    lines.append(pad + chars["left"] + chars["rule"] * cells + chars["right"])
    ticks = [" "] * (cells + 2 + len(str(high)))
    marks = [(0, str(low)), (cells + 1, str(high))]
    if (high - low) % 2 == 0 and cells >= 8:
        marks.insert(1, ((cells + 1) // 2, str((low + high) // 2)))
    for at, text in marks:
        start = max(0, min(at - len(text) // 2, len(ticks) - len(text))) if at else 0
        if at == cells + 1:
            start = at - len(text) + 1
        ticks[start:start + len(text)] = text
    lines.append(pad + "".join(ticks).rstrip())
    return lines


#: The heights of a belief chart's cells, from a sliver to all of it (eighths).
LEVELS = "▁▂▃▄▅▆▇█"


def belief_chart(deck: Deck, track: list[Belief]) -> list[str]:
    """What the evidence said, as a chart: a row per motive, a column per round (``start``, then each round's
    response), each cell a block as tall as the chance (``·`` for none), then the chance at the end in figures."""
    names = [" ".join(visible(m.label).split()) for m in deck.motives]
    width = max(len("Round"), *(len(n) for n in names))
    heads = ["start", *(str(b.round) for b in track[1:])]
    col = max(len(h) for h in heads) + 1
    lines = ["Each motive's chance after each response (█ certain, · ruled out)",
             f"{'Round':<{width}}  " + "".join(h.center(col) for h in heads) + "  end"]
    for m, name in zip(deck.motives, names, strict=True):
        cells = "".join(_level(b.posterior[m.id]).center(col) for b in track)
        lines.append(f"{name:<{width}}  {cells}  {_percent(track[-1].posterior[m.id]):>4}")
    return lines


def _level(p: Fraction) -> str:
    return "·" if p == 0 else LEVELS[max(0, min(len(LEVELS) - 1, round(p * len(LEVELS)) - 1))]


def standing(deck: Deck, scores: dict[str, int]) -> list[str]:
    """Who came out ahead against their starting position: a score is measured against the status quo (0), so a
    seat above 0 ended ahead of where it started and one below 0 behind. A sentence that says so, then one per seat,
    then who came out ahead."""
    lines = ["Scores are measured against the status quo: every seat starts at 0, so above 0 is ahead of where it "
             "started and below 0 is behind."]
    for seat in deck.seats:
        points = scores.get(seat.id, 0)
        where = ("ahead of its starting position" if points > 0 else "behind its starting position" if points < 0
                 else "level with its starting position")
        lines.append(f"{visible(seat.label)}: {points:+d}, {where}.")
    ahead = [visible(s.label) for s in deck.seats if scores.get(s.id, 0) > 0]
    best = max((scores.get(s.id, 0) for s in deck.seats), default=0)
    if not ahead:
        lines.append("No seat came out ahead of where it started.")
    else:
        top = [visible(s.label) for s in deck.seats if scores.get(s.id, 0) == best]
        lines.append(f"Came out ahead: {and_list(ahead)}" + (f"; furthest ahead: {and_list(top)}." if len(ahead) > 1
                                                               and len(top) < len(ahead) else "."))
    return lines


def _ending(state: GameState, kept: list[_Entry]) -> list[str]:
    lines = ["## Ending", ""]
    if state.ending is None:
        return lines + [f"No ending yet: {_where(state)}.", ""]
    ending = state.deck.ending(state.ending)
    reached = next((x for e in kept for x in e.happened if isinstance(x, h.EndingReached)), None)
    how = ("reached during play, which ended the game at once" if reached and not reached.final
           else "read when the last round was over")
    lines += [f"**{md(ending.label)}** ({how}): {md(ending.text)}", ""]
    if ending.source is not None:
        lines += [_source(ending.source), ""]
    lines += [_analysis(ending.analysis), "", *_note(ending.note), *_prompts(ending.prompts)]
    return lines


def _motive(game: Game, kept: list[_Entry]) -> list[str]:
    deck, state = game.deck, game.state
    respond = deck.seat_by_role("respond")
    lines = ["## The hidden motive", ""]
    guessed = next((x for e in kept for x in e.happened if isinstance(x, h.Guessed)), None)
    if guessed is None:
        return lines + [f"Not revealed: the game stopped before {md(_seat(deck, state.offer_seat))} "
                        f"named {md(respond.label)}'s motive.", ""]
    motive = deck.motive(guessed.actual)
    if guessed.spread:
        lines += ["**The chances given:** " + ", ".join(f"{md(deck.motive(m).label)} {n}%" for m, n in guessed.spread)
                  + f" (scored by the {md(deck.deck.guess_rule)} rule).", ""]
    lines += [f"**The guess:** {md(_seat(deck, guessed.seat))} named **{md(deck.motive(guessed.motive).label)}** — "
              f"{'right' if guessed.correct else 'wrong'}.", "",
              f"**The reveal:** {md(respond.label)}'s hidden motive was **{md(motive.label)}** — {md(motive.text)}", "",
              _source(motive.source), "", _analysis(motive.analysis), "", *_note(motive.note),
              *_prompts(motive.prompts)]
    return lines


def _evidence(game: Game, kept: list[_Entry]) -> list[str]:
    """The belief track (`tabletop.engine.belief`): after each response, each motive's chance as a perfect analyst
    would give it, beside the guess; shown once the motive is revealed."""
    deck = game.deck
    guessed = next((x for e in kept for x in e.happened if isinstance(x, h.Guessed)), None)
    if guessed is None or len(deck.motives) < 2:
        return []
    track = belief_track(game.states)
    lines = ["## What the evidence said", "",
             "After each response, the chance of each motive that a perfect analyst would give: one who knows the "
             "deck's draw weights and how each motive plays (its bot policy), and sees only the responses.", "",
             _row(["After", "Response", *(md(m.label) for m in deck.motives)]),
             _row(["---", "---", *("---:" for _ in deck.motives)])]
    for b in track:
        after = "the start" if b.round == 0 else f"round {b.round}"
        response = "—" if b.round == 0 else (md(deck.response(b.response).title) if b.response else "passed")
        lines.append(_row([after, response, *(_chance(b.posterior[m.id]) for m in deck.motives)]))
    lines += ["", "```", *belief_chart(deck, track), "```"]
    last = track[-1].posterior
    likeliest = max(deck.motives, key=lambda m: last[m.id])  # the first of the likeliest, as the bot guesses
    lines += ["", f"**What the evidence said at the end:** {md(likeliest.label)} ({_percent(last[likeliest.id])}). "
              f"**The guess:** {md(deck.motive(guessed.motive).label)}. "
              f"**The motive:** {md(deck.motive(guessed.actual).label)}.", ""]
    return lines


def _percent(p: Fraction) -> str:
    return f"{round(p * 100)}%"


def _chance(p: Fraction) -> str:
    """A chance as a percent and a bar of ten blocks (a block for each full 10%)."""
    return f"{_percent(p)} {'█' * int(p * 10)}".rstrip()


def _scores(deck: Deck, kept: list[_Entry], actors: Mapping[str, ActorConfig] | None = None) -> list[str]:
    lines = ["## Scores", ""]
    scored = [x for e in kept for x in e.happened if isinstance(x, h.Scored)]
    over = next((x for e in kept for x in e.happened if isinstance(x, h.GameOver)), None)
    if over is None:
        return lines + ["No scores yet: the game is not over.", ""]
    lines += [_row(["Seat", "Points", "Reason"]), _row(["---", "---:", "---"])]
    lines += [_row([md(_seat(deck, x.seat)), f"{x.points:+d}", md(x.reason)]) for x in scored]
    if not scored:
        lines.append(_row(["—", "0", "no scoring rule applied"]))
    lines += ["", "**Final scores:** " + ", ".join(f"{md(_seat(deck, seat))} {points}"
                                                   for seat, points in over.scores.items()), ""]
    words = standing(deck, dict(over.scores))
    lines += [f"**Against the start:** {md(words[0])}", ""] + [f"- {md(w)}" for w in words[1:-1]] + ["",
                                                                                                  md(words[-1]), ""]
    return lines + _objective_scores(deck, kept, actors or {})


def _objective_scores(deck: Deck, kept: list[_Entry], actors: Mapping[str, ActorConfig]) -> list[str]:
    """The objectives of the actors a team or a bot played, scored beside the seats (the game is over: secret
    objectives are told too, marked as such)."""
    played = [a for a in deck.actors if a.objectives and a.id in actors and actors[a.id].kind != "dice"]
    if not played:
        return []
    scored = [x for e in kept for x in e.happened if isinstance(x, h.ObjectiveScored)]
    lines = ["### Regional actors' objectives", "", _row(["Actor", "Played by", "Points", "Reason"]),
             _row(["---", "---", "---:", "---"])]
    for actor in played:
        mine = [x for x in scored if x.actor == actor.id]
        who = actors[actor.id].kind
        for x in mine:
            reason = md(x.reason) + (" (secret objective)" if x.secret else "")
            lines.append(_row([md(actor.label), who, f"{x.points:+d}", reason]))
        if not mine:
            lines.append(_row([md(actor.label), who, "0", "no objective met"]))
    totals = {a.id: sum(x.points for x in scored if x.actor == a.id) for a in played}
    lines += ["", "**Actors' totals:** " + ", ".join(f"{md(a.label)} {totals[a.id]}" for a in played), ""]
    return lines


def _cards(deck: Deck, kept: list[_Entry]) -> list[str]:
    plays: dict[tuple[str, str], list[int | None]] = {}
    events: dict[str, list[int | None]] = {}
    for e in kept:
        for x in e.happened:
            if isinstance(x, h.CardPlayed):
                plays.setdefault((x.role, x.card), []).append(e.round)
            elif isinstance(x, h.EventDrawn) and x.event is not None:
                events.setdefault(x.event, []).append(e.round)
    lines = ["## Cards played", ""]
    if not plays:
        lines += ["No card was played.", ""]
    for (role, card_id), rounds in plays.items():
        card = deck.option(card_id) if role == "offer" else deck.response(card_id)
        seat = deck.seat_by_role(role)
        kind = "option card" if role == "offer" else "response card"
        lines += [f"### {md(card.title)}", "",
                  f"*{kind.capitalize()}, played by {md(seat.label)} in {_rounds_words(rounds)}.*", "",
                  md(card.text), "", _source(card.source), "", _analysis(card.analysis), "", *_note(card.note)]
    if events:
        lines += ["## Events drawn", ""]
        for event_id, rounds in events.items():
            event = deck.event(event_id)
            lines += [f"### {md(event.title)}", "", f"*Drawn in {_rounds_words(rounds)}.*", "",
                      md(event.text), "", _source(event.source), "", _analysis(event.analysis), "",
                      *_note(event.note)]
    return lines


def _actor_sources(deck: Deck) -> list[str]:
    """Where the regional actors, their reactions and their modifiers come from, for those the deck gives a source
    or a note; nothing when it gives none."""
    lines: list[str] = []
    for actor in deck.actors:
        parts: list[str] = []
        if actor.source is not None or actor.note.strip():
            parts += ([_source(actor.source), ""] if actor.source is not None else []) + _note(actor.note)
        for row in actor.reactions:
            if row.source is not None or row.note.strip():
                parts += [f"- *{md(row.label)}* ({row.min}–{row.max}): "
                          + " ".join(x for x in ((_source(row.source) if row.source else ""),
                                                 (f"*Beyond the source:* {md(row.note)}" if row.note.strip() else "")) if x)]
        for mod in actor.modifiers:
            if mod.source is not None or mod.note.strip():
                parts += [f"- *{md(mod.reason)}* ({mod.value:+d}): "
                          + " ".join(x for x in ((_source(mod.source) if mod.source else ""),
                                                 (f"*Beyond the source:* {md(mod.note)}" if mod.note.strip() else "")) if x)]
        if parts:
            lines += [f"### {md(actor.label)}", "", *parts, ""]
    return ["## Where the regional actors come from", "", *lines] if lines else []


def _rounds_words(rounds: list[int | None]) -> str:
    named = [str(r) for r in rounds if r is not None]
    if not named:
        return "the end of the game"
    return ("round " if len(named) == 1 else "rounds ") + ", ".join(named)
