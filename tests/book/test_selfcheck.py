"""Self-checks: right answers pass, wrong ones are told why, and nothing gives the solution away."""

from __future__ import annotations

import re

import numpy as np
import pytest

from backprop.book.language import Text
from backprop.book.selfcheck import Feedback, call_reader


def test_feedback_prints_a_verdict():
    assert str(Feedback(True, "ok")) == "Right: ok"
    assert str(Feedback(False, "off")) == "Not yet: off"


def test_feedback_speaks_both_languages_and_carries_both_when_displayed():
    from backprop.book.language import set_language
    from backprop.book.mime import TEXTS

    feedback = Feedback(False, Text("too large"))  # a message of the library, translated in its catalog
    assert feedback.texts() == {"en": "Not yet: too large", "ko": "아직 아니다: 너무 크다"}
    bundle = feedback._repr_mimebundle_()
    assert bundle["text/plain"] == "Not yet: too large" and bundle[TEXTS] == feedback.texts()
    try:
        set_language("ko")
        assert str(feedback) == "아직 아니다: 너무 크다"
        assert str(Feedback(None, "x")).startswith("아직 답이 없다")
    finally:
        set_language(None)
    assert str(feedback).startswith("Not yet")


def test_a_readers_function_that_raises_is_reported_not_raised():
    def broken(x):
        raise ZeroDivisionError("division by zero")

    result, failure = call_reader(broken, 1)
    assert result is None and failure.correct is False and "division by zero" in str(failure)
    assert call_reader(lambda x: x + 1, 1) == (2, None)


@pytest.mark.parametrize("value, words", [(3, "a number"), (2.5, "a number"), ("f", "a piece of text (a string)"),
                                          ([1], "a list"), (np.zeros(2), "an array"), ({}, "a dictionary"),
                                          (True, "True or False"), (object(), "a value that is not a function")])
def test_an_answer_that_is_not_a_function_is_told_what_it_is_in_words(value, words):
    from backprop.book.selfcheck import not_a_function

    feedback = not_a_function("descend", value)
    assert feedback.correct is False
    assert str(feedback) == f"Not yet: descend should be a function (defined with def), but it is {words}."
    assert not re.search(r"\b(int|float|str|list|dict|ndarray|object|NoneType|bool)\b", feedback.texts()["ko"])
