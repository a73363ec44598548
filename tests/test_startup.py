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
    assert own == []  # a new class: @attrs.frozen(repr=False) and inherit Record


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
