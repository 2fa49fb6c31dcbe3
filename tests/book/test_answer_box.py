"""Answer boxes: the messages a box shows are the checker's own, and the solution is not shown."""

from __future__ import annotations

import base64
import json
import re

import pytest

from backprop.book.answer_box import AnswerBox, answer_box, choice_box
from backprop.book.gradient_descent import exercise_box as descent_box
from backprop.book.mime import STATIC_VIEW
from backprop.book.selfcheck import Feedback, check_number, no_answer
from backprop.book.vanishing_gradients import check_leaky_gain, check_sigmoid_depth
from backprop.book.vanishing_gradients import exercise_box as vanishing_box


def spec_of(box: AnswerBox) -> dict:
    return json.loads(re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', box.html,
                                re.S).group(1).replace("<\\/", "</"))


def said(feedback):
    """What a box holds for a checker's feedback: whether it is right, and its words in each language."""
    return {"correct": feedback.correct is True, "text": feedback.texts()}


def test_a_number_box_carries_the_checkers_own_messages_and_hides_the_answer():
    box = vanishing_box("vanishing-leaky-gain")
    spec = spec_of(box)
    field = spec["fields"][0]
    expected = json.loads(base64.b64decode(field["key"]))
    assert expected == pytest.approx(2 / 1.04)
    assert spec["messages"]["right"] == said(check_leaky_gain(expected, slope=0.2))
    assert field["large"] == said(check_leaky_gain(expected * 1.5, slope=0.2))
    assert field["special"][0] == [2.0, said(check_leaky_gain(2.0, slope=0.2))]  # ReLU's gain: a hint of its own
    assert spec["messages"]["empty"]["text"]["en"].startswith("No answer yet")
    assert spec["messages"]["empty"]["text"]["ko"].startswith("아직 답이 없다")
    assert "1.923" not in box.html and f"{expected}" not in box.html  # the answer is not written out


def test_an_integer_box_and_a_choice_box():
    spec = spec_of(vanishing_box("vanishing-sigmoid-depth"))
    assert json.loads(base64.b64decode(spec["fields"][0]["key"])) == 10
    assert spec["messages"]["right"] == said(check_sigmoid_depth(10))
    assert spec["fields"][0]["small"] == said(check_sigmoid_depth(5))
    choice = spec_of(descent_box("gd-stationary-kind"))
    assert choice["options"] == ["minimum", "maximum", "saddle"]
    assert choice["messages"]["saddle"]["correct"] and choice["messages"]["saddle"]["text"]["en"].startswith("Right")
    assert not choice["messages"]["minimum"]["correct"]
    assert choice["messages"]["minimum"]["text"]["ko"].startswith("아직 아니다")


def test_a_box_carries_its_words_in_both_languages():
    spec = spec_of(descent_box("gd-stationary-kind"))
    assert spec["ui"]["check"] == {"en": "Check", "ko": "확인"}
    assert spec["ui"]["title"]["en"] and re.search("[가-힣]", spec["ui"]["title"]["ko"])
    assert spec["ui"]["labels"] == [{"en": "kind", "ko": "kind"}]  # the variable the reader sets, in code


def test_a_box_is_a_static_view_for_the_book_only():
    box = vanishing_box("vanishing-explosion")
    bundle = box._repr_mimebundle_()
    assert set(bundle) == {STATIC_VIEW, "text/plain"} and "run the checker cell" in bundle["text/plain"]
    html = bundle[STATIC_VIEW]
    assert 'data-answer="vanishing-explosion"' in html and 'data-role="check"' in html and "aria-live" in html
    assert "http" not in html and box.html == vanishing_box("vanishing-explosion").html


def test_bad_boxes_are_refused():
    def check(answer):
        return no_answer("x") if answer is None else check_number(answer, 1.0)

    with pytest.raises(ValueError, match="name"):
        answer_box("Bad Name", "t", check, 1.0)
    with pytest.raises(TypeError, match="checker"):
        answer_box("ok", "t", 3, 1.0)
    with pytest.raises(ValueError, match="finite"):
        answer_box("ok", "t", check, float("nan"))
    with pytest.raises(TypeError, match="Feedback"):
        answer_box("ok", "t", lambda answer: "right", 1.0)
    with pytest.raises(ValueError, match="two options"):
        choice_box("ok", "t", lambda answer: Feedback(True, "ok"), ["only"])
