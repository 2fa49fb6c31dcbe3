"""Answer boxes: an exercise's self-check on the book's web page, where there is no kernel.

`answer_box` takes the exercise's own checker (a function of the answer that returns a
`Feedback`) and its expected answer, calls the checker on the answers that matter (right, too
large and too small in each field, not a number, and any special answer the checker has its own
hint for), and puts those messages in a small self-contained HTML/JS box: the reader types an
answer and the page says what the checker would say, without showing the solution (the expected
values travel encoded, not displayed). A multiple-choice answer is the same with one message per
option. The box travels under `backprop.book.mime.STATIC_VIEW`, so only the book shows it; in
Jupyter its plain text says to run the checker cell instead.

DOM contract, for browser tests: ``div.lnn-answer[data-answer=NAME]``, ``data-ready="true"`` once
mounted; ``[data-role=answer]`` inputs (one per field, or a select); ``button[data-role=check]``;
``[data-role=feedback]`` (aria-live), with ``data-correct`` true or false after a check.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re

from .assets import static_asset, view_scripts
from .language import Text, in_language, texts
from .language import reader_language as reader
from .mime import STATIC_VIEW
from .selfcheck import Feedback

CHECK = Text("Check", "확인")
TYPE_AND_CHECK = Text("type your answer and press Check.", "답을 적고 [확인]을 눌러 보자.")
CHOOSE_AND_CHECK = Text("choose your answer and press Check.", "답을 고르고 [확인]을 눌러 보자.")
"""What an empty box says (the checker's own words for no answer ask to run a cell, which a page has not)."""
CHOOSE = Text("choose", "고르기")
NEEDS_SCRIPT = Text("Checking an answer here needs JavaScript; the notebook checks it too.",
                    "여기서 답을 확인하려면 JavaScript가 필요하다. 노트북에서도 확인할 수 있다.")

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def _message(feedback) -> dict:
    """What the box shows for an answer: whether it is right, and the checker's words in every language."""
    if not isinstance(feedback, Feedback):
        raise TypeError(f"the checker must return a Feedback, got {type(feedback).__name__}")
    return {"correct": feedback.correct is True, "text": feedback.texts()}


class AnswerBox:
    """A kernel-free answer box (see the module docstring); `html` is the self-contained view."""

    def __init__(self, name: str, title, spec: dict, labels):
        self.name, self.title, self.spec, self.labels = name, title, spec, list(labels)

    @property
    def html(self) -> str:
        """The box with its texts in the reader's language; its script rewrites them in the page's."""
        base, language = f"lnn-answer-{self.name}", reader()

        def esc(value):
            return html.escape(in_language(value))

        if self.spec.get("options"):
            options = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in self.spec["options"])
            fields = (f'<label for="{base}-0">{esc(self.labels[0])}</label>'
                      f'<select id="{base}-0" data-role="answer"><option value="">{esc(CHOOSE)}</option>'
                      f'{options}</select>')
        else:
            fields = "".join(
                f'<span><label for="{base}-{i}">{esc(label)}</label>'
                f'<input id="{base}-{i}" data-role="answer" type="text" inputmode="decimal" autocomplete="off"></span>'
                for i, label in enumerate(self.labels))
        spec = {**self.spec, "ui": {"title": texts(self.title), "labels": [texts(label) for label in self.labels],
                                    "check": texts(CHECK), "choose": texts(CHOOSE)}}
        data = json.dumps(spec, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        return "\n".join([
            f'<div class="lnn-answer" id="{base}" data-answer="{self.name}">',
            f"<style>{static_asset('answer_box.css')}</style>",
            f'<p class="lnn-answer-title">{esc(self.title)}</p>',
            f'<div class="lnn-answer-fields">{fields}'
            f'<button type="button" data-role="check">{esc(CHECK)}</button></div>',
            f'<p data-role="feedback" aria-live="polite">{esc(self.spec["messages"]["empty"]["text"][language])}</p>',
            f'<noscript><p>{esc(NEEDS_SCRIPT)}</p></noscript>',
            f'<script type="application/json" class="lnn-data">{data}</script>',
            view_scripts("answer_box.js"),
            "</div>",
        ])

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {STATIC_VIEW: self.html, "text/plain": repr(self)}

    def __repr__(self):
        return f"Answer box {self.name!r}: on the book's web page; here, run the checker cell above."


def _encode(value: float) -> str:
    return base64.b64encode(json.dumps(float(value)).encode()).decode()


def answer_box(name, title, check, expected, *, labels=None, rel_tol=1e-3, abs_tol=1e-9, special=(),
               integer=False) -> AnswerBox:
    """A box for an exercise whose answer is one or more numbers.

    `check(*answers)` is the exercise's checker; `expected` its right answers (a number or a list,
    one per field, in `check`'s order); `rel_tol` and `abs_tol` what the checker accepts, as in
    `math.isclose`; `special` answers with a hint of their own (``[2.0]``: the checker is called
    on each); `integer` for answers that are whole numbers.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be lowercase letters, digits and hyphens, got {name!r}")
    if not callable(check):
        raise TypeError(f"check must be the exercise's checker, got {type(check).__name__}")
    expected = [float(v) for v in (expected if isinstance(expected, (list, tuple)) else [expected])]
    if not expected or not all(math.isfinite(v) for v in expected):
        raise ValueError("expected must be one or more finite numbers")
    labels = labels or [Text("answer {i}", "답 {i}", i=i + 1) for i in range(len(expected))]
    if len(labels) != len(expected):
        raise ValueError(f"labels names {len(labels)} fields, expected has {len(expected)}")

    def answer(values):
        return [int(round(v)) if integer else v for v in values]

    def with_field(i, value):
        values = list(expected)
        values[i] = value
        return _message(check(*(answer(values[:i]) + [value] + answer(values[i + 1:]))))

    fields = []
    for i, value in enumerate(expected):
        step = max(1.0, abs(value) * 0.5) if integer else max(abs(value) * 0.5, 10 * abs_tol, 1e-6)
        fields.append({
            "key": _encode(value),
            "large": with_field(i, int(round(value + step)) if integer else value + step),
            "small": with_field(i, int(round(value - step)) if integer else value - step),
            "nan": with_field(i, "not a number"),
            "special": [[float(s), with_field(i, s)] for s in special],
        })
    messages = {"right": _message(check(*answer(expected))),
                "empty": _message(Feedback(None, TYPE_AND_CHECK))}
    spec = {"fields": fields, "rel_tol": float(rel_tol), "abs_tol": float(abs_tol), "messages": messages}
    return AnswerBox(name, title, spec, labels)


YOUR_ANSWER = Text("your answer", "답")


def choice_box(name, title, check, options, *, label=YOUR_ANSWER) -> AnswerBox:
    """A box for an exercise whose answer is one of `options` (strings); `check(option)` is its checker."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be lowercase letters, digits and hyphens, got {name!r}")
    options = [str(o) for o in options]
    if len(options) < 2:
        raise ValueError("a choice needs at least two options")
    feedback = {option: check(option) for option in options}
    right = [option for option, verdict in feedback.items() if getattr(verdict, "correct", None) is True]
    if len(right) != 1:
        raise ValueError(f"exactly one option must be right for the checker, got {right}")
    messages = {option: _message(verdict) for option, verdict in feedback.items()}
    messages[""] = messages["empty"] = _message(Feedback(None, CHOOSE_AND_CHECK))
    messages["right"] = messages[right[0]]
    return AnswerBox(name, title, {"options": options, "messages": messages}, [label])
