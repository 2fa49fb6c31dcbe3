"""Whole-word search in the Korean edition, whatever particle follows a word.

Sphinx has no Korean stemmer, and a Korean word carries its particle (역전파는, 역전파를, 역전파의), so
whole-word search would miss most occurrences. `SearchKorean` splits on word boundaries and strips a
trailing particle (`korean_stem`), the same way when the index is built (Python) and when a reader's
query is read (``korean_stemmer.js``, which Sphinx writes into the edition's ``language_data.js``), so
"역전파" finds "역전파는". Both read the one list of particles, `PARTICLES`.

Korean students write a compound term with or without its inner space (경사 하강법 / 경사하강법,
활성화 함수 / 활성화함수). A page's two adjacent Korean words are indexed joined as well (`split`), so
the query "경사하강법" finds the pages that write "경사 하강법"; "경사 하강법" finds them as two words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search import SearchLanguage

PARTICLES = ("에서는", "으로는", "에게서", "이라는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다",
             "마다", "이나", "이며", "이고", "이다", "라는", "에는", "에도", "로는", "와는", "과는",
             "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만")
"""Particles stripped from the end of a Korean word, longest first, when at least two syllables remain."""

JS_STEMMER = Path(__file__).with_name("korean_stemmer.js")
"""`korean_stem` in JavaScript, reading the particles from ``KoreanParticles``."""

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


def javascript_stemmer() -> str:
    """The query's stemmer for Sphinx's search page: `PARTICLES` as ``KoreanParticles``, then the stemmer."""
    particles = json.dumps(PARTICLES, ensure_ascii=False)
    return f"var KoreanParticles = {particles};\n{JS_STEMMER.read_text(encoding='utf-8')}"


class SearchKorean(SearchLanguage):
    """Whole-word search for Korean pages: words split at boundaries, a trailing particle stripped."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = javascript_stemmer()
    stopwords: set[str] = set()

    def split(self, input: str) -> list[str]:
        """The words of `input`, then each pair of adjacent Korean words joined, when the first carries
        no particle (경사 하강법은 → 경사하강법은, which stems to 경사하강법; 기울기를 따라 gives nothing)."""
        words = super().split(input)
        joined = [first + second for first, second in zip(words, words[1:])
                  if _HANGUL.fullmatch(first[-1:]) and _HANGUL.match(second) and korean_stem(first) == first]
        return words + joined

    def stem(self, word: str) -> str:
        return korean_stem(word)

    def word_filter(self, word: str) -> bool:
        return bool(word) and (len(word) > 1 or bool(_HANGUL.match(word)))
