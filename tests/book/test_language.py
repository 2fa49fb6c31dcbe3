"""Texts in both of the book's languages: templates side by side, fields shared, the reader's language."""

from __future__ import annotations

import pytest

from backprop.book.language import LANGUAGE_VARIABLE, Text, in_language, join, reader_language, set_language, texts


def test_a_text_fills_each_language_with_the_same_fields_and_nested_texts():
    what = Text("your gain", "게인")
    text = Text("{what} is {value:.2f} too large.", "{what}의 값이 {value:.2f}만큼 크다.", what=what, value=0.5)
    assert text.texts() == {"en": "your gain is 0.50 too large.", "ko": "게인의 값이 0.50만큼 크다."}
    assert in_language(text, "ko") == "게인의 값이 0.50만큼 크다." and in_language(3, "ko") == "3"
    assert texts("ReLU") == {"en": "ReLU", "ko": "ReLU"}
    assert join([Text("a", "가"), "b"], ", ").texts() == {"en": "a, b", "ko": "가, b"}
    assert join(["x", Text("a", "가")], {"en": "; ", "ko": ", "}).texts() == {"en": "x; a", "ko": "x, 가"}
    assert (Text("a", "가") + "!").texts() == {"en": "a!", "ko": "가!"}
    assert Text("a", "가") == Text("a", "가") and Text("a", "가") != Text("a", "나")


def test_the_reader_language_comes_from_the_session_then_the_environment(monkeypatch):
    monkeypatch.delenv(LANGUAGE_VARIABLE, raising=False)
    assert reader_language() == "en" and str(Text("yes", "예")) == "yes"
    monkeypatch.setenv(LANGUAGE_VARIABLE, "ko")
    assert reader_language() == "ko" and str(Text("yes", "예")) == "예"
    monkeypatch.setenv(LANGUAGE_VARIABLE, "fr")
    assert reader_language() == "en"
    try:
        set_language("ko")
        assert str(Text("yes", "예")) == "예"
    finally:
        set_language(None)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="language must be one of"):
        set_language("kr")
    with pytest.raises(ValueError, match="language must be one of"):
        Text("a", "가").text("de")
    with pytest.raises(TypeError, match="English and Korean template"):
        Text("a", "")
    with pytest.raises(ValueError, match="at least one part"):
        join([])
