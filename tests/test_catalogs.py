"""The Korean edition cannot drift: its catalogs are complete, valid and in step with the English text.

An author who edits a chapter runs `make catalogs` (booktools/update_catalogs.py), which extracts
the book's messages and merges them into ``locale/ko/LC_MESSAGES``; these tests do the same on a
copy and fail while any paragraph's Korean entry is missing, fuzzy or stale. The same holds for
what the library writes (feedback, labels, the printed book's words: every `Text` in the code),
whose catalog ships with it, ``lib/backprop/book/locale/ko/LC_MESSAGES/backprop.po``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from booktools import library_messages, update_catalogs

from conftest import ROOT
from test_notebooks import toc_files

pytestmark = pytest.mark.build

LOCALE = ROOT / "locale"
CATALOGS = sorted((LOCALE / "ko" / "LC_MESSAGES").rglob("*.po"))
LIBRARY_LOCALE = ROOT / library_messages.LOCALE
LIBRARY_CATALOGS = sorted(LIBRARY_LOCALE.glob("*/LC_MESSAGES/backprop.po"))
"""The library's catalogs (`backprop.book.catalog`): what its helpers and the build tooling write for a reader."""


def msgfmt(tool: str = "msgfmt") -> str:
    """GNU gettext's `tool` (msgfmt, msgmerge): required under CI, skipped without it elsewhere."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{tool} (apt-get install gettext) is required under CI=true")
        pytest.skip(f"{tool} not found: apt-get install gettext")
    return path


def test_every_page_of_the_book_has_a_korean_catalog():
    pages = {f"{page}.po" for page in toc_files()}
    assert pages <= {str(p.relative_to(LOCALE / "ko" / "LC_MESSAGES")) for p in CATALOGS}


@pytest.mark.parametrize("catalog", CATALOGS + LIBRARY_CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_valid_and_complete(catalog):
    """``msgfmt --check``: a valid header, and on a message with fields (python-brace-format), the
    translation keeps every ``{field}`` and adds none; every message translated, none fuzzy."""
    result = subprocess.run([msgfmt(), "--check", "--statistics", "-o", os.devnull, str(catalog)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), f"{catalog.name}: {statistics}"


def role_targets(role, text):
    """The targets of every `role` in `text` (a link's target, not its words), in order."""
    found = re.findall(r"\{" + re.escape(role) + r"\}`([^`]*)`", text)
    return sorted(re.sub(r"^.*<([^>]+)>$", r"\1", target) for target in found)


def formulas(text: str) -> list[str]:
    """The formulas of `text` with the words in them (``\\text{...}``) left out: a translation keeps
    every symbol of a formula and translates its words ("\\text{relative error}" is "\\text{상대 오차}")."""
    return [re.sub(r"\\text\{[^{}]*\}", r"\\text{}", math) for math in re.findall(r"\$\$?[^$]+\$\$?", text)]


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_translations_keep_every_glue_reference_and_link(catalog):
    """A translated paragraph shows the same glued numbers, links and formulas as the English one;
    glue uses the ``page.ipynb::key`` form, the only one that works inside a translated paragraph."""
    from babel.messages.pofile import read_po

    with open(catalog, "rb") as file:
        messages = [m for m in read_po(file, locale="ko") if m.id]
    for message in messages:
        english, korean = str(message.id), str(message.string)
        for role in ("glue:text", "ref", "doc"):
            assert role_targets(role, english) == role_targets(role, korean), (role, english[:80])
        assert set(formulas(english)) == set(formulas(korean)), ("math", english[:80])
        assert re.findall(r"\{glue:text\}`(?![\w.]+\.ipynb::)", english) == [], \
            f"use the page.ipynb::key form of glue in {catalog.name}: {english[:80]}"


# ---------------------------------------------------------------- numbers typed in a translation

UNTRANSLATED = [re.compile(pattern) for pattern in (
    r"\{glue:text\}`[^`]*`", r"\$\$?[^$]+\$\$?", r"`[^`]*`", r"<[^>]+>", r"\]\([^)]*\)", r"https?://\S+")]
"""What a translation carries over untouched and other tests compare: glued numbers, math, code,
HTML, link targets and addresses."""
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
ENGLISH_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "million": 1e6, "single": 1,
    "once": 1, "twice": 2, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10,
    "double": 2, "pair": 2, "both": 2, "sixth": 6, "sixteenth": 16}
PARTS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "tenth": 10, "sixteenth": 16,
         "millionth": 1e6}
"""Words that name a fraction 1/n ("a fifth" is 0.2)."""
VANISHING = re.compile(r"\b(?:zero|nothing|vanish\w*|none)\b", re.I)


def english_numbers(text: str) -> set:
    """The values an English text states: its numerals (a/b as a fraction too), number words ("two
    hundred" is 200 as well as 2 and 100; "a fifth" is 0.2), the chapter number of each {doc} link (a Korean sentence
    says "4장" for a link to chapter 4), and 0 where it says zero, nothing or vanish."""
    values = {float(n.replace(",", "")) for n in re.findall(rf"(?<![\w.]){NUMBER}", clean(text))}
    values |= {float(a) / float(b) for a, b in re.findall(r"\b(\d+)/(\d+)\b", clean(text)) if float(b)}
    words = re.findall(r"[a-z]+", clean(text).lower())
    values |= {float(ENGLISH_WORDS[w]) for w in words if w in ENGLISH_WORDS}
    values |= {1 / PARTS[w] for w in words if w in PARTS} | ({1e-6} if "in a million" in text else set())
    values |= {float(ENGLISH_WORDS[a] * ENGLISH_WORDS[b]) for a, b in zip(words, words[1:])
               if a in ENGLISH_WORDS and b in ("hundred", "thousand", "million")}
    values |= {float(n) for n in re.findall(r"\{doc\}`[^`<]*<?(?:\.\./)?(?:chapters/)?0*(\d+)_", text)}
    return values | ({0.0} if VANISHING.search(clean(text)) else set())


def korean_numbers(text: str) -> set:
    """The values a Korean text states: "N분의 M" is the fraction M/N, "N만" is N·10⁴ (so "100만분의
    1" is one millionth); other numerals as they are."""
    text = clean(text)
    values = set()

    def value(numeral, ten_thousands):
        return float(numeral.replace(",", "")) * (1e4 if ten_thousands else 1)

    for whole, man, part in re.findall(rf"({NUMBER})(만?)분의 ({NUMBER})", text):
        values.add(value(part, False) / value(whole, man))
    text = re.sub(rf"{NUMBER}만?분의 {NUMBER}", " ", text)
    values |= {value(n, man) for n, man in re.findall(rf"(?<![\w.])({NUMBER})(만)?", text)}
    return values


def clean(text: str) -> str:
    for pattern in UNTRANSLATED:
        text = pattern.sub(" ", text)
    return text


def close_to_one_of(value: float, values: set) -> bool:
    return any(abs(value - v) <= 1e-9 * max(1.0, abs(v)) for v in values)


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda p: str(p.relative_to(LOCALE)))
def test_a_number_written_in_a_translation_is_one_the_english_states(catalog):
    """A number typed into a Korean sentence (not glued, not in math or code) is a value its English
    sentence states, so that "200 스텝" cannot become "300 스텝" in one edition alone."""
    from babel.messages.pofile import read_po

    with open(catalog, "rb") as file:
        messages = [m for m in read_po(file, locale="ko") if m.id and m.string]
    strays = []
    for message in messages:
        english = english_numbers(str(message.id))
        extra = [v for v in korean_numbers(str(message.string)) if not close_to_one_of(v, english)]
        if extra:
            strays.append((extra, str(message.string)[:100]))
    assert not strays, strays[:5]


def test_the_number_check_catches_a_changed_number():
    english = "After 200 steps the loss is {glue:text}`p.ipynb::loss:.3f`; see {doc}`the next chapter <04_x>`."
    assert close_to_one_of(200.0, english_numbers(english))
    assert not close_to_one_of(300.0, english_numbers(english))
    assert korean_numbers("200스텝 뒤 4장({doc}`x <04_x>`)에서 손실은 4분의 1, 100만분의 1") == {200.0, 4.0, 0.25, 1e-6}
    assert english_numbers("two hundred features, one sixteenth, a quarter") >= {200.0, 1 / 16, 0.25}


def test_catalogs_are_in_step_with_the_english_text(tmp_path):
    """What `make catalogs` does, on a copy: after extracting the current text and merging it, no
    entry is untranslated (a new or changed paragraph), fuzzy or obsolete (a paragraph now gone)."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    templates = update_catalogs.extract(tmp_path / "gettext")
    update_catalogs.merge(templates, locale)
    assert update_catalogs.needs_translator(locale) == {}


# ---------------------------------------------------------------- the library's messages (backprop.po)

@pytest.fixture
def project_copy(tmp_path):
    """The code that writes the library's messages, and its catalogs, copied: what `make catalogs` reads."""
    for folder in library_messages.SOURCES:  # the catalogs are among the library's files
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
                        dirs_exist_ok=True)
    return tmp_path


def extract_and_merge(root):
    """`make catalogs`' part for the library under `root`: {catalog: text after the merge}."""
    msgfmt("msgmerge")
    catalogs = library_messages.update(root / "_build" / "library-gettext", root)
    return {path.relative_to(root): path.read_text(encoding="utf-8") for path in catalogs}


def test_the_library_has_a_korean_catalog_among_the_files_it_ships():
    assert [p.relative_to(LIBRARY_LOCALE).as_posix() for p in LIBRARY_CATALOGS] == ["ko/LC_MESSAGES/backprop.po"]
    assert ROOT / library_messages.SOURCES[0] in LIBRARY_LOCALE.parents  # so it goes wherever the library goes


def test_every_message_in_the_code_has_a_translation_and_every_translation_a_message():
    from babel.messages.pofile import read_po

    in_code = {(m.context, m.msgid) for m in library_messages.messages()}
    assert len(in_code) > 200
    for catalog in LIBRARY_CATALOGS:
        with open(catalog, "rb") as file:
            read = read_po(file)
        entries = [m for m in read if m.id]
        translated = {(m.context, m.id) for m in entries if m.string and not m.fuzzy}
        assert sorted(in_code - translated, key=str) == [], f"untranslated or fuzzy in {catalog.name}"
        assert sorted({(m.context, m.id) for m in entries} - in_code, key=str) == [], "entries no code writes"
        assert not read.obsolete, f"obsolete entries (messages gone from the code) in {catalog.name}: delete them"


def test_the_library_catalog_is_in_step_with_the_code(project_copy):
    """What `make catalogs` does, on a copy: extracting and merging again changes nothing."""
    merged = extract_and_merge(project_copy)
    assert merged == {path.relative_to(ROOT): path.read_text(encoding="utf-8") for path in LIBRARY_CATALOGS}
    assert update_catalogs.needs_translator(project_copy / library_messages.LOCALE) == {}


def test_a_changed_english_message_fails_until_it_is_translated_again(project_copy):
    """The drift check at work, on a copy of the code: one English message edited, one reworded, one added."""
    from backprop.book.catalog import read_catalog

    selfcheck = project_copy / "lib" / "backprop" / "book" / "selfcheck.py"
    source = selfcheck.read_text(encoding="utf-8")
    assert source.count('Text("Not yet")') == 1 and source.count('Text("your function")') == 1
    source = source.replace('Text("Not yet")', 'Text("Not quite yet")')
    source = source.replace('Text("your function")', 'Text("the function you wrote")')
    selfcheck.write_text(source + '\nNEW = Text("A sentence nobody has translated.")\n', encoding="utf-8")

    [(name, merged)] = extract_and_merge(project_copy).items()
    assert merged != (ROOT / name).read_text(encoding="utf-8"), "the catalog stayed the same: no drift seen"
    assert update_catalogs.needs_translator(project_copy / library_messages.LOCALE) == {"ko/LC_MESSAGES/backprop.po": [
        "fuzzy: 'Not quite yet'",  # a small edit: the old translation, for the translator to re-confirm
        "untranslated: 'the function you wrote'",  # reworded: nothing close enough to start from
        "untranslated: 'A sentence nobody has translated.'",
        "obsolete: 'your function'",  # the reworded message's old entry, for the translator to delete
    ]}
    assert '#| msgid "Not yet"\nmsgid "Not quite yet"\nmsgstr "아직 아니다"' in merged
    result = subprocess.run([msgfmt(), "--check", "--statistics", "-o", os.devnull, str(project_copy / name)],
                            capture_output=True, text=True)
    assert not re.fullmatch(r"\d+ translated messages?\.", result.stderr.strip()), result.stderr
    # Until it is translated again, a reader's kernel says the message in English: the stale Korean is not used.
    korean = read_catalog(merged)
    assert {(None, "Not quite yet"), (None, "Not yet"), (None, "your function")}.isdisjoint(korean)


def test_a_translation_that_drops_a_field_fails_msgfmt(tmp_path):
    catalog = tmp_path / "backprop.po"
    text = LIBRARY_CATALOGS[0].read_text(encoding="utf-8")
    entry = 'msgid "{label}: {x} is too large."\nmsgstr "{label}: {x}은(는) 너무 크다."'
    assert entry in text
    catalog.write_text(text.replace(entry, entry.replace("{x}은(는)", "값이")), encoding="utf-8")
    result = subprocess.run([msgfmt(), "--check", "-o", os.devnull, str(catalog)], capture_output=True, text=True)
    assert result.returncode != 0 and "argument 'x' doesn't exist in 'msgstr'" in result.stderr


@pytest.mark.parametrize("code, error", [
    ('message = "a"\nText(message)\n', "must be a non-empty literal string"),
    ('Text(f"{1} step")\n', "must be a non-empty literal string"),
    ('Text("a", context=CONTEXT)\n', "context must be a non-empty literal string"),
    ('Text("a", "가")\n', "takes one message, its English"),
    ('from .language import Text as T\n', "Text imported as T"),
])
def test_the_extraction_refuses_a_message_it_cannot_read(tmp_path, code, error):
    folder = tmp_path / library_messages.SOURCES[0]
    folder.mkdir(parents=True)
    (folder / "module.py").write_text(code, encoding="utf-8")
    with pytest.raises(ValueError, match=f"lib/backprop/book/module.py:\\d+: .*{error}"):
        library_messages.messages(tmp_path)


# ---------------------------------------------------------------- the Korean edition's settled terms

RETIRED_TERMS = {
    "극솟값": "지역 최솟값 (local minimum)", "극소점": "지역 최솟값 (local minimum)",
    "최소점": "최솟값 (minimum)", "최대점": "최댓값 (maximum)",
    "인수": "배율 (factor; a function's argument is 인자)", "탐색기": "실험 도구 (explorer)",
    "소비자": "입력으로 받는 노드 (a node's consumers)", "라우팅": "보낸다 (max routes the gradient)",
    "기울기 증가": "기울기 폭발 (growing, exploding gradients)", "기울기 폭주": "기울기 폭발 (exploding gradient)",
    "게인(이득)": "게인 (gain)", "역방향 패스": "역방향 계산 (backward pass)",
    "autograd": "자동 미분 (autograd, outside code and titles)",
}
"""Words the Korean edition no longer uses, and the glossary's term that replaced each."""


def korean_texts():
    """(catalog, msgstr) for every translated message of every Korean catalog, code and addresses left out."""
    from babel.messages.pofile import read_po

    for catalog in [*CATALOGS, *LIBRARY_CATALOGS]:
        with open(catalog, "rb") as file:
            for message in read_po(file, locale="ko"):
                if message.id and message.string:
                    strings = message.string if isinstance(message.string, tuple) else (message.string,)
                    for string in strings:
                        # code, addresses, and a glossary term's English name after its Korean one
                        yield catalog.name, re.sub(r"`[^`]*`|https?://\S+| · [ -~]+$", " ", string)


def test_a_retired_korean_term_does_not_come_back():
    """The terminology settled in the glossary holds in every catalog (pages, theme and library)."""
    found = [(name, term, text[:80]) for name, text in korean_texts() for term in RETIRED_TERMS if term in text]
    assert not found, [f"{name}: {term!r} (use {RETIRED_TERMS[term]}): {text}" for name, term, text in found[:8]]


def test_the_glossary_names_each_settled_term_as_the_chapters_use_it():
    """Each term the terminology pass settled has its entry, under its Korean name, and no retired word."""
    glossary = (ROOT / "glossary.md").read_text(encoding="utf-8")
    for english, korean in [("backward pass", "역방향 계산"), ("local, global", "지역, 전역"),
                            ("explorer", "실험 도구"), ("factor per layer", "층마다의 배율"), ("gain", "게인"),
                            ("automatic differentiation", "자동 미분"), ("exploding gradient", "기울기 폭발")]:
        assert re.search(rf"^.*{re.escape(english)}.* · .*{re.escape(korean)}", glossary, re.M), english
    assert not [term for term in RETIRED_TERMS if term in glossary and term != "autograd"]
