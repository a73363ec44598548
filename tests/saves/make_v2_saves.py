"""Made the saves in this folder with tabletop at commit d9ee100 (save version 2, bots keyed on the step count):

    PYTHONPATH=/path/to/that/checkout python tests/saves/make_v2_saves.py

Each save is a game of one of the two decks here, with seats, seeds, choices and facilitator rulings (notes,
adjustments, undos, overrides of earlier rolls) drawn from a seeded `random.Random`. ``states.json`` holds,
per save, the fingerprint (`fingerprint.py`) of the state after each logged action, as that version computed it.
"""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "v2"
sys.path.insert(0, str(HERE.parent))

from fingerprint import fingerprint  # noqa: E402

from tabletop.deck import load_deck  # noqa: E402
from tabletop.engine import Adjust, Game, IllegalAction, Note, SeatConfig, Setup  # noqa: E402
from tabletop.engine.bots import automatic_action  # noqa: E402
from tabletop.engine.rulings import overridable_rolls, override_roll  # noqa: E402
from tabletop.saves import save_game  # noqa: E402


def ruling(game: Game, r: random.Random) -> None:
    kind = r.choice(["note", "adjust", "undo", "override", "override", "override twice"])
    try:
        if kind == "note":
            game.act(Note(f"note {r.randrange(1000)}"))
        elif kind == "adjust":
            game.act(Adjust(r.choice(game.deck.tallies).id, r.choice([-2, -1, 1, 2]), "a ruling"))
        elif kind == "undo" and game.applied:
            game.undo(r.randint(1, min(4, len(game.applied))), "back")
        elif kind.startswith("override"):
            rolls = overridable_rolls(game)
            if rolls:
                roll = r.choice(rolls)
                rows = len(game.deck.actor(roll.actor).reactions)
                override_roll(game, roll, "ruled", row=r.randrange(rows))
                if kind == "override twice":  # the same roll again, by its row or by a total
                    roll = next(x for x in overridable_rolls(game) if (x.actor, x.round) == (roll.actor, roll.round))
                    if r.random() < 0.5:
                        override_roll(game, roll, "ruled again", row=r.randrange(rows))
                    else:
                        override_roll(game, roll, "ruled again", total=r.randint(-2, 14))
    except IllegalAction:
        pass


def make(i: int) -> tuple[str, list[str]]:
    r = random.Random(i)
    deck = load_deck(HERE / ("small.toml" if i % 2 else "korea-2018.toml"))
    offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
    styles = [None] + [st.id for st in offer.styles]
    seats = {offer.id: SeatConfig(r.choice(["human", "bot"]), r.choice(styles)),
             respond.id: SeatConfig(r.choice(["human", "bot"]))}
    if seats[offer.id].kind == "human":
        seats[offer.id] = SeatConfig("human")
    game = Game(deck, Setup(seats, r.randrange(2**32) if i % 3 else r.randrange(100), r.choice([None, None, 2, 3])))
    stop = r.randint(20, 400)
    while game.state.phase != "over" and len(game.log) < stop:
        if r.random() < 0.12:
            ruling(game, r)
            continue
        action = automatic_action(game.state) or r.choice(game.legal())
        game.act(action)
    name = f"{i:02d}.jsonl"
    save_game(game, HERE / name, replace=True)
    replayed = Game(deck, game.setup)
    prints = []
    for action in game.log:
        replayed.act(action)
        prints.append(fingerprint(replayed.state))
    assert replayed.state == game.state
    return name, prints


if __name__ == "__main__":
    import tabletop.engine.bots
    assert "BOT_STREAM" not in vars(tabletop.engine.bots), "run with the old code"
    print(tabletop.engine.bots.__file__)
    states = dict(make(i) for i in range(40))
    (HERE / "states.json").write_text(json.dumps(states, indent=0) + "\n")
