"""Texts in every language of the book: English in the code, translated by the catalog; fields; the reader's."""

from __future__ import annotations

import pytest

from backprop.book import catalog
from backprop.book.language import LANGUAGE_VARIABLE, Text, in_language, join, reader_language, set_language, texts
from backprop.book.selfcheck import Feedback

KOREAN = {
    (None, "your gain"): "게인",
    (None, "{what} is {value:.2f} too large."): "{what}의 값이 {value:.2f}만큼 크다.",
    (None, "a"): "가",
    (None, "yes"): "예",
    (None, "Step"): "단계",
    ("a button", "Step"): "한 단계",
    (None, "; "): ", ",
}


@pytest.fixture
def korean(monkeypatch):
    """A small catalog in place of the library's, so that these tests say exactly what they look up."""
    monkeypatch.setattr(catalog, "catalog", lambda language: KOREAN if language == "ko" else {})


def test_a_text_fills_each_language_with_the_same_fields_and_nested_texts(korean):
    what = Text("your gain")
    text = Text("{what} is {value:.2f} too large.", what=what, value=0.5)
    assert text.texts() == {"en": "your gain is 0.50 too large.", "ko": "게인의 값이 0.50만큼 크다."}
    assert in_language(text, "ko") == "게인의 값이 0.50만큼 크다." and in_language(3, "ko") == "3"
    assert texts("ReLU") == {"en": "ReLU", "ko": "ReLU"}
    assert join([Text("a"), "b"], ", ").texts() == {"en": "a, b", "ko": "가, b"}
    assert join(["x", Text("a")], Text("; ")).texts() == {"en": "x; a", "ko": "x, 가"}
    assert (Text("a") + "!").texts() == {"en": "a!", "ko": "가!"} and ("!" + Text("a")).text("ko") == "!가"
    assert Text("a") == Text("a") and Text("a") != Text("yes") and hash(Text("a")) == hash(Text("a"))


def test_a_text_without_fields_is_said_as_written(korean):
    assert Text("{what} is {value:.2f} too large.").texts() == {
        "en": "{what} is {value:.2f} too large.", "ko": "{what}의 값이 {value:.2f}만큼 크다."}


def test_the_context_tells_apart_two_translations_of_the_same_english(korean):
    assert Text("Step").text("ko") == "단계" and Text("Step", context="a button").text("ko") == "한 단계"
    assert Text("Step") != Text("Step", context="a button")


def test_a_message_the_catalog_lacks_is_said_in_english(korean):
    assert Text("not in the catalog, {n}", n=2).texts() == dict.fromkeys(["en", "ko"], "not in the catalog, 2")
    assert Text("yes", context="another context").text("ko") == "yes"


def test_the_library_reads_its_korean_from_the_catalog_it_ships():
    assert Feedback.MARKS[True].texts() == {"en": "Right", "ko": "정답"}
    assert Text("{label}: {x} is too large.").text("ko") == "{label}: {x}은(는) 너무 크다."


def test_a_written_text_says_what_it_was_given_in_each_language(korean):
    text = Text.written({"en": "{n} of {a}", "ko": "{a} 중 {n}"}, n=3, a=Text("a"))
    assert text.texts() == {"en": "3 of a", "ko": "가 중 3"}
    assert Text.written({"en": "{x}", "ko": "{x}"}).texts() == {"en": "{x}", "ko": "{x}"}


def test_the_reader_language_comes_from_the_session_then_the_environment(monkeypatch, korean):
    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)
    assert reader_language() == "en" and str(Text("yes")) == "yes"
    monkeypatch.setenv(LANGUAGE_VARIABLE, "ko")
    assert reader_language() == "ko" and str(Text("yes")) == "예"
    monkeypatch.setenv(LANGUAGE_VARIABLE, "fr")
    assert reader_language() == "en"
    try:
        set_language("ko")
        assert str(Text("yes")) == "예"
    finally:
        set_language(None)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="language must be one of"):
        set_language("kr")
    with pytest.raises(ValueError, match="language must be one of"):
        Text("a").text("de")
    with pytest.raises(TypeError, match="non-empty English message"):
        Text("")
    with pytest.raises(TypeError, match="English message only"):
        Text("a", "가")
    with pytest.raises(TypeError, match="a template in each of"):
        Text.written({"en": "a"})
    with pytest.raises(ValueError, match="at least one part"):
        join([])
