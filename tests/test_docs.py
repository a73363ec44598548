"""The deck guide (``docs/decks.md``) and its examples stay true to the code.

- Every example deck under ``docs/examples`` loads without errors, and every other
  example file is part of one of them.
- Every line of the guide that quotes a message for a deck of the broken-deck corpus
  (``tests/decks/broken/NAME.toml``) is, verbatim, a line of what `tabletop check`
  prints for it (the ``.expected`` files, checked against the code by
  ``test_deck_errors.py``).
- The ``check`` output shown for the minimal example is what ``check`` prints.
- Every ``tabletop ...`` command line in the guide names a real command and real options.

When a message changes wording, regenerate the corpus (see ``test_deck_errors.py``)
and update the guide's quotes to match.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from tabletop.cli import build_parser, main
from tabletop.deck import inspect_deck

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "decks.md"
EXAMPLES = ROOT / "docs" / "examples"
BROKEN = Path(__file__).resolve().parent / "decks" / "broken"

GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
GUIDE_LINES = GUIDE_TEXT.splitlines()


# ---------------------------------------------------------------------------
# (a) The example decks load
# ---------------------------------------------------------------------------


def _is_main_deck(path: Path) -> bool:
    """A main deck file has a [deck] table; a file that is not valid TOML counts, so that it fails."""
    try:
        return "deck" in tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.toml"))
EXAMPLE_DECKS = [p for p in EXAMPLE_FILES if _is_main_deck(p)]


def test_the_guide_has_example_decks():
    names = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLE_DECKS}
    assert {"minimal.toml", "strait/deck.toml"} <= names


@pytest.mark.parametrize("path", EXAMPLE_DECKS, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_deck_has_no_errors(path):
    result = inspect_deck(path)
    assert result.errors == [], "\n".join(str(p) for p in result.errors)
    assert result.deck is not None


def test_every_example_file_belongs_to_an_example_deck():
    read = set()
    for path in EXAMPLE_DECKS:
        deck = inspect_deck(path).deck
        assert deck is not None and deck.origin is not None
        read |= {Path(f).resolve() for f in deck.origin.files}
    stray = [p.relative_to(EXAMPLES).as_posix() for p in EXAMPLE_FILES if p.resolve() not in read]
    assert stray == [], f"example files no example deck includes: {stray}"


# ---------------------------------------------------------------------------
# (b) Quoted messages of the broken-deck corpus are exact
# ---------------------------------------------------------------------------

CORPUS = sorted(p.stem for p in BROKEN.glob("*.toml"))
EXPECTED = {p.stem: p.read_text(encoding="utf-8").splitlines() for p in sorted(BROKEN.glob("*.expected"))}
# "NAME.toml:" for a corpus deck, not preceded by more of a file name ("my-empty.toml:").
QUOTE = re.compile(r"(?<![\w./\\-])(" + "|".join(re.escape(n) for n in CORPUS) + r")\.toml:")


def expected_lines(name: str) -> set[str]:
    """Every line of the .expected files that reports on ``name``.toml (an included file's
    messages are in the .expected file of the deck that includes it)."""
    return {line for lines in EXPECTED.values() for line in lines if line.startswith(f"{name}.toml:")}


def quotes_in(lines: list[str]) -> list[tuple[int, str, str | None]]:
    """(line number, corpus deck name, the quoted text or None if it is not a whole line or a code span)."""
    found = []
    for number, line in enumerate(lines, 1):
        for m in QUOTE.finditer(line):
            if m.start() == len(line) - len(line.lstrip()):  # the line is the quote
                found.append((number, m.group(1), line.strip()))
                continue
            spans = [s for s in re.finditer(r"`([^`]*)`", line) if s.start() < m.start() < s.end()]
            found.append((number, m.group(1), spans[0].group(1) if spans else None))
    return found


QUOTES = quotes_in(GUIDE_LINES)


def test_quotes_are_found():
    # If this fails, the pattern above no longer recognises the guide's quotes.
    assert len(QUOTES) >= 20
    assert len({name for _, name, _ in QUOTES}) >= 10


@pytest.mark.parametrize("number, name, quoted", QUOTES, ids=[f"line{n}-{name}" for n, name, _ in QUOTES])
def test_quoted_message_is_exactly_what_check_prints(number, name, quoted):
    assert quoted is not None, (
        f"docs/decks.md:{number} mentions {name}.toml: outside a code block or code span, "
        f"so it cannot be checked: {GUIDE_LINES[number - 1]!r}")
    allowed = expected_lines(name)
    assert allowed, f"docs/decks.md:{number}: no .expected file reports on {name}.toml"
    assert quoted in allowed, (
        f"docs/decks.md:{number} quotes a message `tabletop check` no longer prints:\n  {quoted}\n"
        "it prints:\n  " + "\n  ".join(sorted(allowed)))


def test_the_ten_mistakes_are_quoted_whole_and_in_order():
    block = "\n".join(EXPECTED["ten_mistakes"])
    assert block in GUIDE_TEXT


def test_the_checker_catches_a_changed_quote():
    lines = list(GUIDE_LINES)
    number, name, quoted = next(q for q in QUOTES if q[2] is not None and q[1] == "reaction_gap")
    lines[number - 1] = lines[number - 1].replace("would match no row", "would match nothing")
    [(_, _, changed)] = [q for q in quotes_in(lines) if q[0] == number]
    assert changed != quoted and changed not in expected_lines(name)


# ---------------------------------------------------------------------------
# (c) The check output shown for the minimal deck
# ---------------------------------------------------------------------------


def _shown_output(command: str) -> str:
    """The lines of the ```text block that starts with ``$ command``, without that line."""
    start = GUIDE_LINES.index(f"$ {command}")
    end = GUIDE_LINES.index("```", start)
    return "\n".join(GUIDE_LINES[start + 1:end]) + "\n"


def test_minimal_check_output_is_current():
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["check", "docs/examples/minimal.toml"])
    finally:
        os.chdir(cwd)
    assert code == 0
    assert out.getvalue() == _shown_output("tabletop check docs/examples/minimal.toml")


# ---------------------------------------------------------------------------
# (d) Commands and options the guide names exist
# ---------------------------------------------------------------------------


def _command_lines() -> list[str]:
    """``tabletop ...`` in code spans, and lines of code blocks that run tabletop."""
    spans = re.findall(r"`(tabletop(?: [^`]*)?)`", GUIDE_TEXT)
    shell, fenced = [], False
    for line in GUIDE_LINES:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif fenced and (m := re.match(r"\s*(?:\$ )?(tabletop(?: .*)?)$", line)):
            shell.append(m.group(1))
    return sorted({" ".join(s.split()) for s in spans + shell})


COMMAND_LINES = _command_lines()


def test_command_lines_are_found():
    assert len(COMMAND_LINES) >= 10


@pytest.mark.parametrize("line", COMMAND_LINES)
def test_command_line_names_real_commands_and_options(line):
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    words = shlex.split(line)[1:]
    target = parser
    if words and not words[0].startswith("-"):
        assert words[0] in commands, f"{line!r}: no command {words[0]!r}"
        target = commands[words[0]]
    for word in words:
        if word.startswith("-") and word != "-":
            option = word.split("=", 1)[0]
            assert option in target._option_string_actions, f"{line!r}: no option {option!r}"


OPTION_SPANS = sorted({m.split()[0].split("=", 1)[0] for m in re.findall(r"`(--?[a-z][^`]*)`", GUIDE_TEXT)})


def test_options_named_on_their_own_exist():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    known = set(parser._option_string_actions).union(*(c._option_string_actions for c in commands.values()))
    assert len(OPTION_SPANS) >= 10
    assert [o for o in OPTION_SPANS if o not in known] == []


# ---------------------------------------------------------------------------
# (e) Every TOML block of the guide is what the loader accepts
# ---------------------------------------------------------------------------

TOML_BLOCKS = [(GUIDE_TEXT[:m.start()].count("\n") + 2, m.group(1))
               for m in re.finditer(r"^```toml\n(.*?)^```", GUIDE_TEXT, flags=re.M | re.S)]


def test_toml_blocks_are_found():
    assert len(TOML_BLOCKS) >= 15


@pytest.mark.parametrize("line, block", TOML_BLOCKS, ids=[f"line{n}" for n, _ in TOML_BLOCKS])
def test_every_toml_block_of_the_guide_has_the_deck_format(line, block):
    """Each block parses, and every part of a deck in it (tables, conditions) has the shape the loader wants:
    a key that the format renamed or dropped would fail here. (References between ids are the example decks'.)"""
    import attrs

    from tabletop.deck import model
    from tabletop.deck.structure import hints, structure

    data = tomllib.loads("\n".join(x for x in block.splitlines() if x.strip() != "..."))  # "..." marks an elision
    problems: list[str] = []
    deck_fields = {a.name: hints(model.Deck)[a.name] for a in attrs.fields(model.Deck) if not a.metadata.get("internal")}
    for key, value in data.items():
        if key in deck_fields:
            tp = deck_fields[key]
        elif key in ("when", "requires", "rolls_when", "drift_when"):
            tp = model.Condition
        else:
            continue
        if isinstance(value, dict) and key != "deck":  # a fragment such as [[actors.reactions]] on its own
            continue
        structure(tp, value, (key,), lambda path, message: problems.append(f"{path}: {message}"))
    # A block shows only the keys it is about: a key it leaves out is no fault of the block.
    wrong = [p for p in problems if "missing key" not in p]
    assert wrong == [], f"docs/decks.md:{line}: {wrong}"
