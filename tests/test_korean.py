"""The Korean edition, as built: every page Korean, with the English edition's numbers and links.

The built book holds both editions: the English one in _build/html, the Korean one in its ko/
folder, made from the same notebooks (their stored outputs) and the catalogs in locale/ko.
The browser suite (tests/test_browser.py) opens the Korean pages too.
"""

from __future__ import annotations

import ast
import base64
import html as html_lib
import json
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from booktools.book_pages import SCRIPT_WORDS
from booktools.build_book import edition_output
from booktools.config import EDITIONS, edition_config, overlay
from booktools.korean_search import PARTICLES, SearchKorean, korean_stem
from booktools.theme_words import book_catalog_first, compile_catalog

from conftest import HANGUL, NOTEBOOKS, ROOT
from test_notebooks import toc_files

pytestmark = pytest.mark.build

PAGES = toc_files()
LATIN = re.compile(r"[A-Za-z]")
MIN_HANGUL_SHARE = {"glossary": 0.45}
"""Of the letters in a Korean page's prose (code, outputs and formulas left out), at least this share
is Hangul (0.55 unless listed); the rest are names the Korean text keeps (ReLU, numpy, Xavier) and
citations. The glossary pairs every Korean term with its English one, so half of it is English."""


class ProseText(HTMLParser):
    """The article's text, without code cells, cell outputs, math, scripts and styles."""

    SKIP_CLASSES = ("cell_input", "cell_output", "math", "highlight", "lnn-explorer", "lnn-player", "lnn-answer")

    def __init__(self):
        super().__init__()
        self.depth, self.skipping, self.inside, self.parts = 0, [], False, []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "hr", "input", "meta", "link", "source", "wbr"):
            return
        self.depth += 1
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self.inside = True
        if tag in ("script", "style", "pre", "code", "mjx-container") or any(c in self.SKIP_CLASSES for c in classes):
            self.skipping.append(self.depth)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "hr", "input", "meta", "link", "source", "wbr"):
            return
        if self.skipping and self.skipping[-1] == self.depth:
            self.skipping.pop()
        if tag == "article":
            self.inside = False
        self.depth -= 1

    def handle_data(self, data):
        if self.inside and not self.skipping:
            self.parts.append(data)


def prose(page_html: str) -> str:
    parser = ProseText()
    parser.feed(page_html)
    text = " ".join(parser.parts)
    return re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$", " ", text, flags=re.S)  # inline and display TeX


def korean(built_book, page) -> str:
    return (built_book / "ko" / f"{page}.html").read_text(encoding="utf-8")


def english(built_book, page) -> str:
    return (built_book / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES)
def test_every_korean_page_is_built_and_says_it_is_korean(built_book, page):
    html = korean(built_book, page)
    assert re.search(r'<html[^>]*\blang="ko"', html), page
    assert re.search(r'<html[^>]*\blang="en"', english(built_book, page)), page


@pytest.mark.parametrize("page", PAGES)
def test_korean_pages_are_mostly_hangul(built_book, page):
    text = prose(korean(built_book, page))
    hangul, latin = len(HANGUL.findall(text)), len(LATIN.findall(text))
    assert hangul > 200, f"{page}: only {hangul} Hangul letters"
    share = hangul / (hangul + latin)
    assert share >= MIN_HANGUL_SHARE.get(page, 0.55), f"{page}: {share:.0%} of the prose's letters are Hangul"


def glued_numbers(notebook: Path) -> list[str]:
    """Every number the chapter's text glues in, formatted as its role asks (``page::key:format``)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    stored = {}
    for cell in cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                data = output["data"]
                stored[name] = "".join(data.get("text/plain") or data["application/papermill.record/text/plain"])
    found = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for key, spec in re.findall(r"\{glue:text\}`[\w.]+\.ipynb::(\w+):([^`]*)`", "".join(cell["source"])):
            value = ast.literal_eval(stored[key])
            found.append(format(value, spec) if spec else str(value))
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_glued_number_appears_in_both_editions(built_book, notebook):
    numbers = glued_numbers(notebook)
    assert numbers, f"{notebook.name} glues no number"
    page = f"chapters/{notebook.stem}"
    for edition, html in (("en", english(built_book, page)), ("ko", korean(built_book, page))):
        text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
        missing = [number for number in numbers if number not in text]
        assert not missing, f"{edition} {page} lacks glued {missing[:5]}"
        assert "glue:" not in html, f"an unresolved glue reference reached {edition} {page}"


DISPLAY_MATH = re.compile(r'<div class="math notranslate nohighlight">\s*\\\[(.*?)\\\]\s*</div>', re.S)


@pytest.mark.parametrize("page", PAGES)
def test_every_display_formula_reaches_the_korean_page(built_book, page):
    """A display formula is the same in both editions: Sphinx hands a translated math block to the
    page's own (Markdown) parser as a reST literal block, which Markdown reads as the text "::",
    so a formula must carry no words to translate (its catalog entry equals its source)."""
    english_formulas = DISPLAY_MATH.findall(english(built_book, page))
    korean_formulas = DISPLAY_MATH.findall(korean(built_book, page))
    assert korean_formulas == english_formulas, [f for f in korean_formulas if f not in english_formulas][:3]


def switch(html: str) -> str:
    found = re.findall(r'<a class="[^"]*lnn-edition-switch[^"]*" href="([^"]+)"', html)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_links_to_itself_in_the_other_edition(built_book, page):
    to_korean = (built_book / page).parent / switch(english(built_book, page))
    assert to_korean.resolve() == (built_book / "ko" / f"{page}.html").resolve()
    to_english = (built_book / "ko" / page).parent / switch(korean(built_book, page))
    assert to_english.resolve() == (built_book / f"{page}.html").resolve()


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("chapters/")])
def test_korean_alt_text_and_self_checks_are_korean(built_book, page):
    html = korean(built_book, page)
    article = html[html.index("<article"): html.index("</article>")]
    for alt in re.findall(r'<img [^>]*alt="([^"]*)"', article):
        assert HANGUL.search(alt), f"{page}: an English alt text: {alt[:80]}"
    # A self-check's verdict in a solution is a plain-text output; an exercise's answer box carries
    # its words in both languages, and its script writes the page's (the browser suite checks it).
    outputs = " ".join(re.findall(r"<pre\b.*?</pre>", article, flags=re.S))
    for english_mark in ("No answer yet:", "Not yet:", "Right:"):
        assert english_mark not in outputs, f"{page}: a self-check says {english_mark!r} in the Korean book"
    boxes = [json.loads(base64.b64decode(json.loads(html_lib.unescape(data))["spec"]))
             for data in re.findall(r'<script type="application/json" class="lnn-data">(.*?)</script>', article)
             if '"spec"' in data]
    for spec in boxes:
        assert all(HANGUL.search(f["label"]["ko"]) or not re.search("[A-Za-z]{4,}", f["label"]["ko"])
                   for f in spec["fields"]), f"{page}: an answer box without Korean labels: {spec['name']}"
    assert boxes or "정답:" in html, f"{page}: no Korean self-check"


def test_the_books_script_gets_its_words_in_the_editions_language(built_book):
    """``LNN_WORDS``, which the book's script (_static/book.js) writes into pages: a wide figure's name."""
    for html, language in ((english(built_book, "intro"), "en"), (korean(built_book, "intro"), "ko")):
        found = re.search(r"const LNN_WORDS = (\{.*?\});", html)
        assert found, f"no LNN_WORDS on the {language} edition's page"
        assert json.loads(found.group(1)) == {key: text.text(language) for key, text in SCRIPT_WORDS.items()}
    assert "LNN_WORDS.wide_figure" in (ROOT / "_static" / "book.js").read_text(encoding="utf-8")
    assert HANGUL.search(SCRIPT_WORDS["wide_figure"].text("ko"))


THEME_WORDS = ROOT / "locale" / "ko" / "LC_MESSAGES" / "theme.po"
"""The theme's words in the book's own Korean (`booktools.theme_words`)."""


def theme_words() -> dict:
    from babel.messages.pofile import read_po

    with open(THEME_WORDS, "rb") as file:
        return {str(message.id): str(message.string) for message in read_po(file, locale="ko") if message.id}


def test_the_theme_speaks_korean(built_book):
    """The theme's words (from its own catalogs and from the book's theme.po), and myst-nb's toggle."""
    html = korean(built_book, "chapters/02_gradient_descent")
    for korean_ui in ("이 제목의 링크", "이전 페이지", "다음 페이지", "지은이:", "실행: Colab", "이 페이지 다운로드",
                      "색상 모드", ">검색<", "코드 보기", "목차", "전체 화면으로 보기"):
        assert korean_ui in html, korean_ui
    for english_ui in ("Link to this heading", "previous page", "Show code cell", "Launch on", "Back to top",
                       "Copyright"):
        assert english_ui not in html, english_ui
    values = {"copyright": html_lib.escape(str(edition_config("ko").get("copyright", "")))}
    missing = [english for english, korean_word in theme_words().items() if korean_word % values not in html]
    assert not missing, f"theme.po's words for {missing} do not reach the page"


@pytest.fixture
def book_theme_catalog(tmp_path):
    """The "booktheme" domain registered as sphinx-book-theme registers it, restored afterwards."""
    import sphinx_book_theme
    from sphinx import locale

    theme_locale = Path(sphinx_book_theme.get_html_theme_path()) / "static" / "locales"
    saved = locale.translators.pop(("general", "booktheme"), None)
    locale.init([str(theme_locale)], "ko", "booktheme")
    yield compile_catalog(THEME_WORDS, tmp_path / "locale", "ko", ["booktheme"])
    locale.translators.pop(("general", "booktheme"))
    if saved is not None:
        locale.translators["general", "booktheme"] = saved


def test_the_books_theme_words_come_before_the_themes_own(book_theme_catalog):
    """The shim in `booktools.theme_words` (`book_catalog_first`) and why it is there. Sphinx keeps a
    domain's catalogs in the order they were registered, and the first wins: the supported route,
    ``app.add_message_catalog`` (`locale.init`), leaves "By" in the theme's words ("으로"). If that
    changes, the first assertion fails and the shim can go; if Sphinx stops keeping a domain's
    catalogs in ``sphinx.locale.translators``, the shim's own assertions fail."""
    from sphinx import locale
    from sphinx.locale import get_translation

    booktheme = get_translation("booktheme")
    assert booktheme("By") == "으로", "sphinx-book-theme's Korean for 'By' changed: does theme.po still need it?"
    locale.init([str(book_theme_catalog)], "ko", "booktheme")  # what app.add_message_catalog does
    assert booktheme("By") == "으로", "a catalog registered later now wins: use app.add_message_catalog instead"
    book_catalog_first("booktheme", book_theme_catalog, "ko")
    for english, korean_word in theme_words().items():
        assert booktheme(english) == korean_word, english
    assert booktheme("Download this page") == "이 페이지 다운로드", "the theme's own words are lost"


def test_the_search_stemmer_is_the_same_in_python_and_javascript(browser):
    """The query's stemmer (``korean_stemmer.js``, as Sphinx writes it into ``language_data.js``) and
    the index's (`korean_stem`) agree, particle by particle."""
    words = ["역전파", "가중치", "기울기", "학습률", "ReLU", "numpy의", "x가", "AB", "", "이", "역", "값은", "값이다"]
    words += [stem + particle for stem in ("역전파", "가중치", "신경망") for particle in PARTICLES]
    words += [word.upper() for word in ("Gradient", "Descent는")]
    page = browser.new_page()
    try:
        stemmed = page.evaluate(f"(words) => {{ {SearchKorean.js_stemmer_code}\n"
                                "const stemmer = new Stemmer(); return words.map((w) => stemmer.stemWord(w)); }",
                                words)
    finally:
        page.close()
    assert stemmed == [korean_stem(word) for word in words]
    assert korean_stem("역전파는") == korean_stem("역전파를") == "역전파" and korean_stem("값은") == "값은"


def test_search_indexes_a_compound_term_with_and_without_its_inner_space():
    """경사 하강법 on a page is found by 경사하강법 too; a word with a particle is not joined to the next."""
    search = SearchKorean({})
    terms = {search.stem(word) for word in search.split("경사 하강법은 기울기를 따라 내려간다. 활성화 함수")}
    assert {"경사", "하강법", "경사하강법", "활성화함수"} <= terms
    assert "기울기를따라" not in terms and "기울기따라" not in terms


def test_a_translated_pages_doctree_is_as_lean_as_an_untranslated_one(built_book):
    """`booktools.editions.translated_nodes_in_their_page`: every node of a Korean page's pickled doctree
    belongs to that page, not to the throwaway document its message was parsed in, whose settings
    hold the whole build environment (which would be pickled with the page)."""
    doctrees = sorted((edition_output(built_book.parent.parent, EDITIONS["ko"]) / "_build" / ".doctrees")
                      .rglob("*.doctree"))
    assert len(doctrees) == len(PAGES)
    for path in doctrees:
        doctree = pickle.loads(path.read_bytes())
        strays = sum(node.document is not doctree for node in doctree.findall())
        assert not strays, f"{path.name}: {strays} nodes belong to another document"


def test_korean_search_finds_a_term_whatever_particle_follows_it(built_book):
    """Sphinx has no Korean stemmer: the book's (`booktools.korean_search`) strips a trailing particle,
    so the index holds 역전파 for every 역전파는 / 역전파를 / 역전파의 of the text."""
    index_js = (built_book / "ko" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_js[index_js.index("(") + 1: index_js.rindex(")")])
    documents = index["docnames"]
    for term in ("역전파", "경사", "학습률", "기울기", "가중치", "편향"):
        assert term in index["terms"], f"{term} is not in the Korean search index"
        found = index["terms"][term]
        pages = {documents[i] for i in (found if isinstance(found, list) else [found])}
        assert any(p.startswith("chapters/") for p in pages), (term, pages)
    for with_particle in ("역전파는", "역전파를", "학습률이", "가중치를"):
        assert with_particle not in index["terms"], f"{with_particle} was indexed with its particle"


KOREAN_ONLY = {("title",), ("author",), ("execute", "execute_notebooks"), ("sphinx", "config", "language"),
               ("sphinx", "config", "nb_code_prompt_show"), ("sphinx", "config", "nb_code_prompt_hide"),
               ("sphinx", "config", "html_theme_options", "search_bar_text"), ("sphinx", "recursive_update")}
"""What the Korean edition's configuration may set differently: its title, author line and language, its
hidden-code toggle's and search box's words (merged into Jupyter Book's theme options, not replacing
them), and execution (off: it renders the outputs the notebooks store)."""


def flatten(tree, prefix=()):
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from flatten(value, (*prefix, key))
    else:
        yield prefix, tree


def test_the_korean_configuration_is_the_english_one_but_for_its_language():
    """The Korean edition's overlay (``_config.ko-overlay.yml``) sets only what it may, and its
    configuration is ``_config.yml`` but for those keys."""
    overlaid = {key for key, _ in flatten(overlay("ko"))}
    assert overlaid <= KOREAN_ONLY, sorted(overlaid - KOREAN_ONLY)
    assert overlay("en") == {}, "the English edition's configuration is _config.yml itself"
    english, korean = dict(flatten(edition_config("en"))), dict(flatten(edition_config("ko")))
    differ = {key for key in english.keys() | korean.keys() if english.get(key) != korean.get(key)}
    assert differ <= KOREAN_ONLY, sorted(differ - KOREAN_ONLY)
    assert korean[("sphinx", "config", "language")] == "ko" and english[("sphinx", "config", "language")] == "en"
    assert korean[("execute", "execute_notebooks")] == "off"


def test_the_sidebar_template_is_the_themes_own_with_its_name_translated():
    """_templates/sbt-sidebar-nav.html overrides sphinx-book-theme's component only to translate its
    accessible name: if the theme changes its component, this fails, and the copy must follow."""
    import sphinx_book_theme

    theme = Path(sphinx_book_theme.get_html_theme_path()) / "components" / "sbt-sidebar-nav.html"
    ours = (ROOT / "_templates" / "sbt-sidebar-nav.html").read_text(encoding="utf-8")
    upstream = theme.read_text(encoding="utf-8")
    assert 'aria-label="Main"' in upstream
    assert ours.split("\n", 1)[1] == upstream.replace('aria-label="Main"', "aria-label=\"{{ _('Main') }}\"")


def test_the_korean_sidebar_has_a_korean_name(built_book):
    html = korean(built_book, "chapters/02_gradient_descent")
    assert 'aria-label="책 목차"' in html and 'aria-label="Main"' not in html
