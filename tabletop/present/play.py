"""Play a whole game in plain text: table steps and bots move by themselves, people choose from numbered menus.

Who moves and the menu come from the engine (`tabletop.engine.decisions.decide`); the log and the menus say what
the room may know; what only one seat may know (its hidden motive, its hidden tallies) comes from that seat's view,
shown at its prompt on request (``0``).

Every line and prompt is `visible`: deck text reaches the terminal without its control characters
(``input()`` writes its prompt to the terminal itself, past any filter on ``sys.stdout``).
"""

from __future__ import annotations

from collections.abc import Callable

from ..deck.model import Deck
from ..engine.actions import Action, Guess, Roll
from ..engine.decisions import Decision, MenuItem, decide
from ..engine.game import Game
from ..engine.state import ActorConfig, GameState, SeatConfig, Setup
from ..engine.views import next_roll, stance_odds, view
from ..invocation import command
from ..safetext import visible
from .text import card_line, describe, heading, odds_lines, secret_lines

PROMPTS = {"offer": "choose an option card", "response": "choose a response", "guess": "name the hidden motive"}


def run_headless(deck: Deck, seats: dict[str, SeatConfig], seed: int, rounds: int | None = None,
                 out: Callable[[str], object] = print, ask: Callable[[str], str] = input,
                 actors: dict[str, ActorConfig] | None = None) -> Game:
    """Play until the game is over, or until ``ask`` runs out of input (EOF); return the game either way."""
    game = Game(deck, Setup(seats, seed, rounds, dict(actors or {})))
    for line in header(game):
        out(line)
    continue_headless(game, out, ask)
    return game


def header(game: Game) -> list[str]:
    """The deck's title, the seed, the number of rounds and who plays each seat."""
    deck, seats = game.deck, game.setup.seats
    return [visible(f"{deck.deck.title} — seed {game.setup.seed}, {game.state.rounds} rounds"),
            visible("Seats: " + ", ".join(f"{s.label} ({s.id}) {_who(seats[s.id])}" for s in deck.seats))] + (
        [visible("Regional actors: " + ", ".join(
            f"{a.label} ({a.id}) " + (game.setup.actors[a.id].kind if a.id in game.setup.actors else "dice")
            + (f" ({game.setup.actors[a.id].stance})" if a.id in game.setup.actors and game.setup.actors[a.id].stance
               else "") for a in deck.actors))] if game.setup.actors else [])


#: The callback of an extra choice, called with the prompt's ``ask`` and ``out``.
Answer = Callable[[Callable[[str], str], Callable[[str], object]], object]
#: Extra choices at a person's prompt: (key, words, callback(ask, out)), asked for before each prompt.
Extra = Callable[[], list[tuple[str, str, Answer]]]


def continue_headless(game: Game, out: Callable[[str], object] = print, ask: Callable[[str], str] = input,
                      extra: Extra | None = None) -> bool:
    """Play ``game`` on from where it is; True when it is over, False when ``ask`` ran out of input (EOF).

    ``extra`` offers more choices at each prompt than the game's moves (saving
    elsewhere, say): each is answered by its callback, and the prompt comes again.
    """
    while (decision := decide(game.state)).mover is not None:
        if isinstance(decision.action, Roll) and (odds := next_roll(view(game.state, None))) is not None:
            for line in odds_lines(game.deck, odds):  # before the dice fall, as the room may know them
                out(line)
        action = decision.action or _choose(game.state, decision, out, ask, extra)
        if action is None:
            out(f"\nInput closed: the game stops in round {game.state.round} after {len(game.log)} actions.")
            return False
        for line in describe(game.deck, game.act(action)):
            out(line)
    return True


def _who(config: SeatConfig) -> str:
    return config.kind + (f" ({config.style})" if config.style else "")


def _choose(state: GameState, decision: Decision, out: Callable[[str], object], ask: Callable[[str], str],
            extra: Extra | None = None) -> Action | None:
    """Ask a person for one of the choices of ``decision`` (the engine's menu); None on end of input."""
    out = _visible(out)
    deck = state.deck
    if any(item.kind == "stance" for item in decision.menu):
        return _choose_stance(state, decision, out, ask, extra)
    seat = next(s for s in deck.seats if s.id == decision.mover)
    choices = decision.choices
    out(f"\n{seat.label}, {PROMPTS[decision.phase]}:")
    if decision.phase == "offer":
        out("  Hand: " + ", ".join(item.title + (f" ×{item.copies}" if item.copies > 1 else "")
                                   + (" (always in hand)" if item.card and deck.option(item.card).standing else "")
                                   for item in decision.menu if item.kind == "play"))
    private = secret_lines(state, seat.id)  # its hidden motive and hidden tallies: from its own view only
    secret = bool(private)
    if secret:
        motive_only = all(line.startswith(("Hidden motive: ", "  scores: ")) for line in private)
        what = "the hidden motive" if motive_only else "what only you know"
        out(f"  0. Show {what} ({seat.label} only: make sure nobody else is watching)")
    for i, item in enumerate(choices, 1):
        out(f"  {i}. {_label(deck, item)}")
    for item in decision.menu:
        if not item.playable and item.kind == "play":  # shown, with why, so that the table can talk about it
            out(f"  -  {_label(deck, item)}")
    if decision.phase == "guess" and deck.deck.guess_rule != "name":
        return _ask_spread(state, decision, out, ask, seat.label)
    while True:
        more = {key: (words, callback) for key, words, callback in (extra() if extra else [])}
        for key, (words, _) in more.items():
            out(f"  {key}. {words}")
        try:
            answer = ask(visible(f"{seat.label}> ")).strip()
        except EOFError:
            return None
        if answer.lower() in more:
            more[answer.lower()][1](ask, out)
        elif answer == "?":
            for line in explain_prompt(decision, seat.label, secret, more):
                out(line)
        elif secret and answer == "0":
            for line in private:
                out(line)
        elif answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1].action
        else:
            out(f"Please type a number from {0 if secret else 1} to {len(choices)}, or ? for help.")


#: What each kind of prompt is about, for ``?``.
ABOUT = {
    "offer": "{seat} offers one option card from its hand this round. Its price is shown beside it: what it does to "
             "the tallies if played now, which regional rolls it shifts and by how much, and when it may be played. "
             "Cards marked - cannot be played now, and say why.",
    "response": "{seat} answers the offer with one response card. Its price is shown beside it: what it does to the "
                "tallies, which regional rolls it shifts and by how much, and when it may be played. Cards marked - "
                "cannot be played now, and say why.",
    "guess": "The game is over: before the hidden motive is revealed, {seat} names the motive it believes the other "
             "side was playing for. A right guess scores.",
}


def explain_prompt(decision: Decision, seat: str, secret: bool, more: dict[str, tuple[str, Answer]]) -> list[str]:
    """What the prompt asks and how to answer it (``?`` at a prompt)."""
    n = len(decision.choices)
    lines = [ABOUT[decision.phase].format(seat=seat),
             f"Type a number from 1 to {n} and press Enter to choose." if n > 1 else "Type 1 and press Enter.",
             "The table's own steps follow by themselves: events, the other seat's bot, and the regional rolls, each "
             "with its odds first."]
    if secret:
        lines.append(f"Type 0 to see what only {seat} knows: make sure nobody else is watching.")
    lines += [f"Type {key}: {words}." for key, (words, _) in more.items()]
    lines.append(f"End of input (ctrl+d) stops the game; it is saved, and `{command()} resume` goes on from there.")
    return [visible(line) for line in lines]


def _ask_spread(state: GameState, decision: Decision, out: Callable[[str], object], ask: Callable[[str], str],
                label: str) -> Action | None:
    """A guess as a spread: a whole percent for each motive, in the order listed, adding up to 100 (the deck's
    ``guess_rule`` scores it); None on end of input."""
    motives = [item.card for item in decision.choices if item.card is not None]
    out(f"  Give each motive a chance in whole percent, in this order, adding up to 100 "
        f"(e.g. {' '.join(str(n) for n in _even(len(motives)))}); the {state.deck.deck.guess_rule} rule scores it.")
    while True:
        try:
            answer = ask(visible(f"{label}> ")).replace(",", " ").replace("%", " ").split()
        except EOFError:
            return None
        if answer == ["?"]:
            out(visible(f"{label} says how likely each hidden motive is, before it is revealed: the motives are listed "
                        f"above, and the {state.deck.deck.guess_rule} rule scores the chances given, most for "
                        "certainty on the right one. Type one whole number per motive, in that order."))
            continue
        if len(answer) != len(motives) or not all(a.isdigit() for a in answer) or sum(map(int, answer)) != 100:
            out(f"Please type {len(motives)} whole numbers adding up to 100, or ? for help.")
            continue
        pairs = tuple(zip(motives, map(int, answer), strict=True))
        likeliest = max(pairs, key=lambda p: (p[1], -motives.index(p[0])))[0]
        return Guess(state.offer_seat, likeliest, pairs)


def _choose_stance(state: GameState, decision: Decision, out: Callable[[str], object], ask: Callable[[str], str],
                   extra: Extra | None = None) -> Action | None:
    """Ask the team playing a regional actor for its stance before the roll, showing the odds under each stance as
    the room may know them (`tabletop.engine.views.stance_odds`); None on end of input."""
    deck = state.deck
    actor_id = decision.mover
    assert actor_id is not None
    label = deck.actor(actor_id).label
    out(f"\n{label} (its team), choose a stance before the roll: each bends this roll only.")
    under = dict((st.id, odds) for st, odds in stance_odds(view(state, None), actor_id))
    choices = decision.choices
    for i, item in enumerate(choices, 1):
        assert item.card is not None
        odds = under[item.card]
        shift = item.shifts[0]
        rows = ", ".join(f"{row.label} {float(p) * 100:.0f}%" for row, p in odds.rows)
        out(f"  {i}. {item.title} ({shift.value:+d}: {shift.reason}) — odds: {rows}")
    for item in decision.menu:
        if not item.playable:
            out(f"  -  {item.title} (cannot be taken now: needs {item.why_not})")
    while True:
        more = {key: (words, callback) for key, words, callback in (extra() if extra else [])}
        for key, (words, _) in more.items():
            out(f"  {key}. {words}")
        try:
            answer = ask(visible(f"{label}> ")).strip()
        except EOFError:
            return None
        if answer.lower() in more:
            more[answer.lower()][1](ask, out)
        elif answer == "?":
            out(f"The team playing {label} takes one of its stances before its roll: the stance's number is added "
                "to this roll only, and the odds of each row under each stance are listed beside it. The dice "
                f"still decide. Type a number from 1 to {len(choices)} and press Enter.")
        elif answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1].action
        else:
            out(f"Please type a number from 1 to {len(choices)}, or ? for help.")


def _even(n: int) -> list[int]:
    """100 shared out as evenly as whole numbers allow, e.g. 34 33 33."""
    return [100 // n + (1 if i < 100 % n else 0) for i in range(n)]


def _visible(out: Callable[[str], object]) -> Callable[[str], object]:
    return lambda line: out(visible(line))


def _label(deck: Deck, item: MenuItem) -> str:
    match item.kind:
        case "play":  # one line: deck text cannot fake a menu
            return " ".join(f"{heading(item)} — {item.text} [{card_line(deck, item)}]".split())
        case "pass":
            return "Pass (no card can be played now)"
    return item.title  # a motive to name
