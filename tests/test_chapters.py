"""Every chapter reads like a lecture: objectives first, references last, other chapters linked,
and no number typed in the prose that a cell computes.

The shape each chapter follows (see the README's "Writing a chapter"):

- right under the title, an admonition with the class ``objectives``: "You will be able to:", a
  list of what the reader can do afterwards, and a time estimate ("About 40 minutes");
- a ``## References`` section at the end, a list of what the chapter used or credits;
- another chapter is named by a link (``{doc}`the chapter on gradient descent <02_gradient_descent>```),
  never as plain text ("the next chapter");
- a number in the prose that a cell prints or glues comes from the glue, never typed.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import NOTEBOOKS, ROOT


def cells(path, kind):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == kind]


def prose(text: str) -> str:
    """Markdown without what is not prose: math, code, roles, directives' options, links' targets."""
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]+\$", " ", text)  # inline math, which may run over a line's end
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)  # inline code and the role's argument of {glue:text}`name`
    text = re.sub(r"\{[\w:-]+\}", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^:\w[\w-]*:.*$", " ", text, flags=re.M)
    return text


OBJECTIVES = re.compile(r":{3,}\s*\{admonition\}[^\n]*\n:class:[^\n]*\bobjectives\b(.*?)\n:{3,}", re.S)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_chapter_opens_with_its_objectives_and_a_time_estimate(path):
    opening = "\n".join(cells(path, "markdown")[:2])
    match = OBJECTIVES.search(opening)
    assert match, "no objectives admonition (:class: objectives) in the chapter's first markdown cells"
    block = match.group(1)
    assert "You will be able to" in block
    assert len(re.findall(r"^\s*[-*] \S", block, re.M)) >= 2, "list at least two things the reader can do"
    assert re.search(r"\b\d+ minutes\b", block), "say how long the chapter takes (\"About 40 minutes\")"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_chapter_ends_with_its_references(path):
    markdown = cells(path, "markdown")
    index = next((i for i, text in enumerate(markdown) if re.search(r"^## References\s*$", text, re.M)), None)
    assert index is not None, "no '## References' section"
    assert index >= len(markdown) - 2, "the references come at the end of the chapter"
    section = markdown[index].split("## References", 1)[1]
    assert len(re.findall(r"^\s*(?:[-*]|\d+\.) \S", section, re.M)) >= 2, "list what the chapter used"


PLAIN_CHAPTER_MENTION = re.compile(
    r"\b(?:the (?:next|previous|last|first|later|earlier) chapter|a later chapter|an earlier chapter|"
    r"the chapter on [a-z]|chapters? \d)", re.I)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_other_chapters_are_named_by_links_not_plain_text(path):
    for text in cells(path, "markdown"):
        # A mention inside a link's text is fine: {doc}`the chapter on gradient descent <...>`.
        without_links = re.sub(r"\{(?:doc|ref)\}`[^`]*`", " ", text)
        without_links = re.sub(r"\[[^\]]*\]\([^)]*\)", " ", without_links)
        found = PLAIN_CHAPTER_MENTION.search(prose(without_links))
        assert not found, f"'{found.group(0)}' names a chapter without linking it: use {{doc}}"


NUMBER = re.compile(r"(?<![\w.\-])\d+(?:[.,]\d+)*(?:\.\d+)?(?!\w|\.\d)")  # a full stop may follow


def computed_numbers(path) -> set[str]:
    """Numbers the chapter's cells print or glue, as the text would quote them (several roundings)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = set()
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            data = output.get("data", {})
            text = "".join(output.get("text", "")) + "".join(data.get("application/papermill.record/text/plain", ""))
            for literal in re.findall(r"-?\d+\.\d+(?:e[-+]?\d+)?|\d+", text):
                value = float(literal)
                found.add(literal.lstrip("-"))
                for digits in range(1, 5):
                    found.add(f"{abs(value):.{digits}f}")
                    found.add(f"{abs(value):.{digits}g}")
    return found


def source_numbers(path) -> set[str]:
    """Numbers written in the page's code: its cells and the code blocks of its text (a solution's
    code). They are the chapter's inputs, values a reader sets or reads (learning rates, sizes), not
    results."""
    blocks = re.findall(r"```.*?```", "\n".join(cells(path, "markdown")), flags=re.S)
    return set(re.findall(r"\d+(?:\.\d+)?", "\n".join(cells(path, "code") + blocks)))


LABEL = re.compile(r"(?:\b[Ss]ection|\bCC BY|§)\s*$")
"""What a number that is a label follows: a section of a cited book, a licence's version."""


def typed_numbers(text: str, computed: set[str], inputs: set[str]) -> list[str]:
    """The numbers typed in `text` (a markdown cell) that should not be: a decimal number that is not
    a value the page's code writes, nor a label ("section 6.5"); or a whole number of 100 or more
    that a cell computes. Counts and labels (step 1, layer 3, 20 epochs) are whole numbers below 100."""
    text = prose(text)
    found = []
    for match in NUMBER.finditer(text):
        literal = match.group(0)
        plain = literal.replace(",", "")
        if plain in inputs or LABEL.search(text[:match.start()]):
            continue
        if "." in plain or (float(plain) >= 100 and plain in computed):
            found.append(literal)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_number_a_cell_computes_is_typed_in_the_prose(path):
    computed, inputs = computed_numbers(path), source_numbers(path)
    for text in cells(path, "markdown"):
        typed = typed_numbers(text, computed, inputs)
        assert not typed, (f"the prose types {typed}: glue what a cell computes ({{glue:text}}`name`), and "
                           f"write a value the reader sets in the page's code")


def test_the_checks_catch_what_they_are_for():
    assert OBJECTIVES.search(":::{admonition} In this chapter\n:class: objectives\nYou will be able to:\n- a\n:::")
    assert PLAIN_CHAPTER_MENTION.search("as the next chapter shows")
    assert not PLAIN_CHAPTER_MENTION.search(prose("{doc}`the next chapter <02_gradient_descent>`").replace(
        "the next chapter", ""))
    assert NUMBER.findall(prose("the loss falls to 0.142 ($x = 0.5$) and `0.25`")) == ["0.142"]
    # A typed decimal fails whether or not a cell computes it; the code's own values and labels pass.
    assert typed_numbers("The best rate here is 0.37.", set(), set()) == ["0.37"]
    assert typed_numbers("why does the ravine's best step, 0.2, fail?", {"0.2"}, {"0.1"}) == ["0.2"]
    assert typed_numbers("at the learning rate 0.1, as in section 6.5, CC BY 4.0", set(), {"0.1"}) == []
    assert typed_numbers("after 3000 steps, in 12 layers", {"3000"}, set()) == ["3000"]


# ---------------------------------------------------------------- the landing page

LANDING = ROOT / "intro.md"


def test_the_landing_page_shows_the_book_promises_its_outcomes_and_checks_its_prerequisites():
    """The landing page, for a newcomer: a figure drawn by a chapter, what a reader can do at the
    end, the total time (the chapters' own estimates, summed by `booktools.landing_page`), the
    prerequisites with a self-check whose answers wait behind a click, and the ways to read."""
    text = LANDING.read_text(encoding="utf-8")
    figure = re.search(r":::\{figure\} (\S+)\n((?::\w+:.*\n)+)\n(.+?)\n:::", text, re.S)
    assert figure, "a figure, with its options and a caption"
    assert (ROOT / figure.group(1)).is_file() and figure.group(1).startswith("figures/"), figure.group(1)
    assert re.search(r"^:alt: \S.{40,}", figure.group(2), re.M), "the figure needs alt text that describes it"
    outcomes = text.split("## What you will be able to do", 1)
    assert len(outcomes) == 2, "a section saying what a reader can do at the end"
    assert len(re.findall(r"^- \S", outcomes[1].split("\n## ", 1)[0], re.M)) >= 3
    for name in ("reading_minutes", "exercise_minutes", "total_hours"):
        assert "{{ " + name + " }}" in text, f"the total time comes from the chapters: {{{{ {name} }}}}"
    assert not re.search(r"\b\d+ (?:minutes|hours)\b", prose(text)), "a total typed in the prose"
    check = re.search(r":::\{admonition\} [^\n]*self-check\n:class: tip\n(.*?)\n:::", text, re.S)
    assert check and len(re.findall(r"^\d+\. ", check.group(1), re.M)) >= 3, "a self-check of the prerequisites"
    answers = re.search(r":::\{admonition\} Answers\n:class: dropdown\n(.*?)\n:::", text, re.S)
    assert answers and len(re.findall(r"^\d+\. ", answers.group(1), re.M)) == len(
        re.findall(r"^\d+\. ", check.group(1), re.M)), "one answer per question, behind a click"
    assert "## How to read it" in text
    assert "make test" not in text, "how the book is tested is the README's matter"


def test_the_landing_pages_total_is_the_sum_of_the_chapters_estimates():
    from booktools.landing_page import ESTIMATE, chapter_estimates, totals

    assert set(chapter_estimates(ROOT)) == {path.name for path in NOTEBOOKS}
    reading = exercises = 0
    for path in NOTEBOOKS:
        found = re.findall(r"About (\d+) minutes to read and run, and (\d+) more for the exercises",
                           " ".join(" ".join(cells(path, "markdown")).split()))
        assert len(found) == 1, f"{path.name}: one estimate, in the objectives"
        reading, exercises = reading + int(found[0][0]), exercises + int(found[0][1])
    assert totals(ROOT) == {"reading_minutes": str(reading), "exercise_minutes": str(exercises),
                            "total_hours": f"{round((reading + exercises) / 30) / 2:g}"}
    assert ESTIMATE.search("About 5 minutes to read and run, and 10 more for the exercises")


GLOSSARY_ENTRY = re.compile(r"^(\S[^\n]*) · ([^\n]+)\n((?:  \S[^\n]*\n)+)", re.M)
NEEDED_TERMS = ("delta", "epoch", "logit", "Hessian", "condition number", "convex", "central difference",
                "net input", "residual connection", "momentum", "Adam", "learning-rate schedule")
"""Terms the chapters lean on that a newcomer looks up (besides the glossary's first ones)."""


def test_every_glossary_term_has_its_korean_name_a_definition_and_where_it_is_introduced():
    text = (ROOT / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"```\{glossary\}\n(.*?)\n```", text, re.S)
    assert block, "the terms are a Sphinx glossary (```{glossary}), so that every term has an anchor"
    entries = GLOSSARY_ENTRY.findall(block.group(1) + "\n")
    assert len(entries) == block.group(1).count(" · "), "every entry is 'english · 한국어' over an indented definition"
    labels = {label for path in NOTEBOOKS for text_ in cells(path, "markdown")
              for label in re.findall(r"^\(([\w-]+)\)=$", text_, re.M)}
    english = [term for term, _, _ in entries]
    assert english == sorted(english, key=str.lower), "terms in alphabetical order"
    for term, korean, definition in entries:
        assert re.search(r"[\uac00-\ud7a3]", korean) or korean == term, f"{term}: its Korean name"
        sentences = " ".join(definition.split())
        where = re.findall(r"Introduced in \{ref\}`(?:[^`<]+<)?([\w-]+)>?`\.$", sentences)
        assert where and where[0] in labels, f"{term}: end with where a chapter introduces it"
        meaning = sentences.rsplit("Introduced in", 1)[0]
        assert 30 <= len(meaning) <= 300, f"{term}: a definition of a line or two ({len(meaning)} characters)"
    for needed in NEEDED_TERMS:
        assert any(needed == term or term.startswith(needed + " ") for term in english), f"the glossary lacks {needed}"


CHAPTERS_BY_NAME = {path.stem: path for path in NOTEBOOKS}


def notation_rows(text: str) -> list[str]:
    """The rows of the notation table that follows `(backprop-notation)=` or `## Notation`, with
    links to a chapter written as the page that holds them writes them."""
    heading = r"(?:\(backprop-notation\)=|## Notation)\n.*?\n"
    table = re.search(heading + r"(\| symbol \|.*?)(?:\n\n|\n?\Z)", text, re.S).group(1)
    return [re.sub(r"<(?:chapters/)?(\w+)>", r"<\1>", row) for row in table.splitlines()]


def test_the_glossary_lists_the_notation_of_the_chapter_on_backpropagation():
    chapter = "\n\n".join(cells(CHAPTERS_BY_NAME["04_backpropagation"], "markdown"))
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    assert notation_rows(glossary) == notation_rows(chapter)


def test_no_display_formula_holds_words():
    """A display formula cannot be translated (tests/test_korean.py: the Korean page must show it as
    the English one does), so its words would stay English on the Korean page: a formula names its
    sets and quantities with symbols, and the sentence around it says what they are."""
    pages = [(path.name, cells(path, "markdown")) for path in NOTEBOOKS]
    pages += [(name, [(ROOT / name).read_text(encoding="utf-8")])
              for name in ("intro.md", "glossary.md", "where_next.md")]
    worded = [(name, words) for name, texts in pages for text in texts
              for formula in re.findall(r"\$\$(.*?)\$\$", text, re.S)
              for words in re.findall(r"\\(?:text|mathrm)\{([^}]*[A-Za-z]{3,}[^}]*)\}", formula)]
    assert not worded, worded
