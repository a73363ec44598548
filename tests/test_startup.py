"""What keeps start-up lean (issue 8, benchmarks/startup.py measures it): the shared ``__repr__`` of the attrs
classes, and the first screen importing only what it needs."""

import importlib
import pkgutil

import attrs

import tabletop
from tabletop.records import Record


def _tabletop_attrs_classes():
    for module in pkgutil.walk_packages(tabletop.__path__, "tabletop."):
        if module.name.endswith("__main__"):
            continue  # runs the command line
        mod = importlib.import_module(module.name)
        for value in vars(mod).values():
            if isinstance(value, type) and attrs.has(value) and value.__module__ == mod.__name__:
                yield value


def test_every_attrs_class_shares_the_one_repr_instead_of_compiling_its_own():
    classes = list(_tabletop_attrs_classes())
    assert len(classes) > 80  # the models, actions, happenings, state, views, saves ...
    own = [c.__qualname__ for c in classes if not issubclass(c, Record) or c.__repr__ is not Record.__repr__]
    assert own == []  # a new class: @attrs.frozen(repr=False, eq=False) and inherit Record
    frozen = [c for c in classes if c.__setattr__ is not object.__setattr__]  # attrs's frozen classes refuse it
    assert len(frozen) > 75
    compared = [c.__qualname__ for c in frozen if (c.__eq__, c.__hash__) != (Record.__eq__, Record.__hash__)]
    assert compared == []  # ... and compare and hash through Record (the mutable ones keep attrs's: unhashable)


def test_the_shared_repr_reads_as_attrs_would_write_it():
    @attrs.frozen
    class Inner:
        n: int

    @attrs.frozen
    class Generated:
        name: str
        inner: Inner
        items: tuple[int, ...] = ()
        secret: str = attrs.field(default="x", repr=False)
        shown: int = attrs.field(default=3, repr=lambda v: f"<{v}>")

    @attrs.frozen(repr=False)
    class Shared(Record):
        name: str
        inner: Inner
        items: tuple[int, ...] = ()
        secret: str = attrs.field(default="x", repr=False)
        shown: int = attrs.field(default=3, repr=lambda v: f"<{v}>")

    generated = repr(Generated("a'b", Inner(1), (1, 2)))
    shared = repr(Shared("a'b", Inner(1), (1, 2)))
    assert generated == "Generated(name=\"a'b\", inner=Inner(n=1), items=(1, 2), shown=<3>)"
    assert shared == "Shared(name=\"a'b\", inner=Inner(n=1), items=(1, 2), shown=<3>)"


def test_a_record_that_is_not_an_attrs_class_has_the_plain_repr():
    class Plain(Record):
        __slots__ = ()

    assert repr(Plain()).startswith("<test_startup.")


def test_the_built_in_digests_are_hashlibs():
    import hashlib

    from tabletop import digests

    for data in (b"", b"deck.toml\0text\0", "北".encode() * 1000):
        assert digests.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        assert digests.blake2b(data, digest_size=8).digest() == hashlib.blake2b(data, digest_size=8).digest()


START = """
import sys
from tabletop.cli import main
import tabletop.commands.play
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.paths import default_deck
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.table import TableScreen
game = Game(load_deck(default_deck()), Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 7))
while (action := automatic_action(game.state)) is not None:  # a whole game of bots: their seat keys too
    game.act(action)
assert game.state.phase == "over"
print(" ".join(sorted(sys.modules)))
"""


def test_starting_the_table_loads_neither_openssls_hashes_nor_what_other_screens_need():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "tabletop.ui.app" in loaded and "tabletop.engine.bots" in loaded
    assert not loaded & {"hashlib", "_hashlib", "secrets", "hmac"}
    later = {"tabletop.ui.providers", "tabletop.ui.screens.setup", "tabletop.ui.screens.debrief",
             "tabletop.ui.screens.modals", "tabletop.ui.screens.facilitator", "tabletop.ui.screens.help",
             "tabletop.ui.screens.deck_errors", "tabletop.deck.lint", "tabletop.deck.schema", "tabletop.deck.locate",
             "tabletop.present.report", "tabletop.balance.simulate", "tabletop.engine.rulings", "tabletop.outputs"}
    assert not loaded & later  # imported when their screen, command or palette is first used


def test_records_compare_and_hash_by_class_and_compared_fields_as_attrs_would():
    from tabletop.deck import load_deck
    from tabletop.engine.actions import Pass
    from tabletop.engine.happenings import Passed, RoundStarted
    from tabletop.paths import default_deck

    assert Pass("us") == Pass("us") and hash(Pass("us")) == hash(Pass("us"))
    assert Pass("us") != Pass("dprk")
    assert Passed("us", "offer") != Passed("us", "respond")
    assert RoundStarted(1, 6) != RoundStarted(1, 7) and RoundStarted(1, 6) != (1, 6)
    assert len({RoundStarted(1, 6), RoundStarted(1, 6), RoundStarted(2, 6)}) == 2

    @attrs.frozen(repr=False, eq=False)
    class A(Record):
        x: int

    @attrs.frozen(repr=False, eq=False)
    class B(Record):
        x: int

    assert A(1) != B(1) and A(1) == A(1) and A(1) != A(2)  # the class counts, as with attrs
    one, two = load_deck(default_deck()), load_deck(default_deck())
    assert one == two and one.origin is not two.origin  # the origin is not compared (eq=False), by_id neither
    assert attrs.evolve(one, origin=None) == one


def test_mutable_records_stay_unhashable():
    import pytest

    from tabletop.deck.load import Checker

    assert Checker.__hash__ is None
    with pytest.raises(TypeError):
        hash(Checker(root=None))


FIRST_FRAME = """
import sys
from tabletop.config import Config
from tabletop.engine.state import SeatConfig, Setup
from tabletop.paths import default_deck, open_deck
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.table import TableScreen

async def first_frame(pilot):
    while not isinstance(pilot.app.screen, TableScreen):
        await pilot.pause()
    await pilot.pause()
    print(" ".join(sorted(sys.modules)))
    pilot.app.exit()

setup = Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7)  # as benchmarks/startup.py opens it
app = TabletopApp(default_deck(), deck=open_deck(default_deck()), setup=setup, animate=False, config=Config())
app.run(headless=True, size=(80, 24), auto_pilot=first_frame)
"""


def test_the_tables_first_frame_loads_no_bot_no_toml_parser_and_no_clock_digits():
    """A solo game whose first move is a person's: the bots load when the bot first moves, the TOML parser when a
    file is not in the deck cache (the first run fills it) or a config file exists, the clock's digits with a clock."""
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    first, second = (set(r.stdout.split()) for r in runs)
    assert "tabletop.ui.screens.table" in second and "tabletop.engine.decisions" in second
    assert "tomllib" in first  # the deck was parsed: the cache was empty
    assert not second & {"tabletop.engine.bots", "tabletop.engine.belief", "tabletop.engine.policy", "tomllib",
                         "textual.widgets._digits"}
