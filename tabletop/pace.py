"""How long the table holds each beat before its next step: the room pace presets, in one place.

A *beat* is what the stage shows (`tabletop.present.stage`): an event, an offer, a response, a roll's odds,
the roll, the close of a round, the ending... The table holds each for the seconds its pace gives, then makes
the next step by itself; Space goes on at once, P stops the clock. ``room`` holds long enough to read a roll's
odds aloud; ``brisk`` follows a game at a glance; ``instant`` does not wait at all (``--no-animation``).

Imported by the settings, the command line and the interface: it needs nothing itself.
"""

from __future__ import annotations

from types import MappingProxyType

#: Seconds each beat is held, by pace. A beat not named is held as ``other``.
PACES = MappingProxyType({
    "room": MappingProxyType({"start": 4.0, "event": 8.0, "offer": 5.0, "response": 5.0, "pass": 3.0,
                              "odds": 5.0, "roll": 5.0, "sat_out": 2.0, "close": 6.0, "ending": 8.0,
                              "ruling": 4.0, "stance": 8.0, "other": 3.0}),
    "brisk": MappingProxyType({"start": 0.6, "event": 0.8, "offer": 0.8, "response": 0.8, "pass": 0.8,
                               "odds": 0.9, "roll": 1.2, "sat_out": 0.6, "close": 0.6, "ending": 1.2,
                               "ruling": 0.6, "stance": 1.2, "other": 0.6}),
    "instant": MappingProxyType({"other": 0.0}),
})

#: What each pace is for, in words (setup screen, help, --help).
PACE_WORDS = MappingProxyType({
    "room": "each beat holds until Space or a few seconds: time to read the odds aloud",
    "brisk": "short pauses, to follow at a glance",
    "instant": "no pauses (also --no-animation)",
})

#: The pace of a game whose seats are all people (hot-seat: a room around one screen), and of any other game.
HOT_SEAT_PACE = "room"
OTHER_PACE = "brisk"


def hold(pace: str, beat: str) -> float:
    """Seconds ``pace`` holds ``beat`` before the next step."""
    table = PACES[pace]
    return table.get(beat, table["other"])


def pace_error(name: str) -> str | None:
    """Why ``name`` is not a pace (None if it is one)."""
    if name in PACES:
        return None
    return f"expected one of {', '.join(PACES)}, found {name!r}"


def default_pace(all_people: bool) -> str:
    """The pace when none is chosen: a hot-seat game plays at the room's pace, others briskly."""
    return HOT_SEAT_PACE if all_people else OTHER_PACE
