from fractions import Fraction

import pytest

from tabletop.dice import Dice, DiceError, parse_dice


@pytest.mark.parametrize(
    "notation, expected",
    [("2d6", Dice(count=2, sides=6)), ("1d10+2", Dice(count=1, sides=10, bonus=2)), ("3d4-1", Dice(count=3, sides=4, bonus=-1)),
     ("d20", Dice(count=1, sides=20)), (" 2 D 6 + 0 ", Dice(count=2, sides=6))],
)
def test_parse(notation, expected):
    assert parse_dice(notation) == expected


@pytest.mark.parametrize(
    "notation, words",
    [("", "expected dice notation"), ("2x6", "expected dice notation"), ("0d6", "1 to 20 dice"),
     ("21d6", "1 to 20 dice"), ("2d1", "2 to 100 sides"), ("2d101", "2 to 100 sides"),
     ("1d6+1001", "bonus between"), ("2d6+", "expected dice notation"), ("99999999d6", "expected dice notation")],
)
def test_parse_rejects_with_a_reason(notation, words):
    with pytest.raises(DiceError, match=words):
        parse_dice(notation)


def test_parse_rejects_non_strings():
    with pytest.raises(DiceError, match="found int"):
        parse_dice(6)


def test_distribution_of_2d6_is_exact():
    dist = parse_dice("2d6").distribution()
    assert dist[2] == Fraction(1, 36) and dist[7] == Fraction(6, 36) and dist[12] == Fraction(1, 36)
    assert sum(dist.values()) == 1
    assert list(dist) == list(range(2, 13))


def test_distribution_with_bonus_shifts():
    assert min(parse_dice("1d10+2").distribution()) == 3
    assert max(parse_dice("3d4-1").distribution()) == 11


def test_largest_dice_enumerate_quickly():
    dist = parse_dice("20d100").distribution()
    assert sum(dist.values()) == 1 and len(dist) == 20 * 100 - 20 + 1


def test_roll_uses_the_generator():
    class Fixed:
        def randint(self, a, b):
            return b

    assert parse_dice("2d6+1").roll(Fixed()) == ([6, 6], 13)
