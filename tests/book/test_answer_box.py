"""Answer boxes: a box carries its exercise's data, labels in words, and no visible solution."""

from __future__ import annotations

import base64
import json
import re

from backprop.book.answer_box import answer_box
from backprop.book.descent_exercises import exercises as descent
from backprop.book.how_a_network_learns import exercises as learns
from backprop.book.mime import STATIC_VIEW, STORED_OUTPUTS
from backprop.book.vanishing_gradients import exercises as vanishing


def data_of(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" class="lnn-data">(.*?)</script>', html,
                                re.S).group(1))


def test_a_box_carries_its_exercise_and_hides_the_answer():
    spec = vanishing["vanishing-leaky-gain"].spec()
    html = answer_box(spec)
    data = data_of(html)
    assert json.loads(base64.b64decode(data["spec"]).decode()) == spec
    assert "1.923" not in html and str(spec["fields"][0]["expected"]) not in html
    assert 'data-answer="vanishing-leaky-gain"' in html and 'data-role="check"' in html and "aria-live" in html
    assert "http" not in html.replace("http://www.w3.org", "")


def test_fields_are_labelled_in_words_and_by_kind():
    html = answer_box(descent["gd-quadratic-rates"].spec())
    labels = re.findall(r'<label for="[^"]+">([^<]+)</label>', html)
    assert labels == ["The rate that lands in one step", "The rate below which it converges"]
    assert "one_step" not in html.split("<script")[0]  # the notebook's variable names stay in the notebook
    choice = answer_box(descent["gd-stationary-kind"].spec())
    assert '<select id="lnn-answer-gd-stationary-kind-0" data-role="answer" data-kind="choice">' in choice
    zero = answer_box(learns["learns-zero-input"].spec())
    assert zero.count('data-kind="set"') == 2 and zero.count('type="checkbox"') == 8


def test_the_empty_box_says_what_the_kernel_says_with_no_answer():
    spec = descent["gd-break-even"].spec()
    feedback = re.search(r'<p data-role="feedback" aria-live="polite">([^<]+)</p>', answer_box(spec)).group(1)
    assert feedback == str(descent.check("gd-break-even", None))
    assert "3 significant digits" in feedback


def test_a_check_with_no_answer_is_the_box_in_stored_outputs_only(monkeypatch):
    monkeypatch.delenv(STORED_OUTPUTS, raising=False)
    live = vanishing.check("vanishing-explosion", None)._repr_mimebundle_()
    assert STATIC_VIEW not in live and live["text/plain"].startswith("No answer yet")
    monkeypatch.setenv(STORED_OUTPUTS, "1")
    stored = vanishing.check("vanishing-explosion", None)._repr_mimebundle_()
    assert set(stored) == {"text/plain", STATIC_VIEW} and 'data-answer="vanishing-explosion"' in stored[STATIC_VIEW]
    answered = vanishing.check("vanishing-explosion", 4096)._repr_mimebundle_()
    assert STATIC_VIEW not in answered and answered["text/plain"].startswith("Right")
