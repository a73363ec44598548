"""The game engine: pure functions over immutable state, driven only by deck data.

No user interface here: `tabletop.present.text` and `tabletop.present.play` write
plain text for the command line; a richer interface builds on the same API.
"""

from .actions import (ACTION_TYPES, Action, Adjust, CloseRound, Draw, Guess, IllegalAction, Note, Override, Pass, Play,
                      Redo, Roll, Undo, action_from_dict)
from .bots import Choice, bot_action, explain
from .game import Game
from .rules import apply, legal_actions, modifiers_for, new_game, odds, playable_options, playable_responses, to_move
from .state import FACILITATOR, TABLE, AppliedModifier, GameState, RollRecord, RoundRecord, SeatConfig, Setup, tally_history

__all__ = [
    "ACTION_TYPES", "Action", "Adjust", "AppliedModifier", "Choice", "CloseRound", "Draw", "FACILITATOR", "Game",
    "GameState", "Guess", "IllegalAction", "Note", "Override", "Pass", "Play", "Redo", "Roll", "RollRecord", "RoundRecord",
    "SeatConfig", "Setup", "TABLE", "Undo", "action_from_dict", "apply", "bot_action", "explain", "legal_actions",
    "modifiers_for", "new_game", "odds", "playable_options", "playable_responses", "tally_history", "to_move",
]
