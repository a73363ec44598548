from collections import Counter

import pytest

from tabletop.engine.rng import Rng


def test_splitmix64_reference_outputs():
    # The reference sequence of SplitMix64 (Vigna) for seed 1234567.
    r = Rng(1234567)
    assert [r.next64() for _ in range(5)] == [
        6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]


def test_fixed_outputs_for_a_seed():
    r = Rng(42)
    assert [r.randint(1, 6) for _ in range(12)] == [2, 2, 1, 1, 5, 1, 2, 3, 2, 3, 6, 5]
    assert r.state == 7681369315911520550
    assert Rng(42).shuffled(range(8)) == (3, 1, 6, 2, 4, 0, 7, 5)
    r = Rng(2024)
    assert [r.pick([1, 2, 3]) for _ in range(10)] == [1, 1, 2, 1, 1, 1, 2, 1, 2, 1]


def test_state_is_one_int_and_resumes_exactly():
    a = Rng(99)
    a.randint(1, 100)
    b = Rng(a.state)
    assert [a.randint(1, 1000) for _ in range(20)] == [b.randint(1, 1000) for _ in range(20)]


def test_negative_and_huge_seeds_are_taken_modulo_2_64():
    assert Rng(-1).state == (1 << 64) - 1
    assert Rng((1 << 64) + 5).state == 5


def test_randint_stays_in_range_and_covers_it():
    r = Rng(5)
    counts = Counter(r.randint(-2, 3) for _ in range(6000))
    assert set(counts) == set(range(-2, 4))
    assert all(800 < n < 1200 for n in counts.values())
    assert r.randint(7, 7) == 7


def test_randint_rejects_rather_than_bias():
    # With n just above 2**63, about half of all 64-bit draws must be rejected.
    r = Rng(11)
    n = (1 << 63) + 1
    before = r.state
    values = [r.randint(0, n - 1) for _ in range(200)]
    assert all(0 <= v < n for v in values)
    draws = ((r.state - before) * pow(0x9E3779B97F4A7C15, -1, 1 << 64)) % (1 << 64)
    assert draws > 250  # more draws than values: some were thrown away


def test_randint_refuses_empty_ranges():
    with pytest.raises(ValueError):
        Rng(1).randint(3, 2)


def test_pick_follows_weights_and_skips_zero():
    r = Rng(3)
    counts = Counter(r.pick([0, 1, 3]) for _ in range(4000))
    assert counts[0] == 0
    assert 2700 < counts[2] < 3300


@pytest.mark.parametrize("weights", [[], [0, 0], [1, -1]])
def test_pick_refuses_bad_weights(weights):
    with pytest.raises(ValueError):
        Rng(1).pick(weights)


def test_shuffle_is_a_permutation():
    assert sorted(Rng(8).shuffled(range(50))) == list(range(50))


def test_derive_is_deterministic_and_separates_keys():
    assert Rng.derive(7, 3).state == Rng.derive(7, 3).state == 7758145696617331093
    assert len({Rng.derive(7, k).state for k in range(100)} | {Rng.derive(8, 3).state}) == 101


def test_derive_on_goes_on_from_an_earlier_derivation():
    from tabletop.engine.rng import Rng

    for keys in ((1, 2, 3), (0x626F7473, 2**63 + 5, 7, 1, 2**64 - 1), (0,)):
        for cut in range(len(keys) + 1):
            assert Rng.derive_on(Rng.derive(*keys[:cut]).state, *keys[cut:]).state == Rng.derive(*keys).state


def test_the_mix_written_out_is_splitmix64s():
    """`next64` and `derive_on` write SplitMix64's mix out for speed: they must stay `_mix` exactly."""
    from tabletop.engine.rng import GOLDEN, MASK, _mix

    for seed in (0, 1, 42, MASK, 0x123456789ABCDEF):
        r = Rng(seed)
        state = seed
        for _ in range(50):
            state = (state + GOLDEN) & MASK
            assert r.next64() == _mix(state)
        for keys in ((seed,), (seed, 7), (3, seed, MASK, 12)):
            expected = 0
            for key in keys:
                expected = _mix(((expected ^ (key & MASK)) + GOLDEN) & MASK)
            assert Rng.derive(*keys).state == expected
