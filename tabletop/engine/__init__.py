"""The game engine: pure functions over immutable state, driven only by deck data.

No user interface here: `tabletop.present.text` and `tabletop.present.play` write
plain text for the command line; a richer interface builds on the same API. The
rules (`apply`, `legal_actions`) read the whole state; everyone else reads a seat's
`view`, asks `decide` who moves now and with which menu, and reads what happened
from `Game`'s journal, grouped into `happenings.beats`. The bots (`tabletop.engine.bots`) are imported
from their module, when a bot first moves: a table whose first move is a person's never loads them.
"""

from .actions import (
                      ACTION_TYPES,
                      Action,
                      Adjust,
                      CloseRound,
                      Draw,
                      Guess,
                      IllegalAction,
                      Note,
                      Override,
                      Pass,
                      Play,
                      Redo,
                      Roll,
                      Undo,
                      action_from_dict,
)
from .decisions import Decision, MenuItem, decide
from .game import Game
from .rules import apply, legal_actions, modifiers_for, new_game, odds, playable_options, playable_responses, to_move
from .state import FACILITATOR, TABLE, AppliedModifier, GameState, RollRecord, RoundRecord, SeatConfig, Setup, tally_history
from .views import RollOdds, SeatView, roll_odds, view

__all__ = [
    "ACTION_TYPES", "Action", "Adjust", "AppliedModifier", "CloseRound", "Decision", "Draw", "FACILITATOR",
    "Game", "GameState", "Guess", "IllegalAction", "MenuItem", "Note", "Override", "Pass", "Play", "Redo", "Roll",
    "RollOdds", "RollRecord", "RoundRecord", "SeatConfig", "SeatView", "Setup", "TABLE", "Undo", "action_from_dict",
    "apply", "decide", "legal_actions", "modifiers_for", "new_game", "odds",
    "playable_options", "playable_responses", "roll_odds", "tally_history", "to_move", "view",
]
