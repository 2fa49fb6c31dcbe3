"""A turned surface: the same landscape, turned, with its gradient and Hessian turned with it."""

from __future__ import annotations

import numpy as np
import pytest

from backprop import numerical_gradient
from backprop.book.gradient_descent import SURFACES, descent_path, rotation, turned


@pytest.mark.parametrize("name", ["ravine", "banana"])
def test_value_gradient_and_hessian_are_the_originals_turned(name):
    surface, turned_surface = SURFACES[name], turned(SURFACES[name], 30)
    R = rotation(30)
    rng = np.random.default_rng(0)
    for w in rng.normal(size=(5, 2)):
        assert turned_surface.value(R @ w) == pytest.approx(surface.value(w), rel=1e-12)
        gradient = turned_surface.gradient(R @ w)
        np.testing.assert_allclose(gradient, numerical_gradient(turned_surface.value, R @ w), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(gradient, R @ surface.gradient(w), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(np.linalg.eigvalsh(turned_surface.hessian(R @ w)),
                                   np.linalg.eigvalsh(surface.hessian(w)), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(turned_surface.start, R @ np.array(surface.start), rtol=1e-15)
    np.testing.assert_allclose(turned_surface.minimum, R @ np.array(surface.minimum), atol=1e-15)


def test_gradient_descent_runs_the_same_path_turned():
    ravine = SURFACES["ravine"]
    path, turned_path = descent_path(ravine, 0.2, 30), descent_path(turned(ravine, 30), 0.2, 30)
    np.testing.assert_allclose(turned_path, path @ rotation(30).T, atol=1e-12)


def test_the_turned_ravine_is_no_longer_diagonal_and_a_full_turn_changes_nothing():
    ravine = SURFACES["ravine"]
    assert abs(turned(ravine, 30).hessian(np.zeros(2))[0, 1]) > 1
    np.testing.assert_allclose(turned(ravine, 360).hessian(np.zeros(2)), ravine.hessian(np.zeros(2)), atol=1e-12)


@pytest.mark.parametrize("surface, degrees, error", [
    (SURFACES["parabola"], 30, TypeError), ("ravine", 30, TypeError), (SURFACES["ravine"], "30", TypeError),
    (SURFACES["ravine"], float("nan"), ValueError)])
def test_bad_input_is_named(surface, degrees, error):
    with pytest.raises(error, match="surface|degrees"):
        turned(surface, degrees)
