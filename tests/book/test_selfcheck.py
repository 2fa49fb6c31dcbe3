"""Self-checks: right answers pass, wrong ones are told why, and nothing gives the solution away."""

from __future__ import annotations

import numpy as np

from backprop.book.selfcheck import Feedback, check_array, check_number


def test_check_number_right_wrong_and_missing():
    assert check_number(0.5, 0.5).correct is True
    too_big = check_number(0.6, 0.5)
    assert too_big.correct is False and "too large" in str(too_big) and "0.5" not in str(too_big)
    assert "too small" in str(check_number(0.4, 0.5))
    assert check_number(None, 0.5).correct is None
    assert check_number("0.5", 0.5).correct is False
    assert check_number(float("nan"), 0.5).correct is False


def test_check_array_names_the_wrong_entries():
    feedback = check_array([1.0, 2.5, 3.0], [1.0, 2.0, 3.0], names=["x1", "x2", "x3"])
    assert feedback.correct is False and "x2" in feedback.message and "x1" not in feedback.message
    assert check_array([1.0, 2.0], [1.0, 2.0]).correct is True
    assert "shape" in check_array(np.ones(3), np.ones(2)).message
    assert check_array(None, [1.0]).correct is None


def test_feedback_prints_a_verdict():
    assert str(Feedback(True, "ok")) == "Right: ok"
    assert str(Feedback(False, "off")) == "Not yet: off"
