"""What the settings in ``config.toml`` may name, as the interface knows it: the screens and their
bindings, the themes, and what a key is (Textual's key names). `tabletop.config` checks a config
against this (`Config.checked`) without importing Textual itself."""

from __future__ import annotations

import importlib
from functools import lru_cache

from textual.app import App
from textual.keys import Keys, _character_to_key, key_to_character

from ..config import Config, KnownBinding, ScreenKeys

#: Every screen: (in words, module under tabletop.ui.screens, class, whether it has text fields).
SCREENS = [
    ("the setup screen", "setup", "SetupScreen", True),
    ("the table", "table", "TableScreen", False),
    ("the hand-off screen", "modals", "HandOffScreen", False),
    ("the motive guess", "modals", "GuessScreen", False),
    ("the stance choice", "modals", "StanceScreen", False),
    ("the quit question", "modals", "ConfirmQuitScreen", False),
    ("the question before replacing another game's save", "modals", "ReplaceSaveScreen", False),
    ("the question where to save elsewhere", "modals", "SaveElsewhereScreen", True),
    ("the facilitator's panel", "facilitator", "FacilitatorScreen", True),
    ("the question before undoing more than one step", "facilitator", "ConfirmUndoScreen", False),
    ("the debrief", "debrief", "DebriefScreen", False),
    ("the deck errors screen", "deck_errors", "DeckErrorScreen", False),
    ("the help screen", "help", "HelpScreen", False),
    ("the card in full", "card", "CardScreen", False),
]

#: The ways out and Help: no remap may leave a screen without them.
ESSENTIAL = {"app.help", "setup.quit", "table.quit", "handoff.cancel", "quit.no", "facilitator.close",
             "debrief.quit", "errors.quit", "help.close", "replace.no", "elsewhere.cancel",
             "card.close", "undo.no"}

#: Keys that the screens' widgets (lists, selects, buttons, tabs, scrolling) use for themselves.
WIDGET_KEYS = ("enter", "up", "down", "left", "right", "home", "end", "pageup", "pagedown")

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")


@lru_cache(1)
def _named_keys() -> frozenset[str]:
    names = {k.value.rpartition("+")[2] for k in Keys if not k.value.startswith("<")}
    return frozenset(names | {"plus", "minus", "slash", "backslash", "at", "underscore", "comma"})


def key_name(text: str) -> str | None:
    """Textual's name for the key written ``text`` (``?`` -> ``question_mark``, ``ctrl+T`` stays unknown),
    or None if it is not a key Textual can report."""
    *mods, base = text.strip().split("+") if text.strip() != "+" else ["+"]
    if len(set(mods)) != len(mods) or any(m not in MODIFIERS for m in mods) or not base:
        return None
    if len(base) == 1:
        if not base.isprintable() or base.isspace() or (mods and base != base.lower()):
            return None  # with a modifier, Textual names a letter in lower case
        name = _character_to_key(base)
    elif base in _named_keys() or key_to_character(base) is not None:
        name = base
    else:
        return None
    return "+".join([*mods, name])


def _screen_class(module: str, name: str):
    return getattr(importlib.import_module(f"tabletop.ui.screens.{module}"), name)


def _bindings(cls) -> list[KnownBinding]:
    """The bindings a class declares (with its base classes'), one per id, or per action for those without."""
    grouped: dict[tuple[str, str], list[str]] = {}
    described: dict[tuple[str, str], str] = {}
    for key, bindings in cls._merge_bindings().key_to_bindings.items():
        for b in bindings:
            label = (b.id or "", "" if b.id else b.action)
            grouped.setdefault(label, []).append(key)
            described.setdefault(label, b.description or b.action.removeprefix("app.").replace("_", " "))
    out = []
    for (ident, _), keys in grouped.items():
        words = described[(ident, _)] if ident else f"{described[(ident, _)]} ({', '.join(keys)})"
        out.append(KnownBinding(ident, tuple(keys), words, ident in ESSENTIAL))
    return out


def screens(app_class: type[App]) -> list[ScreenKeys]:
    """Every screen with the bindings active on it: its own, the app's, the command palette's, its widgets' keys."""
    shared = _bindings(app_class)
    if app_class.ENABLE_COMMAND_PALETTE:
        shared.append(KnownBinding("", (app_class.COMMAND_PALETTE_BINDING,), "the command palette"))
    shared.append(KnownBinding("", WIDGET_KEYS, "the lists, buttons and scrolling"))
    return [ScreenKeys(words, tuple(_bindings(_screen_class(module, name)) + shared), typing)
            for words, module, name, typing in SCREENS]


def check(config: Config, app: App) -> Config:
    """``config`` with what ``app`` cannot use taken out (see `Config.checked`)."""
    return config.checked(themes=app.available_themes,
                          screens=screens(type(app)) if config.keys else None, key_name=key_name)
