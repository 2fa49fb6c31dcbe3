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
    assert feedback.correct is False and "x2" in str(feedback.message) and "x1" not in str(feedback.message)
    assert check_array([1.0, 2.0], [1.0, 2.0]).correct is True
    assert "shape" in str(check_array(np.ones(3), np.ones(2)).message)
    assert check_array(None, [1.0]).correct is None


def test_feedback_prints_a_verdict():
    assert str(Feedback(True, "ok")) == "Right: ok"
    assert str(Feedback(False, "off")) == "Not yet: off"


def test_feedback_speaks_both_languages_and_carries_both_when_displayed():
    from backprop.book.language import set_language
    from backprop.book.mime import TEXTS

    feedback = check_number(0.6, 0.5)
    assert feedback.texts() == {"en": "Not yet: your answer is too large.", "ko": "아직 아니다: 답의 값이 너무 크다."}
    bundle = feedback._repr_mimebundle_()
    assert bundle["text/plain"] == "Not yet: your answer is too large." and bundle[TEXTS] == feedback.texts()
    try:
        set_language("ko")
        assert str(feedback) == "아직 아니다: 답의 값이 너무 크다."
        assert str(check_number(None, 0.5)).startswith("아직 답이 없다")
    finally:
        set_language(None)
    assert str(feedback).startswith("Not yet")
