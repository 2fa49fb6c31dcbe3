"""Initializers: shapes, the stated variances (within sampling error), and bad names."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import INITIALIZERS, init_variance, initialize_weights


@pytest.mark.parametrize("init", INITIALIZERS)
@pytest.mark.parametrize("fan_in, fan_out", [(50, 200), (400, 100)])
def test_sample_variance_matches_the_scheme(init, fan_in, fan_out):
    W = initialize_weights(init, fan_in, fan_out, seed=3)
    assert W.shape == (fan_in, fan_out)
    expected = init_variance(init, fan_in, fan_out)
    # The sample variance of n draws has relative standard error about sqrt(2/n) (<= 1.6% here).
    assert W.var() == pytest.approx(expected, rel=0.06)
    assert abs(W.mean()) < 4 * np.sqrt(expected / W.size)


def test_variance_formulas():
    assert init_variance("standard", 100, 10) == pytest.approx(1 / 300)
    assert init_variance("xavier", 100, 50) == pytest.approx(2 / 150)
    assert init_variance("he", 100, 50) == pytest.approx(2 / 100)


def test_uniform_schemes_respect_their_limits():
    assert np.abs(initialize_weights("standard", 16, 64, seed=0)).max() <= 1 / 4
    assert np.abs(initialize_weights("xavier", 16, 64, seed=0)).max() <= np.sqrt(6 / 80)


def test_same_seed_same_weights_and_generator_is_used_as_is():
    np.testing.assert_array_equal(initialize_weights("he", 4, 3, seed=7), initialize_weights("he", 4, 3, seed=7))
    rng = np.random.default_rng(0)
    first, second = initialize_weights("he", 4, 3, rng), initialize_weights("he", 4, 3, rng)
    assert not np.array_equal(first, second)


@pytest.mark.parametrize(
    "args, error, match",
    [
        (("glorot", 3, 3), ValueError, "unknown init"),
        (("he", 0, 3), ValueError, "fan_in"),
        (("he", 3, 2.5), TypeError, "fan_out"),
        (("he", 3, 3, "seed"), TypeError, "seed"),
    ],
)
def test_bad_input_raises_a_clear_error(args, error, match):
    with pytest.raises(error, match=match):
        initialize_weights(*args)
