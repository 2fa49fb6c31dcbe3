"""Answer boxes: an exercise's self-check on the book's web page, where there is no kernel.

`answer_box(spec)` writes the kernel-free box of an exercise bound to its context
(`backprop.book.exercises.Exercise.spec`): one input per field, labelled in words (a text box for
a number or a list of names, a menu for a choice, check boxes for a set), a Check button and a
feedback line. Its script, ``static/exercise.js``, evaluates what the reader typed from the
exercise's data exactly as the kernel's check does, so the box says what the notebook would say.
The data travels encoded, so the page does not display the expected answer; this is a
self-check, not an exam (the answer can be read from the page source).

DOM contract, for browser tests: ``div.lnn-answer[data-answer=NAME]``, ``data-ready="true"`` once
mounted; one ``[data-role=answer]`` per field, in order, with ``data-kind`` (``number``, ``whole``,
``order``: a text input; ``choice``: a select; ``set``: a fieldset of check boxes, each with its
option's key as value); ``button[data-role=check]``; ``[data-role=feedback]`` (aria-live), with
``data-correct`` true or false after a check; the encoded data in ``script.lnn-data``.
"""

from __future__ import annotations

import base64
import html
import json

from .assets import static_asset, view_scripts
from .exercise_verdicts import evaluate
from .language import Text, texts
from .language import reader_language as reader

CHECK = Text("Check")
TITLE = Text("Check your answer")
NAMES_HINT = Text("names separated by commas")
CHOOSE = Text("choose")
NEEDS_SCRIPT = Text("Checking an answer here needs JavaScript; the notebook checks it too.")


def encode(spec: dict) -> str:
    """The exercise's data as the page carries it: JSON, UTF-8, base64 (not displayed as it stands)."""
    return base64.b64encode(json.dumps(spec, ensure_ascii=False, separators=(",", ":")).encode()).decode()


def _field(base, i, f, language) -> str:
    label, kind = html.escape(f["label"][language]), f["kind"]
    ident = f"{base}-{i}"
    if kind == "set":
        boxes = "".join(f'<label><input type="checkbox" value="{html.escape(o["key"])}"> <span data-option='
                        f'"{html.escape(o["key"])}">{html.escape(o["label"][language])}</span></label>'
                        for o in f["options"])
        return (f'<fieldset id="{ident}" data-role="answer" data-kind="set"><legend>{label}</legend>'
                f'{boxes}</fieldset>')
    if kind == "choice":
        options = "".join(f'<option value="{html.escape(o["key"])}">{html.escape(o["label"][language])}</option>'
                          for o in f["options"])
        return (f'<span class="lnn-answer-field"><label for="{ident}">{label}</label>'
                f'<select id="{ident}" data-role="answer" data-kind="choice">'
                f'<option value="">{html.escape(CHOOSE.text(language))}</option>{options}</select></span>')
    hint = f' placeholder="{html.escape(NAMES_HINT.text(language))}"' if kind == "order" else ""
    return (f'<span class="lnn-answer-field"><label for="{ident}">{label}</label>'
            f'<input id="{ident}" data-role="answer" data-kind="{kind}" type="text" autocomplete="off" '
            f'autocapitalize="off" spellcheck="false"{hint}></span>')


def answer_box(spec: dict) -> str:
    """The self-contained HTML of an exercise's answer box, in the reader's language (its script
    rewrites the words in the page's language)."""
    name, language = spec["name"], reader()
    base = f"lnn-answer-{name}"
    empty = evaluate(spec, [None] * len(spec["fields"]))
    ui = {"title": texts(TITLE), "check": texts(CHECK), "choose": texts(CHOOSE), "names": texts(NAMES_HINT)}
    fields = "".join(_field(base, i, f, language) for i, f in enumerate(spec["fields"]))
    feedback = f'{spec["marks"]["none"][language]}: {empty["body"][language]}'
    return "\n".join([
        f'<div class="lnn-answer" id="{base}" data-answer="{html.escape(name)}">',
        f"<style>{static_asset('answer_box.css')}</style>",
        f'<p class="lnn-answer-title">{html.escape(TITLE.text(language))}</p>',
        f'<div class="lnn-answer-fields">{fields}'
        f'<button type="button" data-role="check">{html.escape(CHECK.text(language))}</button></div>',
        f'<p data-role="feedback" aria-live="polite">{html.escape(feedback)}</p>',
        f"<noscript><p>{html.escape(NEEDS_SCRIPT.text(language))}</p></noscript>",
        f'<script type="application/json" class="lnn-data">{json.dumps({"ui": ui, "spec": encode(spec)})}</script>',
        view_scripts("exercise.js") + f"<script>{static_asset('answer_box.js')}</script>",
        "</div>",
    ])
