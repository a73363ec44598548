"""tabletop: a terminal companion for turn-based seminar wargames."""

__version__ = "0.1.0"
