"""The book's two editions, English and Korean, built from one set of notebooks.

- Every page links to the same page in the other edition (`language-switch.html`, in the article
  header, and ``<link rel="alternate" hreflang>`` in the head). The English book is
  ``_build/html``, the Korean one ``_build/html/ko``, so the link is the page's own path, one
  folder down or up; the book's script keeps the reader's query and anchor on the way.
- The theme in Korean: sphinx-book-theme, the PyData theme and Sphinx ship Korean catalogs, but a
  few of the words a reader meets are missing from them (or read oddly: "By" became a bare
  particle), so `THEME_KOREAN` supplies them.
- Search in Korean: Sphinx has no Korean stemmer, and a Korean word carries its particle
  (역전파는, 역전파를, 역전파의), so whole-word search would miss most occurrences. `SearchKorean`
  splits on word boundaries and strips a trailing particle, the same way when the index is built
  (Python) and when a query is read (its JavaScript twin), so "역전파" finds "역전파는".
"""

from __future__ import annotations

import re

from sphinx.search import SearchLanguage, languages

EDITIONS = {"en": {"label": "한국어", "lang": "ko", "folder": "ko/"},
            "ko": {"label": "English", "lang": "en", "folder": "../"}}
"""For each edition's pages: the other edition's name (in its own language), language and folder."""

PARTICLES = ("에서는", "으로는", "에게서", "이라는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다",
             "마다", "이나", "이며", "이고", "이다", "라는", "에는", "에도", "로는", "와는", "과는",
             "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")
"""Particles stripped from the end of a Korean word, longest first, when at least two syllables remain."""

THEME_KOREAN = {
    "By": "지은이:",
    "Link to this heading": "이 제목의 링크",
    "Back to top": "맨 위로",
    "Skip to main content": "본문으로 건너뛰기",
    "previous page": "이전 페이지",
    "next page": "다음 페이지",
    "Site navigation": "사이트 탐색",
    "On this page": "이 페이지의 내용",
    "Contents": "목차",
    "Version warning": "버전 경고",
    "Launch on": "실행:",
    "Launch interactive content": "대화형으로 실행하기",
    "Search this book...": "이 책에서 검색...",
    "Fullscreen mode": "전체 화면으로 보기",
}
"""The theme's words that its Korean catalogs lack or word oddly, as the Korean edition shows them."""

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def korean_stem(word: str) -> str:
    """`word` in lower case, without a trailing particle if it is Korean and two syllables remain."""
    word = word.lower()
    if not _HANGUL.search(word[-1:]):
        return word
    for particle in PARTICLES:
        stem = word[: -len(particle)]
        if word.endswith(particle) and len(stem) >= 2 and _HANGUL.search(stem[-1]):
            return stem
    return word


_JS_STEMMER = """
var KoreanParticles = %s;
var Stemmer = function () {
  this.stemWord = function (word) {
    word = word.toLowerCase();
    var hangul = /[\\uac00-\\ud7a3]/;
    if (!hangul.test(word.slice(-1))) return word;
    for (var i = 0; i < KoreanParticles.length; i++) {
      var particle = KoreanParticles[i], stem = word.slice(0, word.length - particle.length);
      if (word.slice(-particle.length) === particle && stem.length >= 2 && hangul.test(stem.slice(-1))) return stem;
    }
    return word;
  };
};
""" % ("[" + ", ".join(f'"{p}"' for p in PARTICLES) + "]")


class SearchKorean(SearchLanguage):
    """Whole-word search for Korean pages: words split at boundaries, a trailing particle stripped."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = _JS_STEMMER
    stopwords: set[str] = set()

    def stem(self, word: str) -> str:
        return korean_stem(word)

    def word_filter(self, word: str) -> bool:
        return bool(word) and (len(word) > 1 or bool(_HANGUL.match(word)))


def other_edition(app, pagename, templatename, context, doctree):
    """The link to this page in the other edition, for `language-switch.html` and the head."""
    edition = EDITIONS.get((app.config.language or "en").split("_")[0])
    if edition is None or app.builder.format != "html":
        return
    url = "../" * pagename.count("/") + edition["folder"] + pagename + ".html"
    context["other_edition"] = {**edition, "url": url}
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" hreflang="{edition["lang"]}" href="{url}">')


def add_switch_to_header(app, config):
    options = config.html_theme_options
    buttons = options.get("article_header_end", ["article-header-buttons.html"])
    if isinstance(buttons, str):
        buttons = [buttons]
    if "language-switch.html" not in buttons:
        options["article_header_end"] = ["language-switch.html", *buttons]


def theme_in_korean(app):
    """Add `THEME_KOREAN` to every translation catalog the build loaded for Korean (they are
    consulted before their fallbacks, so these words win)."""
    if (app.config.language or "").split("_")[0] != "ko":
        return
    from sphinx import locale

    for translator in list(locale.translators.values()):
        catalog = getattr(translator, "_catalog", None)
        if isinstance(catalog, dict):
            catalog.update(THEME_KOREAN)


def setup(app):
    languages["ko"] = SearchKorean
    app.connect("builder-inited", theme_in_korean)
    app.connect("config-inited", add_switch_to_header)
    app.connect("html-page-context", other_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
