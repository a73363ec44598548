import random
import re
import tomllib
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples

from tabletop.deck.locate import locate, position


def paths(value, prefix=()):
    """Every path (dict key or list index) that reaches a value inside ``value``."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    out = set()
    for key, child in items:
        out.add(prefix + (key,))
        out |= paths(child, prefix + (key,))
    return out


def test_key_values_and_comments():
    text = '# a deck\n\ntitle = "Crisis"  # trailing\n  turns=12\n\tseed =\t7\n'
    assert locate(text) == {("title",): (3, 1), ("turns",): (4, 3), ("seed",): (5, 2)}


def test_dotted_keys_with_spaces_and_quoted_parts():
    text = 'x = 0\na . "b.c" .d = 1\na.e = 2\n"a.b" = 3\n\'lit\' = 4\n'
    assert locate(text) == {
        ("x",): (1, 1),
        ("a",): (2, 1),
        ("a", "b.c"): (2, 5),
        ("a", "b.c", "d"): (2, 12),
        ("a", "e"): (3, 3),
        ("a.b",): (4, 1),
        ("lit",): (5, 1),
    }


def test_escaped_and_empty_quoted_keys():
    text = '"a\\u0062" = 1\n"" = 2\n"q\\"x" = 3\n'
    assert set(tomllib.loads(text)) == {"ab", "", 'q"x'}
    assert locate(text) == {("ab",): (1, 1), ("",): (2, 1), ('q"x',): (3, 1)}


def test_table_headers_and_implicit_parents():
    text = "[a.b.c]\nx = 1\n[ a . d ]\n[a]\ny = 2\n"
    assert locate(text) == {
        ("a",): (4, 2),  # implied at line 1, defined by its own header at line 4
        ("a", "b"): (1, 2),
        ("a", "b", "c"): (1, 2),
        ("a", "b", "c", "x"): (2, 1),
        ("a", "d"): (3, 3),
        ("a", "y"): (5, 1),
    }


def test_arrays_of_tables_count_per_parent_element():
    text = """\
[[actors]]
name = "a"
[[actors.reactions]]
cost = 1
[[actors.reactions]]
[actors.stats]
hp = 3
[[actors]]
[[actors.reactions]]
  [[ actors . reactions ]]
"""
    assert tomllib.loads(text)["actors"][1]["reactions"] == [{}, {}]
    assert locate(text) == {
        ("actors",): (1, 3),
        ("actors", 0): (1, 3),
        ("actors", 0, "name"): (2, 1),
        ("actors", 0, "reactions"): (3, 3),
        ("actors", 0, "reactions", 0): (3, 3),
        ("actors", 0, "reactions", 0, "cost"): (4, 1),
        ("actors", 0, "reactions", 1): (5, 3),
        ("actors", 0, "stats"): (6, 2),
        ("actors", 0, "stats", "hp"): (7, 1),
        ("actors", 1): (8, 3),
        ("actors", 1, "reactions"): (9, 3),
        ("actors", 1, "reactions", 0): (9, 3),
        ("actors", 1, "reactions", 1): (10, 6),
    }


def test_inline_tables_and_arrays_nest():
    text = 't = { a = 1, b = { c = [ {x=1}, {x=2}, 3 ] }, d.e = "}" }\nu = [[1, 2], [], {}]\n'
    assert locate(text) == {
        ("t",): (1, 1),
        ("t", "a"): (1, 7),
        ("t", "b"): (1, 14),
        ("t", "b", "c"): (1, 20),
        ("t", "b", "c", 0): (1, 26),
        ("t", "b", "c", 0, "x"): (1, 27),
        ("t", "b", "c", 1): (1, 33),
        ("t", "b", "c", 1, "x"): (1, 34),
        ("t", "b", "c", 2): (1, 40),
        ("t", "d"): (1, 47),
        ("t", "d", "e"): (1, 49),
        ("u",): (2, 1),
        ("u", 0): (2, 6),
        ("u", 0, 0): (2, 7),
        ("u", 0, 1): (2, 10),
        ("u", 1): (2, 14),
        ("u", 2): (2, 18),
    }


def test_multiline_array_with_comments_and_trailing_comma():
    text = 'a = [ # opening\n  1,\n  # between ] , {\n\n  "two" ,  # after\n  [ 3,\n 4 ],\n]\nb = 0\n'
    assert locate(text) == {
        ("a",): (1, 1),
        ("a", 0): (2, 3),
        ("a", 1): (5, 3),
        ("a", 2): (6, 3),
        ("a", 2, 0): (6, 5),
        ("a", 2, 1): (7, 2),
        ("b",): (9, 1),
    }


def test_strings_of_every_kind_are_skipped():
    text = (
        'a = "x # no comment \\" ] } = \\\\"\n'
        "b = 'C:\\path # \" ]'\n"
        'c = """\none "" two \\"""\n  [not.a.table]\n  d = 1 \\\n   end""""\n'
        "e = '''\n'' [[x]] \\\n'''''\n"
        "f = [\"\"\"x\"\"\", '''y''', \"\", '']\n"
        "g = 1\n"
    )
    parsed = tomllib.loads(text)
    assert parsed["c"].endswith('end"') and parsed["e"].endswith("''")
    assert locate(text) == {
        ("a",): (1, 1),
        ("b",): (2, 1),
        ("c",): (3, 1),
        ("e",): (8, 1),
        ("f",): (11, 1),
        ("f", 0): (11, 6),
        ("f", 1): (11, 15),
        ("f", 2): (11, 24),
        ("f", 3): (11, 28),
        ("g",): (12, 1),
    }


def test_numbers_dates_and_booleans_are_skipped():
    text = (
        "a = [1979-05-27 07:32:00Z, 1979-05-27T00:32:00.999999-07:00, 1979-05-27, 07:32:00,"
        " 1979-05-27 07:32:00]\n"
        "b = [+1_000, 0xdead_beef, 0o17, 0b11, -3.5e-3, inf, -nan, true, false]\n"
        "c = 1979-05-27 07:32:00 # date-time with a space\n"
    )
    locs = locate(text)
    assert set(locs) == paths(tomllib.loads(text))
    assert [locs[("a", i)] for i in range(5)] == [(1, 6), (1, 28), (1, 62), (1, 74), (1, 84)]
    assert [locs[("b", i)][1] for i in range(9)] == [6, 14, 27, 33, 39, 48, 53, 59, 65]
    assert locs[("c",)] == (3, 1)


def test_crlf_bom_unicode_and_tabs():
    text = '\ufeff"ünï" = "ééé"\r\n[t]\r\nx = { a = "ééé", b = 1 }\r\n\ty = [\r\n\t2,\r\n]\r\n'
    assert locate(text) == {
        ("ünï",): (1, 1),
        ("t",): (2, 2),
        ("t", "x"): (3, 1),
        ("t", "x", "a"): (3, 7),
        ("t", "x", "b"): (3, 18),
        ("t", "y"): (4, 2),
        ("t", "y", 0): (5, 2),
    }


@pytest.mark.parametrize(
    "text, found",
    [
        ("", {}),
        ("a = 1\nb = [1, 2\n", {("a",): (1, 1), ("b",): (2, 1), ("b", 0): (2, 6), ("b", 1): (2, 9)}),
        ('a = 1\nb = "open\nc = 2\n', {("a",): (1, 1), ("b",): (2, 1)}),
        ("a = 1\n[t\nx = 1", {("a",): (1, 1)}),
        ("a = 1\n= 2\nb = 3", {("a",): (1, 1)}),
        ("a = { b = 1", {("a",): (1, 1), ("a", "b"): (1, 7)}),
        ("a = ", {("a",): (1, 1)}),
        ("a = [}]", {("a",): (1, 1), ("a", 0): (1, 6)}),
        ("[[a]]\n[[a]\n", {("a",): (1, 3), ("a", 0): (1, 3)}),
    ],
)
def test_invalid_toml_gives_what_was_found(text, found):
    assert locate(text) == found


def test_deep_nesting_stops_without_raising():
    locs = locate("a = " + "[" * 5000)
    assert ("a", 0, 0) in locs
    assert all(locs[("a",) + (0,) * n] == (1, 5 + n) for n in range(1, len(locs)))


@settings(max_examples=examples(3))
@given(st.text(alphabet=st.sampled_from(list("ab1 =.,[]{}\"'#\\\n\r\t\ufeffé")) | st.characters()))
def test_never_raises(text):
    assert isinstance(locate(text), dict)


def test_position_falls_back_to_the_longest_known_prefix():
    locs = locate("[[actors]]\nname = 'a'\n[actors.stats]\n")
    assert position(locs, ("actors", 0, "name")) == (2, 1)
    assert position(locs, ["actors", 0, "stats", "hp"]) == (3, 2)
    assert position(locs, ("actors", 0, "missing")) == (1, 3)
    assert position(locs, ("other", "x")) is None
    assert position(locs, ()) is None


# --- property test: random data, written as TOML in random styles -------------------

BARE = re.compile(r"[A-Za-z0-9_-]+")
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # not allowed raw in literal strings

keys = st.sampled_from(
    ["name", "trust", "a", "b", "x-y", "_", "1", "true", "a.b", "with space", "", 'q"uote', "it's",
     "tab\there", "new\nline", "back\\slash", "ünï", "#", "=", "[x]", "\x7f"]
) | st.text(max_size=5)
texts = st.sampled_from(
    ['"""', "'''", 'a"', 'a""', "a''", "\\", "\n", "x\ny\n", "# no", "] } ,", "\\\n", "\r\n"]
) | st.text(max_size=12)
scalars = st.one_of(
    texts,
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
        st.lists(st.dictionaries(keys, children, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=6)


def basic(s: str, multiline: bool = False) -> str:
    """``s`` escaped for a basic string (raw newlines kept when ``multiline``)."""
    out = []
    for c in s:
        if c in '\\"':
            out.append("\\" + c)
        elif c == "\n" and multiline or c == "\t":
            out.append(c)
        elif CONTROL.match(c):
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def key_forms(key: str) -> list[str]:
    """Every way the writer may write ``key``."""
    forms = [f'"{basic(key)}"']
    if BARE.fullmatch(key):
        forms.append(key)
    if "'" not in key and not CONTROL.search(key):
        forms.append(f"'{key}'")
    return forms


class Writer:
    """Writes a document as TOML, picking a random style for every choice it makes."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.lines: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rnd.random() < p

    def key(self, key: str) -> str:
        return self.rnd.choice(key_forms(key))

    def dotted(self, keys: list[str]) -> str:
        return self.rnd.choice([".", " . ", "\t.", ". "]).join(self.key(k) for k in keys)

    def emit(self, line: str) -> None:
        if self.chance(0.2):
            self.lines.append(self.rnd.choice(["", "# [not] = 'a table'", "  # x = 1"]))
        self.lines.append(line + (" # c" if self.chance(0.2) else ""))

    def document(self, data: dict) -> str:
        self.table([], data, header=None)
        return "\n".join(self.lines) + "\n"

    def table(self, keys: list[str], data: dict, header: str | None, must: bool = False) -> None:
        """A table as its `key = value` lines, then its sub-tables under headers."""
        pairs, below = {}, []
        for key, value in data.items():
            is_table = isinstance(value, dict)
            is_array = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
            if (is_table or is_array) and self.chance(0.6):
                below.append((key, value))
            else:
                pairs[key] = value
        if header and (must or pairs or not below or self.chance(0.5)):  # else the table is implied
            self.emit(header)
        for line in self.pairs(pairs):
            self.emit(line)
        for key, value in below:
            inner = self.rnd.choice(["", " "])
            if isinstance(value, dict):
                self.table(keys + [key], value, f"[{inner}{self.dotted(keys + [key])}{inner}]")
            else:
                for element in value:
                    self.table(keys + [key], element, f"[[{inner}{self.dotted(keys + [key])}{inner}]]", must=True)

    def pairs(self, data: dict) -> list[str]:
        """``key = value`` texts for a table, sub-tables as dotted keys or inline."""
        out = []
        for key, value in data.items():
            if isinstance(value, dict) and value and self.chance(0.4):
                out += [self.dotted([key]) + self.rnd.choice([".", " . "]) + pair for pair in self.pairs(value)]
            else:
                out.append(self.key(key) + self.rnd.choice([" = ", "=", "\t=  "]) + self.value(value))
        return out

    def value(self, value) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(self.pairs(value)) + "}" if value else "{}"
        if isinstance(value, list):
            return self.array(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            if value >= 0 and self.chance(0.3):
                return self.rnd.choice([hex, oct, bin])(value)
            return f"{value:_}" if self.chance(0.3) else str(value)
        if isinstance(value, float):
            return repr(value)
        if isinstance(value, datetime):
            return value.isoformat(sep=self.rnd.choice("T "))
        return value.isoformat()  # a date or a time

    def array(self, items: list) -> str:
        seps = [", ", ",", ",\n  ", " , # comment ] }\n", ",\n\n# only a comment\n"]
        out = "[" + self.rnd.choice(["", " ", "\n  ", " # opening\n"])
        out += "".join(self.value(item) + self.rnd.choice(seps) for item in items)
        if items and self.chance(0.5):
            out = out[: out.rindex(",")]  # no trailing comma
        return out + self.rnd.choice(["", "\n", " "]) + "]"

    def string(self, s: str) -> str:
        kinds = ["basic", "multiline basic"]
        if "'" not in s and not CONTROL.search(s):
            kinds.append("literal")
        if "'''" not in s and not CONTROL.search(s.replace("\n", "")):
            kinds.append("multiline literal")
        kind = self.rnd.choice(kinds)
        # A newline right after the opening quotes is dropped; one is needed before
        # content that starts with a newline or a quote.
        first = "\n" if s[:1] in ("\n", "'", '"') or self.chance(0.5) else ""
        if kind == "basic":
            return f'"{basic(s)}"'
        if kind == "literal":
            return f"'{s}'"
        if kind == "multiline literal":
            return f"'''{first}{s}'''"
        out, quotes = "", 0
        for c in s:
            if c not in " \t\n\r" and self.chance(0.2):
                out += "\\\n  "  # a line-ending backslash drops the blank space after it
                quotes = 0
            if c == '"' and quotes < 2 and self.chance(0.7):  # at most two quotes in a row unescaped
                out += c
                quotes += 1
            else:
                out += basic(c, multiline=True)
                quotes = 0
        return f'"""{first}{out}"""'


@settings(max_examples=examples(3), suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False), st.booleans(), st.booleans())
def test_every_path_found_where_its_key_is(data, rnd, crlf, bom):
    text = Writer(rnd).document(data)
    if crlf:
        text = text.replace("\n", "\r\n")
    parsed = tomllib.loads(text)
    assert parsed == data or crlf  # the writer wrote what it was given (CRLF may enter strings)
    assert paths(parsed) == paths(data)
    locs = locate("\ufeff" + text if bom else text)
    assert set(locs) == paths(parsed)
    lines = text.split("\n")
    for path, (line, col) in locs.items():
        source = lines[line - 1]
        assert 1 <= col <= len(source), (path, line, col)
        assert source[col - 1] not in " \t\r,=]}#", (path, source, col)
        if isinstance(path[-1], str):
            assert any(form in source for form in key_forms(path[-1])), (path, source)
            # at the key itself, or at the first key of a header
            assert any(source.startswith(form, col - 1) for key in path if isinstance(key, str) for form in key_forms(key))


@settings(max_examples=examples(3), suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False), st.data())
def test_only_the_paths_wanted_are_found_where_the_whole_scan_finds_them(data, rnd, draw):
    # What the loader asks for: the positions of the problems' paths, skipping the values that hold none.
    text = Writer(rnd).document(data)
    every = locate(text)
    asked = draw.draw(st.sets(st.sampled_from(sorted(every, key=repr)), max_size=5) if every else st.just(set()))
    wanted = {path[:end] for path in asked for end in range(1, len(path) + 1)}
    assert locate(text, wanted) == {path: at for path, at in every.items() if path in wanted}


def test_values_holding_nothing_wanted_are_skipped_whole():
    text = ('a = [1, [2, "]"], {x = "}"}, \'[\', """\n]\n"""]  # ]\nb = { c = [[1], [2]] }\n'
            'd = [  # a comment ]\n  1,\n]\n[t]\nk = 1\n')
    assert tomllib.loads(text)["t"] == {"k": 1}
    assert locate(text, {("t",), ("t", "k")}) == {("t",): (8, 2), ("t", "k"): (9, 1)}
    assert locate(text, {("b",), ("b", "c"), ("b", "c", 1)}) == {("b",): (4, 1), ("b", "c"): (4, 7), ("b", "c", 1): (4, 17)}


@settings(max_examples=examples(2), suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.randoms(use_true_random=False), st.data())
def test_broken_documents_never_raise(data, rnd, draw):
    text = Writer(rnd).document(data)
    cut = draw.draw(st.integers(0, len(text)))
    extra = draw.draw(st.sampled_from(["[", "{", '"', "'", "=", "\\", "\n"]))
    truncated, cut_out, inserted = text[:cut], text[:cut] + text[cut + 1 :], text[:cut] + extra + text[cut:]
    assert isinstance(locate(draw.draw(st.sampled_from([truncated, cut_out, inserted]))), dict)
