"""Regional actors played by a team or a bot: stances and objectives in the deck, the stance step in the rules."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from tabletop.cli import main
from tabletop.deck import inspect_deck, load_deck

HERE = Path(__file__).resolve().parent
STANCES = HERE / "decks" / "stances.toml"


def _check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path)])
    return code, out.getvalue(), err.getvalue()


# -- the deck format ------------------------------------------------------------------------------------------------


def test_stances_and_objectives_load():
    deck = load_deck(STANCES)
    neighbour = deck.actor("neighbour")
    assert [(s.id, s.value) for s in neighbour.stances] == [("calm", 2), ("wait", 0), ("stir", -3)]
    assert neighbour.stances[2].requires[0].tally == "trust"
    assert [p.card for p in neighbour.policy] == [("calm",)]
    assert [(o.points, o.secret, o.per_tally) for o in neighbour.objectives] == [(2, False, None), (1, True, "trust")]
    assert deck.actor("far").stances == () and deck.actor("far").objectives == ()


def test_check_is_clean_and_lists_the_stances():
    code, out, err = _check(STANCES)
    assert code == 0 and "warning" not in err + out, err + out
    assert "stances: Calm the room (calm) +2, Wait (wait) +0, Stir things up (stir) -3" in out
    assert "objectives: 2 (1 secret)" in out


def _broken(tmp_path: Path, *swaps: tuple[str, str]) -> Path:
    text = STANCES.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_check_names_file_line_key_expected_and_found(tmp_path):
    path = _broken(tmp_path, ('reason = "Waiting bends nothing."', 'reason = "  "'),
                   ('per_tally = "trust"', 'per_tally = "trsut"'), ('card = "calm"', 'card = "clam"'),
                   ('id = "wait"', 'id = "calm"'))
    code, _, err = _check(path)
    assert code == 1
    lines = err.splitlines()
    assert lines[-1].endswith(": 4 errors"), err
    blank = _line_of(path, 'reason = "  "')
    assert (f"{path}:{blank}:3: actors[0].stances[1].reason: expected a reason the table "
            "will read aloud for the stance, found an empty one") in lines
    assert (f"{path}:{_line_of(path, 'trsut')}:3: actors[0].objectives[1].per_tally: expected a tally id, found "
            "'trsut' (did you mean 'trust'?); known: trust") in lines
    assert any(line.startswith(f"{path}:{_line_of(path, 'clam')}:3: actors[0].policy[0].card: expected a stance id "
                               "of neighbour, found 'clam'") for line in lines), err
    assert any("actors[0].stances[1].id: expected a unique stance id, found 'calm' again" in line for line in lines)


def test_a_stance_without_a_reason_or_value_is_refused(tmp_path):
    path = _broken(tmp_path, ('value = 0\n  reason = "Waiting bends nothing."\n', ""))
    inspection = inspect_deck(path)
    messages = [f"{'.'.join(map(str, p.path))}: {p.message}" for p in inspection.errors]
    assert any(m.startswith("actors.0.stances.1: missing key 'value'") for m in messages), messages
    assert any(m.startswith("actors.0.stances.1: missing key 'reason'") for m in messages), messages


def test_an_objective_on_a_condition_with_an_unknown_tally_is_refused(tmp_path):
    path = _broken(tmp_path, ('when = [{ tally = "trust", at_least = 3 }]',
                              'when = [{ tally = "nope", at_least = 3 }]'))
    code, _, err = _check(path)
    assert code == 1 and "actors[0].objectives[0].when[0].tally: expected a tally id, found 'nope'" in err


def test_a_policy_with_a_tag_or_without_stances_is_refused(tmp_path):
    path = _broken(tmp_path, ('card = "calm"', 'tag = "calm"'))
    code, _, err = _check(path)
    assert code == 1 and "actors[0].policy[0].tag: expected 'card' naming stance ids, found 'tag'" in err
