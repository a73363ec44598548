"""Simulate many bot-vs-bot games headlessly, to check a deck's balance.

Every game is a real game: `new_game`, then `automatic_action` (the bots'
moves and the table's steps) and the rules' `apply` until the game is over,
exactly as `tabletop play` plays with bots in every seat (without `Game`'s undo history, which nobody needs here).
Game ``i`` (counting from 0) uses the seed `game_seed(seed, i)`, a 64-bit
number mixed from the base seed and ``i`` (so that runs with nearby base seeds
share no games), and the offer seat's style ``styles[i % len(styles)]``: the
styles are the offer seat's bot styles in deck order (or the one given), so
games are split evenly across them. Any game can be watched again with
``tabletop play --seed GAME_SEED --seats OFFER=bot:STYLE,RESPOND=bot``.

Games are played in chunks, in this process or in worker processes (each
worker receives the deck once). A chunk returns integer counts only
(`Counts`), which add up exactly, so the result is the same for any number of
jobs and any chunking: `SimulationResult.to_json` is identical for the same
deck, seed and number of games.

Dominance warnings (`DominanceWarning`) follow two rules, both about option cards:

- **choice**: for *every* style simulated, the card was playable in at least
  `CHOICE_MIN_TURNS` offer turns, and the bot played it in more than
  `CHOICE_SHARE` (half) of those turns *and* in at least `CHOICE_OVER_FAIR`
  (twice) its fair share, the share it would get if the bot picked uniformly
  among the distinct playable cards (the mean of 1/k over those turns, with k
  cards playable). Styles that disagree about a card never trigger this: it
  fires only when even the styles built to prefer other things reach for it.
- **outcome**: the card decides games. Each offer turn where the card was
  playable is counted once with the game's ending, as a turn where the bot
  played it or a turn where it played something else. Within each style,
  where both kinds of turn number at least `OUTCOME_MIN_TURNS`, the total
  variation distance between their ending distributions is taken (half the
  sum of the absolute differences of the ending rates: 0 for the same mix of
  endings, 1 for disjoint ones). The rule fires when the mean of these
  distances, weighted by the turns counted, is above `OUTCOME_DISTANCE`
  (0.4: the card moves at least 40% of games to another ending; with 100
  turns or more on each side, sampling noise alone gives distances of about
  0.1 to 0.15).
  Comparing turns where the card *could* have been played, style by style,
  keeps out the differences that come from the styles themselves, from the
  card's ``requires`` and from the length of games (a short game offers fewer
  turns of both kinds); it is still an association, not a proof of cause.

Nothing here imports a user-interface library.
"""

from __future__ import annotations

import gc
import itertools
import json
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from fractions import Fraction

from attrs import define, evolve, field, fields, frozen

from ..deck.model import Deck
from ..engine.actions import Action, Play
from ..engine.bots import automatic_action, bot_move
from ..engine.happenings import CardPlayed, EventDrawn, GameOver, Guessed, Passed, Rolled, StanceTaken
from ..engine.limits import check_rounds, check_seed
from ..engine.rng import Rng
from ..engine.rules import Playout, new_game
from ..engine.state import ActorConfig, GameState, SeatConfig
from ..records import Record
from ..safetext import one_line, visible
from ..workers import stop_pool, watch_parent

#: The choice rule: played in more than this share of the turns where it was playable, by every style ...
CHOICE_SHARE = 0.5
#: ... and at least this many times its fair (uniform) share ...
CHOICE_OVER_FAIR = 2.0
#: ... with at least this many such turns for each style.
CHOICE_MIN_TURNS = 20
#: The outcome rule: total variation distance between the endings of games with and without the card.
OUTCOME_DISTANCE = 0.4
#: The outcome rule needs, for a style to count, at least this many turns where the card was played and as many where it was passed over.
OUTCOME_MIN_TURNS = 100

#: The style key used when the offer seat has no bot styles.
NO_STYLE = "default"


class SimulationError(RuntimeError):
    """A simulated game failed: the message names its seed and style so that it can be replayed."""


# --------------------------------------------------------------------------
# Raw counts: what games produce, merged by adding
# --------------------------------------------------------------------------


def _counter():
    return field(factory=Counter)


@define(repr=False)
class Counts(Record):
    """Integer counts over a set of games. Keys are tuples; `merge` adds another set's counts exactly."""

    games: Counter = _counter()  # (style, motive, ending) -> games
    tallies: Counter = _counter()  # (style, tally, final value) -> games
    scores: Counter = _counter()  # (style, seat, score) -> games
    length: Counter = _counter()  # (style, rounds played) -> games
    played: Counter = _counter()  # (style, option) -> times played
    playable: Counter = _counter()  # (style, option, k) -> offer turns where it was one of k distinct playable cards
    offer_turns: Counter = _counter()  # (style,) -> offer turns
    offer_passes: Counter = _counter()  # (style,) -> offer turns passed
    responses: Counter = _counter()  # (motive, response) -> times played
    response_turns: Counter = _counter()  # (motive,) -> response turns
    response_passes: Counter = _counter()  # (motive,) -> response turns passed
    events: Counter = _counter()  # (event or "",) -> rounds ("" when no event could be drawn)
    rows: Counter = _counter()  # (actor, row) -> rolls landing on that row
    rolls: Counter = _counter()  # (dice notation,) -> regional rolls made with those dice
    card_endings: Counter = _counter()  # (style, option, played?, ending) -> offer turns where the option was playable
    card_scores: Counter = _counter()  # (style, option, played?, seat) -> sum of the seat's final scores over those turns
    card_games: Counter = _counter()  # (option,) -> games where it was played at least once
    guesses: Counter = _counter()  # (actual motive, guessed motive) -> games
    guess_detail: Counter = _counter()  # (style, actual motive, tested?, right?) -> games
    motive_scores: Counter = _counter()  # (style, motive, seat) -> sum of the seat's final scores
    bits_drop: Counter = _counter()  # (motive, response) -> the analyst's entropy drops on seeing it, in microbits
    bits_left: Counter = _counter()  # (motive,) -> the analyst's entropy at the end of each game, in microbits
    fork_points: Counter = _counter()  # (style, motive, round, k) -> games forked at an offer turn of k options
    cf_forks: Counter = _counter()  # (style, option, motive, k) -> fork points where the option was one of k
    cf_sum: Counter = _counter()  # (style, option, motive, seat, k) -> sum of k * its score - the k forks' total
    cf_squares: Counter = _counter()  # (style, option, motive, seat, k) -> sum of the squares of the same
    stances: Counter = _counter()  # (actor, stance) -> times a bot took it (games with actors played by bots)

    def merge(self, other: Counts) -> Counts:
        for f in fields(Counts):
            getattr(self, f.name).update(getattr(other, f.name))
        return self


def styles_of(deck: Deck) -> list[str | None]:
    """The offer seat's bot styles in deck order, or ``[None]`` when it has none."""
    return [st.id for st in deck.seat_by_role("offer").styles] or [None]


def game_seed(seed: int, i: int) -> int:
    """The seed of game ``i`` of a simulation with base seed ``seed``."""
    return Rng.derive(seed, i).next64()


#: How `simulate` may have the regional actors played: by the dice (as at a table where nobody takes them), or by
#: bots that choose a stance before each roll (every actor that has stances).
ACTOR_MODES = ("dice", "bot")


def actor_configs(deck: Deck, mode: str) -> dict[str, ActorConfig]:
    """Who plays the actors in a simulation played with actors ``mode`` (one of `ACTOR_MODES`)."""
    if mode == "dice":
        return {}
    if mode == "bot":
        return {a.id: ActorConfig("bot") for a in deck.actors if a.stances}
    raise ValueError(f"expected the actors played by {' or '.join(ACTOR_MODES)}, found {mode!r}")


def play_games(deck: Deck, seed: int, start: int, stop: int, styles: Sequence[str | None],
               rounds: int | None = None, forks: bool = True, actors: Mapping[str, ActorConfig] | None = None) -> Counts:
    """Play games ``start`` to ``stop - 1`` (see the module's docstring for seeds and styles) and count them;
    ``forks``: also play the counterfactual's forks (one fork point a game); ``actors``: who plays the actors the
    dice do not (none: every actor on the dice)."""
    played = dict(actors or {})
    offer, respond = deck.seat_by_role("offer").id, deck.seat_by_role("respond").id
    counts = Counts()
    info = _DeckInfo(deck, forks)
    by_style = {style: {offer: SeatConfig("bot", style), respond: SeatConfig("bot")} for style in styles}  # frozen
    with _fewer_collections():
        for i in range(start, stop):
            style = styles[i % len(styles)]
            seats = by_style[style]
            game = game_seed(seed, i)
            try:
                _play_one(deck, seats, game, rounds, style or NO_STYLE, counts, info, played)
            except Exception as e:  # an engine or deck bug: say how to replay the game
                raise SimulationError(f"game {i} (seed {game}, style {style or NO_STYLE}) failed: {e!r}") from e
    return counts


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector run less often while games play (its thresholds restored after): a game makes
    thousands of short-lived objects (drafts, happenings, lists) and no reference cycles, so each collection of
    the youngest objects finds nothing to free; at the default threshold (700) they cost about 5% of the time."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], _YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


#: Objects allocated (net) before the collector looks at the youngest generation, during `play_games`.
_YOUNG_THRESHOLD = 50_000


#: Sets the choice of a game's fork point apart from every other use of its seed (the ASCII of "fork").
FORK_STREAM = 0x666F726B


class _DeckInfo:
    """What `_play_one` reads of the deck, made once per chunk of games."""

    def __init__(self, deck: Deck, forks: bool) -> None:
        self.offer = deck.seat_by_role("offer").id
        self.respond = deck.seat_by_role("respond").id
        self.weights = [(m.id, m.weight) for m in deck.motives]
        self.motive_ids = [m.id for m in deck.motives]
        self.draw_weights = [m.weight for m in deck.motives]
        self.test_tags = frozenset(deck.deck.test_tags)
        self.tests = frozenset(c.id for c in deck.options if self.test_tags.intersection(c.tags))
        self.forks = forks
        self._bits: dict[tuple[tuple[int, int], ...], int] = {}

    def bits(self, likelihood: dict[str, Fraction]) -> int:
        """`entropy_microbits` of ``likelihood`` with the deck's weights, worked out once for each likelihood met
        (games meet the same ones often: every game starts from the same, and a response seen in the same
        situation gives the same)."""
        ratios = []  # (a loop, not a comprehension: on Python 3.11 each makes a function every time it runs)
        for m in self.motive_ids:
            ratios.append(likelihood[m].as_integer_ratio())
        key = tuple(ratios)
        bits = self._bits.get(key)
        if bits is None:
            bits = _entropy(key, self.draw_weights)
            if len(self._bits) >= _MAX_LIKELIHOODS_KEPT:
                self._bits.clear()
            self._bits[key] = bits
        return bits


#: How many likelihoods' entropies `_DeckInfo.bits` keeps at most.
_MAX_LIKELIHOODS_KEPT = 50_000


def entropy_microbits(likelihood: dict[str, Fraction], weights: Sequence[tuple[str, int]]) -> int:
    """The entropy, in millionths of a bit, of the posterior over motives that a perfect analyst holds: each motive's
    draw weight times its likelihood of the responses seen (the bot's guess reads the same, `bots._posterior`), or
    the draw weights alone if no motive could have played them. (Worked out from the logarithms of the exact
    fractions, so that likelihoods too small for a float still count.)"""
    return _entropy([likelihood[m].as_integer_ratio() for m, _ in weights], [w for _, w in weights])


def _entropy(likelihood: Sequence[tuple[int, int]], weights: Sequence[int]) -> int:
    """`entropy_microbits` of each motive's likelihood as (numerator, denominator), in the order of ``weights``."""
    logs = [math.log2(num) - math.log2(den) + math.log2(w)
            for (num, den), w in zip(likelihood, weights, strict=True) if w and num]
    if not logs:
        logs = [math.log2(w) for w in weights if w]
    top = max(logs)
    mass = [2.0 ** (v - top) for v in logs]
    total = sum(mass)
    bits = -sum(x / total * math.log2(x / total) for x in mass)
    return round(bits * 1_000_000)


def _play_fork(state: GameState, first: Play) -> dict[str, int]:
    """The final scores of the game from ``state`` (an offer turn) when ``first`` is played, the bots playing on."""
    game = Playout(state)
    game.advance(first)
    while (action := automatic_action(game.draft)) is not None:
        game.advance(action)
    return game.draft.scores


#: The happenings that `_play_one` counts.
_COUNTED = frozenset((Rolled, CardPlayed, EventDrawn, StanceTaken, Passed, Guessed, GameOver))


def _play_one(deck: Deck, seats: dict[str, SeatConfig], seed: int, rounds: int | None, style: str, c: Counts,
              info: _DeckInfo, actors: dict[str, ActorConfig] | None = None) -> None:
    game = Playout(new_game(deck, seats, seed, rounds, actors))  # bots alone: played on one draft, in place
    state = game.draft
    motive = state.motive
    bits = info.bits(state.likelihood)
    tested = False
    # The counterfactual's fork point: one offer turn with two or more playable cards, chosen uniformly among the
    # game's such turns (reservoir sampling: the j-th is kept with chance 1/j) from a stream of the game's seed.
    pick = Rng.derive(FORK_STREAM, seed) if info.forks else None
    eligible = 0
    fork: tuple[GameState, list[str], str] | None = None  # (the state at that turn, its cards, the card played)
    # What the game counts, kept as the keys it adds 1 to and counted into ``c`` once it is over
    # (`Counter.update` of a list counts in C, hashing each key once: cheaper than ``c.x[key] += 1`` for each).
    turns: list[tuple[str, bool]] = []  # (option, played?) of each offer turn where it was playable
    playable: list[tuple[str, str, int]] = []  # (style, option, k) likewise
    rows: list[tuple[str, int]] = []  # (actor, row) of each roll
    dice: list[tuple[str]] = []  # the notation of each roll
    offers: list[tuple[str, str]] = []  # (style, option) of each option played
    responses: list[tuple[str, str]] = []  # (motive, response) of each response played
    events: list[tuple[str]] = []  # (event or "",) of each event drawn, or of a round without one
    offer, respond = info.offer, info.respond
    offer_turns = response_turns = 0
    action: Action | None
    while True:
        phase = state.phase
        if phase == "offer":  # the offer seat's bot moves (as `automatic_action` has it), its playable cards counted
            cards, action = bot_move(state, offer)
            offer_turns += 1
            chosen = action.card if type(action) is Play else None
            k = len(cards)
            for card in cards:
                card_id = card.id
                playable.append((style, card_id, k))
                turns.append((card_id, card_id == chosen))
            if pick is not None and k >= 2 and chosen is not None:
                eligible += 1
                if pick.randint(1, eligible) == 1:
                    fork = (game.state(), [card.id for card in cards], chosen)
            if chosen in info.tests:
                tested = True
        elif phase == "response":  # the respond seat's bot, likewise
            action = bot_move(state, respond)[1]
            response_turns += 1
        else:
            action = automatic_action(state)
            if action is None:  # every seat is a bot: None only once the game is over
                break
        happened = game.advance(action)
        if phase == "response" and type(action) is Play:
            after = info.bits(state.likelihood)
            c.bits_drop[(motive, action.card)] += bits - after
            bits = after
        for h in happened:  # (a playout tells no change to a tally: none is counted here)
            if type(h) is Rolled:
                rows.append((h.actor, h.row))
                dice.append((h.dice,))
            elif type(h) not in _COUNTED:  # a round started or closed, a hand dealt, a score: passed by at once
                continue
            elif type(h) is CardPlayed:
                if h.role == "offer":
                    offers.append((style, h.card))
                else:
                    responses.append((motive, h.card))
            elif type(h) is EventDrawn:
                events.append((h.event or "",))
            elif type(h) is StanceTaken:
                c.stances[(h.actor, h.stance)] += 1
            elif type(h) is Passed:
                if h.role == "offer":
                    c.offer_passes[(style,)] += 1
                else:
                    c.response_passes[(motive,)] += 1
            elif type(h) is Guessed:
                c.guesses[(h.actual, h.motive)] += 1
                c.guess_detail[(style, h.actual, tested, h.motive == h.actual)] += 1
            elif type(h) is GameOver:
                c.games[(style, motive, h.ending)] += 1
                c.bits_left[(motive,)] += bits
                for seat, points in h.scores.items():
                    c.scores[(style, seat, points)] += 1
                    c.motive_scores[(style, motive, seat)] += points
                if fork is not None:
                    _count_forks(c, style, motive, fork, h.scores, info.offer)
                for (option, was_played), n in Counter(turns).items():
                    c.card_endings[(style, option, was_played, h.ending)] += n
                    for seat, points in h.scores.items():
                        c.card_scores[(style, option, was_played, seat)] += n * points
                    if was_played:
                        c.card_games[(option,)] += 1
    assert state.phase == "over", f"a bot game stopped in the {state.phase} phase"
    if offer_turns:
        c.offer_turns[(style,)] += offer_turns
    if response_turns:
        c.response_turns[(motive,)] += response_turns
    c.playable.update(playable)
    c.played.update(offers)
    c.responses.update(responses)
    c.events.update(events)
    c.rows.update(rows)
    c.rolls.update(dice)
    for tally, value in state.tallies.items():
        c.tallies[(style, tally, value)] += 1
    c.length[(style, state.round)] += 1


def _count_forks(c: Counts, style: str, motive: str, fork: tuple[GameState, list[str], str], scores: dict[str, int],
                 offer: str) -> None:
    """Play the fork point's other cards to the end and count each card's final scores against the others'. The card
    the bot played there needs no fork: the game itself went on from the same state, with the same bots and dice."""
    state, cards, chosen = fork
    finals = {card: scores if card == chosen else _play_fork(state, Play(offer, card)) for card in cards}
    k = len(cards)
    c.fork_points[(style, motive, state.round, k)] += 1
    for card in cards:
        c.cf_forks[(style, card, motive, k)] += 1
    for seat in scores:
        total = sum(f[seat] for f in finals.values())
        for card, f in finals.items():
            # card's score minus the mean of the others' is (k * its score - total) / (k - 1): kept whole here
            c.cf_sum[(style, card, motive, seat, k)] += k * f[seat] - total
            c.cf_squares[(style, card, motive, seat, k)] += (k * f[seat] - total) ** 2


# --------------------------------------------------------------------------
# Running: in this process or across worker processes
# --------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(parent_pid: int, deck: Deck, seed: int, styles: Sequence[str | None], rounds: int | None,
                 forks: bool = True, actors: Mapping[str, ActorConfig] | None = None) -> None:
    watch_parent(parent_pid)  # a worker ends with the process that started it, even one that is killed
    _WORKER.update(deck=deck, seed=seed, styles=tuple(styles), rounds=rounds, forks=forks, actors=dict(actors or {}))


def _worker_chunk(span: tuple[int, int]) -> tuple[int, Counts]:
    w = _WORKER
    return span[1] - span[0], play_games(w["deck"], w["seed"], span[0], span[1], w["styles"], w["rounds"], w["forks"],
                                         w["actors"])


def chunks(games: int, jobs: int) -> list[tuple[int, int]]:
    """Split ``range(games)`` into spans, largest first: each a quarter of each job's share of the games still to
    split (at most 250 games, at least `_SMALLEST_CHUNK`). The workers take the next span as they finish one; the
    small spans at the end fill the time until the last worker is done, where spans of one size left a worker idle
    for up to a whole span. About 20 spans per job, for a lively progress bar."""
    spans = []
    a = 0
    while a < games:
        size = max(_SMALLEST_CHUNK, min(250, math.ceil((games - a) / (jobs * 4))))
        spans.append((a, min(a + size, games)))
        a += size
    return spans


#: The fewest games in a span (`chunks`), but for the last: a span costs a few milliseconds to send back and add up.
_SMALLEST_CHUNK = 4


def simulate(deck: Deck, games: int, seed: int = 0, jobs: int = 1, style: str | None = None,
             rounds: int | None = None, progress: Callable[[int, int], object] | None = None,
             counterfactual: bool = True, actors: str = "dice", stance_games: int = 0) -> SimulationResult:
    """Play ``games`` bot-vs-bot games of ``deck`` and summarise them.

    ``style`` fixes the offer seat's bot style (default: every style in turn);
    ``rounds`` overrides the deck's number of rounds; ``jobs`` worker processes
    share the work (1: in this process); ``progress(done, total)`` is called as
    chunks of games finish; ``counterfactual=False`` plays no forks (the counterfactual table is then empty, and
    the games take about half the time). ``actors``: "dice" (every actor rolls for itself) or "bot" (bots play the
    actors that have stances, `actor_configs`). ``stance_games``: also play that many games for each stance, with a
    bot for its actor that always takes it, against the same games with the actors played as ``actors`` says
    (`stance_effects`). Raises `ValueError` for bad arguments (a `SetupError` for a seed or a number of
    rounds out of the engine's bounds, `tabletop.engine.limits`) and
    `SimulationError` if a game fails.
    """
    if not isinstance(games, int) or games < 1:
        raise ValueError(f"expected at least 1 game, found {games!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"expected at least 1 job, found {jobs!r}")
    check_seed(seed)
    check_rounds(deck, rounds)  # `SetupError`s: the same bounds as every game
    styles = styles_of(deck)
    if style is not None:
        if style not in styles:
            known = ", ".join(s for s in styles if s) or "none"
            raise ValueError(f"the offer seat has no style {style!r}; its styles: {known}")
        styles = [style]
    played = actor_configs(deck, actors)
    if not isinstance(stance_games, int) or stance_games < 0:
        raise ValueError(f"expected a number of games for each stance from 0, found {stance_games!r}")
    total = _run(deck, games, seed, jobs, styles, rounds, counterfactual, played, progress)
    result = summarise(deck, total, seed=seed, styles=styles, rounds=rounds)
    if actors == "dice" and not stance_games:
        return result  # as before actors could be played
    taken = {a: {st.id: total.stances[(a, st.id)] for st in deck.actor(a).stances} for a in played}
    effects = stance_effects(deck, stance_games, seed, jobs, styles, rounds, played) if stance_games else {}
    return evolve(result, actors=actors, stances_taken=taken, stance_effects=effects)


def _run(deck: Deck, games: int, seed: int, jobs: int, styles: Sequence[str | None], rounds: int | None,
         counterfactual: bool, played: dict[str, ActorConfig],
         progress: Callable[[int, int], object] | None = None) -> Counts:
    """Play the games, in this process or across ``jobs`` worker processes, and add up their counts."""
    spans = chunks(games, jobs)
    total = Counts()
    done = 0
    if jobs == 1:
        for a, b in spans:
            total.merge(play_games(deck, seed, a, b, styles, rounds, counterfactual, played))
            done += b - a
            if progress:
                progress(done, games)
    else:
        workers = min(jobs, len(spans))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                   initargs=(os.getpid(), deck, seed, styles, rounds, counterfactual, played))
        # A few chunks in flight per worker, the next submitted as one finishes: a long simulation does not queue
        # all its chunks at once, and Ctrl-C finds the main thread waiting, not inside the pool's bookkeeping.
        # (The counts add up the same in any order.)
        waiting = iter(spans)
        try:
            pending = {pool.submit(_worker_chunk, span) for span in itertools.islice(waiting, 2 * workers)}
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    n, counts = fut.result()
                    total.merge(counts)
                    done += n
                    if progress:
                        progress(done, games)
                pending |= {pool.submit(_worker_chunk, span) for span in itertools.islice(waiting, len(finished))}
        except BaseException:  # a failed game, Ctrl-C, SIGTERM (see `tabletop simulate`): no chunk is waited for
            stop_pool(pool)
            raise
        pool.shutdown()
    return total


def _ending_shares(deck: Deck, c: Counts) -> dict[str, float]:
    games = sum(c.games.values())
    by_ending: Counter = Counter()
    for (_, _, ending), n in c.games.items():
        by_ending[ending] += n
    return {e.id: by_ending[e.id] / games if games else 0.0 for e in deck.endings}


def stance_effects(deck: Deck, games: int, seed: int, jobs: int, styles: Sequence[str | None], rounds: int | None,
                   played: dict[str, ActorConfig]) -> dict[str, dict[str, dict]]:
    """How far each stance moves the endings: for every actor with stances and each of its stances, ``games`` games
    in which a bot plays that actor and always takes that stance (where it may; else it chooses by the deck's
    policy), against the same games (the same seeds, seats and dice: a stance never draws from the game's
    generator) with the actors played as ``played`` says. Per stance: the games, the share of its actor's stance
    turns where it was taken, and each ending's share minus the share in the games it is set against, in points."""
    base = _ending_shares(deck, _run(deck, games, seed, jobs, styles, rounds, False, played))
    out: dict[str, dict[str, dict]] = {}
    for actor in deck.actors:
        if not actor.stances:
            continue
        out[actor.id] = {}
        for stance in actor.stances:
            configs = dict(played)
            configs[actor.id] = ActorConfig("bot", stance.id)
            counts = _run(deck, games, seed, jobs, styles, rounds, False, configs)
            shares = _ending_shares(deck, counts)
            turns = sum(n for (a, _), n in counts.stances.items() if a == actor.id)
            out[actor.id][stance.id] = {
                "games": games,
                "taken": counts.stances[(actor.id, stance.id)] / turns if turns else 0.0,
                "endings": {e: round((shares[e] - base[e]) * 100, 2) for e in shares},
            }
    return out


# --------------------------------------------------------------------------
# The summary
# --------------------------------------------------------------------------


@frozen(repr=False, eq=False)
class Distribution(Record):
    """Integer values observed over games: quartiles by nearest rank (the smallest value with at least q·n at or below it)."""

    n: int
    mean: float
    min: int
    q1: int
    median: int
    q3: int
    max: int
    histogram: dict[int, int]  # value -> games, by value

    @classmethod
    def of(cls, histogram: dict[int, int]) -> Distribution:
        hist = {v: histogram[v] for v in sorted(histogram) if histogram[v]}
        n = sum(hist.values())
        if not n:
            return cls(0, 0.0, 0, 0, 0, 0, 0, {})

        def rank(q: float) -> int:
            need, seen = max(1, math.ceil(q * n)), 0
            for v, k in hist.items():
                seen += k
                if seen >= need:
                    return v
            raise AssertionError("unreachable")

        mean = sum(v * k for v, k in hist.items()) / n
        return cls(n, round(mean, 6), min(hist), rank(0.25), rank(0.5), rank(0.75), max(hist), hist)

    def to_dict(self) -> dict:
        return {"n": self.n, "mean": self.mean, "min": self.min, "q1": self.q1, "median": self.median,
                "q3": self.q3, "max": self.max, "histogram": {str(v): k for v, k in self.histogram.items()}}


@frozen(repr=False, eq=False)
class StyleChoice(Record):
    """How one style played one option card."""

    playable: int  # offer turns where the card was playable
    played: int
    share: float  # played / playable
    fair: float  # the share a uniform pick among the playable cards would give


@frozen(repr=False, eq=False)
class OptionStats(Record):
    id: str
    title: str
    played: int  # times played, over all games
    per_round: float  # times played per offer turn
    games: int  # games where it was played at least once
    passed_over: int  # offer turns where it was playable but another card was played
    by_style: dict[str, StyleChoice]
    endings: dict[str, float]  # ending rates over the turns where it was played
    endings_passed_over: dict[str, float]  # ... and over the turns where it was passed over
    distance: float  # the outcome rule's distance (see the module's docstring); 0 without enough turns
    scores: dict[str, float]  # mean final score per seat over the turns where it was played
    scores_passed_over: dict[str, float]


@frozen(repr=False, eq=False)
class DominanceWarning(Record):
    """An option card that dominates: ``rule`` is "choice" or "outcome" (see the module's docstring)."""

    card: str
    rule: str
    message: str


@frozen(repr=False, eq=False)
class SimulationResult(Record):
    deck: str  # the deck's id
    title: str
    sha256: str | None  # of the deck's files, as loaded
    games: int
    seed: int
    rounds: int  # the number of rounds set for each game
    styles: list[str]
    endings: dict[str, float]  # ending -> share of all games
    ending_counts: dict[str, int]  # ending -> games
    ending_labels: dict[str, str]
    endings_by_motive: dict[str, dict[str, float]]  # motive -> ending -> share of that motive's games
    endings_by_style: dict[str, dict[str, float]]
    motives: dict[str, int]  # motive -> games it was drawn in
    tallies: dict[str, Distribution]  # final values
    tally_means_by_style: dict[str, dict[str, float]]
    scores: dict[str, Distribution]  # per seat
    score_means_by_style: dict[str, dict[str, float]]
    length: Distribution  # rounds played
    options: list[OptionStats]
    responses: dict[str, dict[str, int]]  # response -> motive -> times played
    events: dict[str, int]  # event -> rounds drawn ("" : rounds with no event left to draw)
    rows: dict[str, list[int]]  # actor -> hits per row of its table
    never_played_options: list[str]
    never_played_responses: list[str]
    never_drawn_events: list[str]
    never_hit_rows: dict[str, list[str]]  # actor -> "index: label" of rows never reached
    offer_passes: int
    response_passes: int
    guess_accuracy: float
    guess_accuracy_by_motive: dict[str, float]
    guess_baseline: float  # accuracy of always naming the most likely motive
    guesses: dict[str, dict[str, int]]  # actual -> guessed -> games
    rolls: dict[str, int]  # dice notation -> regional rolls made
    warnings: list[DominanceWarning]
    # What a designer needs to judge how well the motive hides and what each card costs (see docs/decks.md, section 5).
    guess_accuracy_by_style: dict[str, float]  # offer style -> accuracy of its guess
    test_tags: list[str]  # the deck's [deck] test_tags: a game is "tested" if the offer seat played such a card
    tested_games: dict[str, int]  # "tested" / "untested" -> games
    tested_by_style: dict[str, float]  # offer style -> share of its games where it tested
    guess_accuracy_by_tested: dict[str, float]  # "tested" / "untested" -> accuracy
    guess_accuracy_by_motive_and_tested: dict[str, dict[str, float]]  # motive -> "tested" / "untested" -> accuracy
    tested_games_by_motive: dict[str, dict[str, int]]  # motive -> "tested" / "untested" -> games
    motives_by_ending: dict[str, dict[str, float]]  # ending -> motive -> share of that ending's games (deals by motive)
    ending_counts_by_motive: dict[str, dict[str, int]]  # motive -> ending -> games
    score_means_by_motive: dict[str, dict[str, dict[str, float]]]  # motive -> style -> seat -> mean final score
    information: dict[str, float]  # bits: see `information_of`
    response_bits: dict[str, dict[str, float]]  # response -> turns, analyst (mean entropy drop), table (pointwise MI)
    counterfactual: dict[str, dict]  # option -> forks, scores {seat: mean change}, by_motive {motive: {forks, scores}}
    counterfactual_forks: dict[str, object]  # games forked, by round, mean options at the fork
    # Only with actors played by bots, or with a stance table asked for (left out of the JSON otherwise):
    actors: str = "dice"  # who played the actors with stances: "dice" or "bot"
    stances_taken: dict[str, dict[str, int]] = field(factory=dict)  # actor -> stance -> times taken
    stance_effects: dict[str, dict[str, dict]] = field(factory=dict)  # see `stance_effects`

    def to_dict(self) -> dict:
        out: dict = {"format": "tabletop-simulation"}  # first: marks a file that a later result may replace
        for f in fields(SimulationResult):
            value = getattr(self, f.name)
            if f.name in _ONLY_WHEN_SET and value == _ONLY_WHEN_SET[f.name]:
                continue  # a simulation on the dice writes its result as before
            if isinstance(value, Distribution):
                value = value.to_dict()
            elif f.name in ("tallies", "scores"):
                value = {k: d.to_dict() for k, d in value.items()}
            elif f.name == "options":
                value = [_option_dict(o) for o in value]
            elif f.name == "warnings":
                value = [{"card": w.card, "rule": w.rule, "message": w.message} for w in value]
            out[f.name] = value
        return out

    def to_json(self) -> str:
        # json.dumps escapes the C0 controls; `visible` escapes what it leaves raw (DEL, C1, bidi marks, line
        # separators) the same way, as \uXXXX inside their strings: still valid JSON, with the same data.
        return visible(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")


_ONLY_WHEN_SET: dict[str, object] = {"actors": "dice", "stances_taken": {}, "stance_effects": {}}


def _option_dict(o: OptionStats) -> dict:
    d = {f.name: getattr(o, f.name) for f in fields(OptionStats)}
    d["by_style"] = {s: {f.name: getattr(c, f.name) for f in fields(StyleChoice)} for s, c in o.by_style.items()}
    return d


def _rate(n: int, of: int) -> float:
    return round(n / of, 6) if of else 0.0


def summarise(deck: Deck, c: Counts, seed: int, styles: Sequence[str | None], rounds: int | None = None,
              choice_share: float = CHOICE_SHARE, choice_over_fair: float = CHOICE_OVER_FAIR,
              choice_min_turns: int = CHOICE_MIN_TURNS, outcome_distance: float = OUTCOME_DISTANCE,
              outcome_min_turns: int = OUTCOME_MIN_TURNS) -> SimulationResult:
    """The readable result of these counts; the thresholds are the dominance rules' (see the module's docstring)."""
    style_keys = [s or NO_STYLE for s in styles]
    ending_ids = [e.id for e in deck.endings]
    motive_ids = [m.id for m in deck.motives]
    seat_ids = [s.id for s in deck.seats]
    games = sum(c.games.values())

    def endings_where(pred) -> dict[str, float]:
        sub: Counter[str] = Counter()
        for (st, mo, en), n in c.games.items():
            if pred(st, mo):
                sub[en] += n
        total = sum(sub.values())
        return {e: _rate(sub[e], total) for e in ending_ids}

    ending_count: Counter[str] = Counter()
    motive_games: Counter[str] = Counter()
    style_games: Counter[str] = Counter()
    for (st, mo, en), n in c.games.items():
        ending_count[en] += n
        motive_games[mo] += n
        style_games[st] += n

    def dist(counter: Counter, key: str, pos: int = 1) -> Distribution:
        hist: Counter[int] = Counter()
        for k, n in counter.items():
            if k[pos] == key:
                hist[k[pos + 1]] += n
        return Distribution.of(hist)

    def means_by_style(counter: Counter, keys: list[str]) -> dict[str, dict[str, float]]:
        out = {}
        for st in style_keys:
            row = {}
            for key in keys:
                total = sum(n * v for (s, k, v), n in counter.items() if s == st and k == key)
                row[key] = _rate(total, style_games[st])
            out[st] = row
        return out

    length = Distribution.of(Counter({r: n for (r,), n in _sum_over(c.length, 0).items()}))
    offer_turns = sum(c.offer_turns.values())

    options = []
    warnings = []
    for card in deck.options:
        split: dict[tuple[str, bool], Counter[str]] = {(st, was): Counter() for st in style_keys for was in (True, False)}
        for (st, cd, was, en), n in c.card_endings.items():
            if cd == card.id:
                split[(st, was)][en] += n
        pooled = {was: sum((split[(st, was)] for st in style_keys), Counter()) for was in (True, False)}
        sizes = {was: sum(pooled[was].values()) for was in (True, False)}
        weighted, weight = 0.0, 0
        for st in style_keys:
            yes, no = split[(st, True)], split[(st, False)]
            n_yes, n_no = sum(yes.values()), sum(no.values())
            if n_yes >= outcome_min_turns and n_no >= outcome_min_turns:
                tvd = sum(abs(yes[e] / n_yes - no[e] / n_no) for e in ending_ids) / 2
                weighted += tvd * (n_yes + n_no)
                weight += n_yes + n_no
        distance = round(weighted / weight, 6) if weight else 0.0
        endings = {was: {e: _rate(pooled[was][e], sizes[was]) for e in ending_ids} for was in (True, False)}
        scores = {was: {seat: _rate(sum(n for (st, cd, w, se), n in c.card_scores.items()
                                        if cd == card.id and w == was and se == seat), sizes[was])
                        for seat in seat_ids} for was in (True, False)}
        by_style = {}
        for st in style_keys:
            turns = [(k, n) for (s, cd, k), n in c.playable.items() if s == st and cd == card.id]
            playable = sum(n for _, n in turns)
            fair = sum(n / k for k, n in sorted(turns)) / playable if playable else 0.0
            played = c.played[(st, card.id)]
            by_style[st] = StyleChoice(playable, played, _rate(played, playable), round(fair, 6))
        played_total = sum(c.played[(st, card.id)] for st in style_keys)
        options.append(OptionStats(
            card.id, card.title, played_total, _rate(played_total, offer_turns), c.card_games[(card.id,)], sizes[False],
            by_style,
            endings[True], endings[False], distance, scores[True], scores[False],
        ))
        # The choice rule.
        if all(ch.playable >= choice_min_turns and ch.share > choice_share and ch.share >= choice_over_fair * ch.fair
               for ch in by_style.values()):
            shares = ", ".join(f"{st} {ch.share:.0%} (fair {ch.fair:.0%})" for st, ch in by_style.items())
            warnings.append(DominanceWarning(card.id, "choice", f"option {card.id!r} dominates the bots' choices: "
                                    f"played in this share of the turns where it was playable — {shares}"))
        # The outcome rule.
        if weight and distance > outcome_distance:
            moved = sorted(ending_ids, key=lambda e: -abs(endings[True][e] - endings[False][e]))[:2]
            detail = "; ".join(f"{e} {endings[True][e]:.0%} when played vs {endings[False][e]:.0%} when passed over"
                               for e in moved)
            warnings.append(DominanceWarning(card.id, "outcome", f"option {card.id!r} decides games "
                                             f"(distance {distance:.2f}): {detail}"))

    responses = {r.id: {m: c.responses[(m, r.id)] for m in motive_ids} for r in deck.responses}
    events = {e.id: c.events[(e.id,)] for e in deck.events}
    if c.events[("",)]:
        events[""] = c.events[("",)]
    rows = {a.id: [c.rows[(a.id, i)] for i in range(len(a.reactions))] for a in deck.actors}
    guessed_right = sum(n for (actual, guess), n in c.guesses.items() if actual == guess)
    weights = [m.weight for m in deck.motives]

    def accuracy(pred) -> float:
        right = sum(n for k, n in c.guess_detail.items() if pred(*k[:3]) and k[3])
        return _rate(right, sum(n for k, n in c.guess_detail.items() if pred(*k[:3])))

    tested_games = {"tested": sum(n for (_, _, t, _), n in c.guess_detail.items() if t),
                    "untested": sum(n for (_, _, t, _), n in c.guess_detail.items() if not t)}
    information, response_bits = information_of(deck, c)
    return SimulationResult(
        deck=deck.deck.id, title=deck.deck.title, sha256=deck.origin.sha256 if deck.origin else None,
        games=games, seed=seed, rounds=rounds or deck.deck.rounds, styles=style_keys,
        endings={e: _rate(ending_count[e], games) for e in ending_ids},
        ending_counts={e: ending_count[e] for e in ending_ids},
        ending_labels={e.id: e.label for e in deck.endings},
        endings_by_motive={m: endings_where(lambda st, mo, m=m: mo == m) for m in motive_ids},
        endings_by_style={s: endings_where(lambda st, mo, s=s: st == s) for s in style_keys},
        motives={m: motive_games[m] for m in motive_ids},
        tallies={t.id: dist(_sum_over(c.tallies, 0), t.id, 0) for t in deck.tallies},
        tally_means_by_style=means_by_style(c.tallies, [t.id for t in deck.tallies]),
        scores={s: dist(_sum_over(c.scores, 0), s, 0) for s in seat_ids},
        score_means_by_style=means_by_style(c.scores, seat_ids),
        length=length,
        options=options,
        responses=responses,
        events=events,
        rows=rows,
        never_played_options=[o.id for o in options if not o.played],
        never_played_responses=[r for r, by in responses.items() if not sum(by.values())],
        never_drawn_events=[e for e in events if e and not events[e]],
        never_hit_rows={a.id: [f"{i}: {a.reactions[i].label}" for i, n in enumerate(rows[a.id]) if not n]
                        for a in deck.actors if not all(rows[a.id])},
        offer_passes=sum(c.offer_passes.values()),
        response_passes=sum(c.response_passes.values()),
        guess_accuracy=_rate(guessed_right, sum(c.guesses.values())),
        guess_accuracy_by_motive={m: _rate(c.guesses[(m, m)], sum(n for (a, _), n in c.guesses.items() if a == m))
                                  for m in motive_ids},
        guess_baseline=_rate(max(weights), sum(weights)) if sum(weights) else 0.0,
        guesses={m: {g: c.guesses[(m, g)] for g in motive_ids} for m in motive_ids},
        rolls={d: n for (d,), n in sorted(c.rolls.items())},
        warnings=warnings,
        guess_accuracy_by_style={s: accuracy(lambda st, mo, t, s=s: st == s) for s in style_keys},
        test_tags=list(deck.deck.test_tags),
        tested_games=tested_games,
        tested_by_style={s: _rate(sum(n for (st, _, t, _), n in c.guess_detail.items() if st == s and t),
                                  sum(n for (st, _, _, _), n in c.guess_detail.items() if st == s))
                         for s in style_keys},
        guess_accuracy_by_tested={"tested": accuracy(lambda st, mo, t: t), "untested": accuracy(lambda st, mo, t: not t)},
        guess_accuracy_by_motive_and_tested={
            m: {"tested": accuracy(lambda st, mo, t, m=m: mo == m and t),
                "untested": accuracy(lambda st, mo, t, m=m: mo == m and not t)} for m in motive_ids},
        tested_games_by_motive={m: {"tested": sum(n for (_, mo, t, _), n in c.guess_detail.items() if mo == m and t),
                                    "untested": sum(n for (_, mo, t, _), n in c.guess_detail.items() if mo == m and not t)}
                                for m in motive_ids},
        motives_by_ending={e: {m: _rate(sum(n for (_, mo, en), n in c.games.items() if mo == m and en == e),
                                        ending_count[e]) for m in motive_ids} for e in ending_ids},
        ending_counts_by_motive={m: {e: sum(n for (_, mo, en), n in c.games.items() if mo == m and en == e)
                                     for e in ending_ids} for m in motive_ids},
        score_means_by_motive={m: {s: {seat: _rate(c.motive_scores[(s, m, seat)],
                                                    sum(n for (st, mo, _), n in c.games.items() if st == s and mo == m))
                                        for seat in seat_ids} for s in style_keys} for m in motive_ids},
        information=information,
        response_bits=response_bits,
        counterfactual=counterfactual_of(deck, c),
        counterfactual_forks=_forks_of(c, games),
    )


def _bits(x: float) -> float:
    return round(x, 6) + 0.0  # no -0.0


def information_of(deck: Deck, c: Counts) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """How much the responses tell about the motive, in bits, two ways.

    - **analyst**: a perfect analyst's posterior over the motives (each motive's draw weight times its likelihood of
      the responses seen, as the bot's guess reads it) loses, on average, this much entropy when a response is
      seen. Per response it may be negative: a response that makes the unlikely motives likelier blurs the picture.
      ``prior`` is the entropy before any response, ``left`` the mean entropy at the end of a game, and
      ``analyst_per_response`` the mean drop over all the responses seen.
    - **table**: from the counts of (motive, response) over every response played in the games, the mutual
      information I(motive; response) (``mutual_information``), and per response its pointwise share, the
      Kullback-Leibler divergence of the motives behind that response from the motives behind all responses (at
      least 0; the mean of it over the responses played is the mutual information). It ignores when a response
      was played; the analyst's figure does not.
    """
    motive_ids = [m.id for m in deck.motives]
    weights = [(m.id, m.weight) for m in deck.motives]
    by_motive: Counter[str] = Counter()
    by_response: Counter[str] = Counter()
    for (m, r), n in c.responses.items():
        by_motive[m] += n
        by_response[r] += n
    total = sum(by_motive.values())
    games = sum(c.games.values())

    def kl(r: str) -> float:
        out = 0.0
        for m in motive_ids:
            n = c.responses[(m, r)]
            if n:
                out += n / by_response[r] * math.log2(n * total / (by_response[r] * by_motive[m]))
        return out

    per_response = {}
    for card in deck.responses:
        n = by_response[card.id]
        drop = sum(v for (_, r), v in c.bits_drop.items() if r == card.id)
        per_response[card.id] = {"turns": n, "analyst": _bits(drop / n / 1e6) if n else 0.0,
                                 "table": _bits(kl(card.id)) if n else 0.0}
    mutual = sum(by_response[r] * v["table"] for r, v in per_response.items()) / total if total else 0.0
    summary = {
        "prior": _bits(entropy_microbits({m: Fraction(1) for m in motive_ids}, weights) / 1e6),
        "left": _bits(sum(c.bits_left.values()) / games / 1e6) if games else 0.0,
        "analyst_per_response": _bits(sum(c.bits_drop.values()) / total / 1e6) if total else 0.0,
        "mutual_information": _bits(mutual),
    }
    return summary, per_response


def counterfactual_of(deck: Deck, c: Counts) -> dict[str, dict]:
    """For each option card: at the fork points where it was one of the k playable cards, the mean over those forks
    of each seat's final score when it was played minus the mean of the other k - 1 forks' scores; overall and by
    motive, with the standard error of each mean (``se``: how far it may be off by chance, for lack of forks).
    Cards never at a fork point are left out."""
    seat_ids = [s.id for s in deck.seats]
    motive_ids = [m.id for m in deck.motives]
    out: dict[str, dict] = {}
    for card in deck.options:
        forks: Counter[str] = Counter()
        sums: defaultdict[tuple[str, str], Fraction] = defaultdict(Fraction)  # (motive, seat) -> sum of the changes
        squares: defaultdict[tuple[str, str], Fraction] = defaultdict(Fraction)  # ... and of their squares
        for (_, cd, mo, _k), n in c.cf_forks.items():
            if cd == card.id:
                forks[mo] += n
        if not forks:
            continue
        for (_, cd, mo, seat, k), v in c.cf_sum.items():
            if cd == card.id:
                sums[(mo, seat)] += Fraction(v, k - 1)
                squares[(mo, seat)] += Fraction(c.cf_squares[(_, cd, mo, seat, k)], (k - 1) ** 2)

        def stats(motives: list[str], forks=forks, sums=sums, squares=squares) -> dict:
            n = sum(forks[m] for m in motives)
            means, ses = {}, {}
            for seat in seat_ids:
                total = sum((sums[(m, seat)] for m in motives), Fraction(0))
                square = sum((squares[(m, seat)] for m in motives), Fraction(0))
                means[seat] = _bits(float(total / n)) if n else 0.0
                spread = (square - total * total / n) / (n - 1) if n > 1 else Fraction(0)  # the sample variance
                ses[seat] = _bits(math.sqrt(float(spread) / n)) if n > 1 else 0.0
            return {"forks": n, "scores": means, "se": ses}

        out[card.id] = {**stats(motive_ids), "by_motive": {m: stats([m]) for m in motive_ids}}
    return out


def _forks_of(c: Counts, games: int) -> dict[str, object]:
    forked = sum(c.fork_points.values())
    rounds: Counter[int] = Counter()
    options = 0
    for (_, _, r, k), n in c.fork_points.items():
        rounds[r] += n
        options += k * n
    return {"games": forked, "share": _rate(forked, games), "by_round": {str(r): rounds[r] for r in sorted(rounds)},
            "mean_options": _rate(options, forked)}


def _sum_over(counter: Counter, drop: int) -> Counter:
    """The counter with key position ``drop`` summed out (e.g. the style)."""
    out: Counter[tuple[object, ...]] = Counter()
    for k, n in counter.items():
        out[k[:drop] + k[drop + 1:]] += n
    return out


# --------------------------------------------------------------------------
# A readable table
# --------------------------------------------------------------------------

_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(histogram: dict[int, int], low: int, high: int, width: int = 40) -> str:
    """One character per value from ``low`` to ``high`` (values grouped into at most ``width`` buckets)."""
    if high < low:
        return ""
    span = high - low + 1
    size = math.ceil(span / width)
    buckets = [0] * math.ceil(span / size)
    for v, n in histogram.items():
        buckets[(min(max(v, low), high) - low) // size] += n
    top = max(buckets) or 1
    return "".join(_BARS[math.ceil(b / top * (len(_BARS) - 1))] for b in buckets)


def _pct(x: float) -> str:
    return f"{x * 100:5.1f}%"


def _counterfactual_table(r: SimulationResult) -> list[str]:
    """The counterfactual: one block per seat, a row per option card, a column per motive."""
    cf, forks = r.counterfactual, r.counterfactual_forks
    if not cf:
        return ["Counterfactual: no fork played (--no-counterfactual, or no offer turn with two playable cards)", ""]
    motives = list(r.endings_by_motive)
    ow = max([len(card) for card in cf] + [14])
    out = [f"Counterfactual: each seat's final score when the card is played minus the mean of the other playable "
           f"cards, from the same state, bots and dice (one offer turn a game, {forks['games']} games, "
           f"{forks['mean_options']:.2f} cards on average)"]
    worst = max(row["se"][seat] for row in cf.values() for seat in row["se"])
    worst_motive = max(m["se"][seat] for row in cf.values() for m in row["by_motive"].values() for seat in m["se"])
    out.append(f"  standard errors: at most {worst:.2f} in the all column, {worst_motive:.2f} in a motive's")
    for seat in r.scores:
        out.append(f"  {('for ' + seat)[:ow]:<{ow}}  forks     all  " + "  ".join(f"{m[:8]:>8}" for m in motives))
        for card, row in cf.items():
            out.append(f"  {card:<{ow}}  {row['forks']:5d} {row['scores'][seat]:+7.2f}  "
                       + "  ".join(f"{row['by_motive'][m]['scores'][seat]:+8.2f}" if row["by_motive"][m]["forks"]
                                   else f"{'-':>8}" for m in motives))
    out.append("")
    return out


def format_table(r: SimulationResult, deck: Deck | None = None) -> str:
    """The result as plain text for a terminal: endings, tallies, scores, cards, coverage and warnings.

    With the deck, tallies are charted over their whole range (else over the values seen). Deck text is
    `one_line`: no control character, and every label on its row.
    """
    out = [f"{one_line(r.title)} ({r.deck}): {r.games} games, seed {r.seed}, {r.rounds} rounds, "
           f"offer styles: {', '.join(r.styles)}"]
    ends = list(r.endings)
    labels = {e: one_line(label) for e, label in r.ending_labels.items()}
    width = max([len(labels[e]) for e in ends] + [8])
    out.append("")
    out.append("Endings" + " " * (width - 7) + "   all   " + "  ".join(f"{s[:8]:>8}" for s in r.styles))
    for e in ends:
        by_style = "  ".join(f"{_pct(r.endings_by_style[s][e]):>8}" for s in r.styles)
        out.append(f"{labels[e]:<{width}}  {_pct(r.endings[e])}  {by_style}")
    out.append("")
    motives = list(r.endings_by_motive)
    mw = max(len(m) for m in motives + ["motive"])
    out.append(f"{'By motive':<{mw}}  games  " + "  ".join(f"{e[:9]:>9}" for e in ends))
    for m in motives:
        out.append(f"{m:<{mw}}  {r.motives[m]:5d}  " + "  ".join(f"{_pct(r.endings_by_motive[m][e]):>9}" for e in ends))
    out.append("")
    bw = max(width, 13)
    out.append(f"{'Motive behind':<{bw}}  games  " + "  ".join(f"{m[:9]:>9}" for m in motives))
    for e in ends:
        out.append(f"{labels[e]:<{bw}}  {r.ending_counts[e]:5d}  "
                   + "  ".join(f"{_pct(r.motives_by_ending[e][m]):>9}" for m in motives))
    out.append("  the motives behind each ending: the share of that ending's games (deals by motive)")
    out.append("")
    out.append(f"Game length: mean {r.length.mean:.2f} rounds (min {r.length.min}, median {r.length.median}, "
               f"max {r.length.max})  " + sparkline(r.length.histogram, 1, r.rounds))
    out.append("")
    bounds = {t.id: (t.min, t.max) for t in deck.tallies} if deck else {}
    out.append("Final tallies    mean  min  q1  med  q3  max  distribution")
    for t, d in r.tallies.items():
        low, high = bounds.get(t, (d.min, d.max))
        out.append(f"  {t[:12]:<12} {d.mean:6.2f} {d.min:4d} {d.q1:3d} {d.median:4d} {d.q3:3d} {d.max:4d}  "
                   f"{low}|{sparkline(d.histogram, low, high)}|{high}")
    out.append("  mean by style: " + "; ".join(
        f"{s} " + ", ".join(f"{t} {v:.2f}" for t, v in means.items()) for s, means in r.tally_means_by_style.items()))
    out.append("")
    out.append("Scores           mean  min  q1  med  q3  max  distribution")
    for s, d in r.scores.items():
        out.append(f"  {s[:12]:<12} {d.mean:6.2f} {d.min:4d} {d.q1:3d} {d.median:4d} {d.q3:3d} {d.max:4d}  "
                   f"{d.min}|{sparkline(d.histogram, d.min, d.max)}|{d.max}")
    out.append("  mean by style: " + "; ".join(
        f"{s} " + ", ".join(f"{seat} {v:.2f}" for seat, v in means.items()) for s, means in r.score_means_by_style.items()))
    seats = list(r.scores)
    out.append(f"  mean by motive and style ({' / '.join(seats)}):")
    for m in motives:
        out.append(f"    {m:<{mw}}  " + "  ".join(f"{s} " + " / ".join(f"{v:.2f}" for v in r.score_means_by_motive[m][s].values())
                                               for s in r.styles))
    out.append("")
    ow = max([len(o.id) for o in r.options] + [6])
    out.append(f"{'Option':<{ow}}  played  /turn  games  " + "  ".join(f"{s[:8]:>8}" for s in r.styles)
               + "  dist")
    for o in r.options:
        shares = "  ".join(f"{_pct(ch.share) if ch.playable else '     -':>8}" for ch in o.by_style.values())
        out.append(f"{o.id:<{ow}}  {o.played:6d} {_pct(o.per_round)} {o.games:6d}  {shares}  {o.distance:4.2f}")
    out.append("  /turn: share of all offer turns; games: games where played; by style: share of the turns where it was "
               "playable; dist: how far the endings after the turns where it was played "
               "stand from those after the turns where it was playable but passed over")
    out.append(f"  Reading dist: does playing the card change how games end? 0.00: they end alike whether it is played "
               f"or passed over; 1.00: they never end the same way; below about 0.15 is chance. Above "
               f"{OUTCOME_DISTANCE:.2f} (warned below) one card decides too many games: soften its effects or make it "
               f"cost more. A card that is played often with a dist near 0 changes nothing: give it a price or a "
               f"reason to be played. 0.00 is also shown when there were too few turns to compare (no bot style had "
               f"{OUTCOME_MIN_TURNS} turns where it was played and {OUTCOME_MIN_TURNS} where it was passed over): "
               f"simulate more games.")
    out.append("")
    rw = max([len(k) for k in r.responses] + [8])
    out.append(f"{'Response':<{rw}}  " + "  ".join(f"{m[:8]:>8}" for m in motives) + "   analyst    table")
    for k, by in r.responses.items():
        bits = r.response_bits[k]
        out.append(f"{k:<{rw}}  " + "  ".join(f"{by[m]:8d}" for m in motives)
                   + f"  {bits['analyst']:+8.3f} {bits['table']:8.3f}")
    info = r.information
    out.append("  bits of information about the motive: analyst, the mean drop in the entropy of a perfect analyst's "
               "posterior when the response is seen (negative: it blurs); table, the response's share of the mutual "
               "information between motive and response.")
    out.append(f"  The motive starts at {info['prior']:.3f} bits; a response "
               f"takes {info['analyst_per_response']:.3f} off on average ({info['mutual_information']:.3f} bits of "
               f"mutual information); {info['left']:.3f} bits are left at the end of a game.")
    out.append(f"Passes: offer seat {r.offer_passes}, respond seat {r.response_passes}")
    out.append("")
    out.append(f"Motive guess: right in {_pct(r.guess_accuracy).strip()} of games "
               f"(always naming the likeliest motive: {_pct(r.guess_baseline).strip()}); by motive: "
               + ", ".join(f"{m} {_pct(a).strip()}" for m, a in r.guess_accuracy_by_motive.items()))
    out.append("  by style: " + ", ".join(f"{s} {_pct(a).strip()}" for s, a in r.guess_accuracy_by_style.items()))
    if r.test_tags:
        acc, n = r.guess_accuracy_by_tested, r.tested_games
        out.append(f"  by test (the offer seat played a card tagged {', '.join(r.test_tags)}): tested "
                   f"{_pct(acc['tested']).strip()} of {n['tested']} games, untested {_pct(acc['untested']).strip()} "
                   f"of {n['untested']}; games tested by style: "
                   + ", ".join(f"{s} {_pct(a).strip()}" for s, a in r.tested_by_style.items()))
        out.append("  by motive, tested / untested: " + ", ".join(
            f"{m} {_pct(a['tested']).strip()} of {r.tested_games_by_motive[m]['tested']} / "
            f"{_pct(a['untested']).strip()} of {r.tested_games_by_motive[m]['untested']}"
            for m, a in r.guess_accuracy_by_motive_and_tested.items()))
    else:
        out.append("  by test: the deck names no test tags ([deck] test_tags), so no game counts as tested")
    out.append("")
    out += _counterfactual_table(r)
    out += _stance_table(r)
    out.append("Events drawn: " + ", ".join(f"{e or '(none left)'} {n}" for e, n in r.events.items()))
    out.append("")
    out.append("Never played options: " + (", ".join(r.never_played_options) or "none"))
    out.append("Never played responses: " + (", ".join(r.never_played_responses) or "none"))
    out.append("Never drawn events: " + (", ".join(r.never_drawn_events) or "none"))
    if r.never_hit_rows:
        out.append("Reaction rows never hit: " + "; ".join(f"{a} [{', '.join(map(one_line, rows))}]"
                                                          for a, rows in r.never_hit_rows.items()))
    else:
        out.append("Reaction rows never hit: none")
    out.append("")
    if r.warnings:
        out.append(f"Warnings ({len(r.warnings)}):")
        out += [f"  {w.rule}: {w.message}" for w in r.warnings]
    else:
        out.append("Warnings: none (no option dominates by choice or outcome)")
    return "\n".join(out)


def _stance_table(r: SimulationResult) -> list[str]:
    """What the bots playing the actors chose, and how far each stance moves the endings (when simulated)."""
    out: list[str] = []
    if r.stances_taken:
        out.append("Stances taken by the actors' bots: " + "; ".join(
            f"{a} " + ", ".join(f"{st} {n}" for st, n in taken.items()) for a, taken in r.stances_taken.items()))
        out.append("")
    if not r.stance_effects:
        return out
    ends = list(r.endings)
    games = next(iter(next(iter(r.stance_effects.values())).values()))["games"]
    against = "on the dice" if r.actors == "dice" else "with the actors' bots choosing by the deck's policy"
    out.append(f"Stances: each ending's share when a bot always takes the stance for its actor, minus its share in the "
               f"same {games} games {against} (points)")
    width = max(len(f"{a} {st}") for a, sts in r.stance_effects.items() for st in sts)
    width = max(width, len("actor stance"))
    out.append(f"  {'actor stance':<{width}}   taken  " + "  ".join(f"{e[:9]:>9}" for e in ends))
    for actor, sts in r.stance_effects.items():
        for st, x in sts.items():
            cells = "  ".join(f"{x['endings'][e]:>+9.1f}" for e in ends)
            out.append(f"  {actor + ' ' + st:<{width}}  {_pct(x['taken']).strip():>6}  {cells}")
    out.append("  taken: the share of the actor's stance turns where the stance could be and was taken (elsewhere "
               "its requires did not hold and the bot chose by the deck's policy). Paired games: the same seeds, "
               "seats and dice, so the differences come of the stances.")
    out.append("")
    return out
