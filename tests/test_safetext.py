"""`tabletop.safetext`: control characters from files become visible escapes; nothing else changes."""

from __future__ import annotations

import io
import json
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from tabletop.safetext import UNSAFE, VisibleWriter, one_line, raw_output, unfiltered, visible, visible_output

CONTROLS = [chr(c) for c in range(0x20) if c not in (9, 10)] + [chr(c) for c in range(0x7F, 0xA0)] + [
    "\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
# Text with many control characters and the characters next to them in the tables.
TEXTS = st.text(alphabet=st.sampled_from(CONTROLS) | st.characters(codec="utf-8") | st.sampled_from("\r\n\t\\[]"))


def test_each_control_character_becomes_its_escape():
    for c in CONTROLS:
        assert visible(f"a{c}b") == f"a\\u{ord(c):04x}b"
    assert visible("\u001b]0;pwned\u0007") == "\\u001b]0;pwned\\u0007"
    assert visible("\u009b2J") == "\\u009b2J"


def test_line_breaks_and_tabs_are_kept_and_crlf_is_a_line_break():
    assert visible("one\ntwo\tthree") == "one\ntwo\tthree"
    assert visible("one\r\ntwo") == "one\ntwo"
    assert visible("one\rtwo") == "one\\u000dtwo"
    assert visible("\r\r\n") == "\\u000d\n"


def test_ordinary_text_is_unchanged_and_the_same_object():
    text = "Guarantees [sic] Nobody Can Give — Pyongyang [DPRK] \\u001b ✓ 北朝鮮"
    assert visible(text) is text


def test_one_line_escapes_line_breaks_too():
    assert one_line("a\nb\tc\r\nd\re") == "a\\nb\\tc\\nd\\u000de"


@settings(max_examples=examples(3))
@given(TEXTS)
def test_visible_leaves_no_control_character_and_is_idempotent(text):
    shown = visible(text)
    assert UNSAFE.search(shown) is None and "\r" not in shown
    assert visible(shown) == shown
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in shown)
    line = one_line(text)
    assert "\n" not in line and "\t" not in line and one_line(line) == line


@settings(max_examples=examples(3))
@given(TEXTS)
def test_visible_only_replaces_what_it_must(text):
    # Character by character (CR LF read as LF): each unsafe one is its escape, every other one itself.
    shown = visible(text)
    i = 0
    for c in text.replace("\r\n", "\n"):
        if UNSAFE.match(c):
            assert shown[i:i + 6] == f"\\u{ord(c):04x}"
            i += 6
        else:
            assert shown[i] == c
            i += 1
    assert i == len(shown)


@settings(max_examples=examples(2))
@given(st.dictionaries(TEXTS, TEXTS, max_size=4))
def test_visible_json_is_valid_json_with_the_same_data(data):
    text = visible(json.dumps(data, ensure_ascii=False, indent=2))
    assert UNSAFE.search(text) is None
    assert json.loads(text) == data  # json.dumps escapes CR itself: no CR LF is turned into LF


def test_the_writer_filters_and_passes_everything_else_through():
    raw = io.StringIO()
    writer = VisibleWriter(raw)
    print("title \u001b[2J\r", "ok", file=writer)
    writer.writelines(["\u009b", "x\n"])
    assert raw.getvalue() == "title \\u001b[2J\\u000d ok\n\\u009bx\n"
    assert writer.isatty() is False and writer.getvalue() == raw.getvalue()
    assert unfiltered(writer) is raw and unfiltered(raw) is raw


def test_visible_output_wraps_stdout_and_stderr_for_a_while(capsys):
    before = sys.stdout, sys.stderr
    with visible_output():
        print("\u001b]0;pwned\u0007")
        print("\r", file=sys.stderr)
        with raw_output():
            assert (sys.stdout, sys.stderr) == before
            sys.stdout.write("\u001b[0m")  # our own escape codes, under the filter
        with visible_output():  # not wrapped twice
            print("\u0007")
    assert (sys.stdout, sys.stderr) == before
    out, err = capsys.readouterr()
    assert out == "\\u001b]0;pwned\\u0007\n\u001b[0m\\u0007\n"
    assert err == "\\u000d\n"
