"""The book's editions and their configurations, each derived from ``_config.yml``.

``_config.yml`` is the English edition's configuration, and the only whole one. Another edition's is
``_config.yml`` with its overlay merged in: a small file that holds only the keys in which that edition
differs (``_config.ko-overlay.yml``: the Korean title, author line, language, code-toggle words, and
execution off). A build that needs a variation (rendering the stored outputs instead of executing,
`STORED_OUTPUTS`; the site's Korean book loading MathJax from the English one, `shared_mathjax`)
merges that in too. Jupyter Book reads its configuration from a file (its command line
cannot pass ``-D``), so `write_config` writes the result under the build's output folder; the book's
Sphinx extensions are installed (``booktools``), so the file works from any folder.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The book's project folder (this package lives in its ``tools/`` folder)."""
BOOK_CONFIG = ROOT / "_config.yml"


@dataclass(frozen=True)
class Edition:
    language: str
    name: str
    """The edition's name in its own language, as the other edition's pages offer it."""
    folder: str
    """Where the edition's HTML goes under the English book's (``""``: the English book itself)."""
    overlay: str | None
    """The file, in the project folder, of the keys in which its configuration differs from ``_config.yml``."""


EDITIONS = {
    "en": Edition("en", "English", "", None),
    "ko": Edition("ko", "한국어", "ko", "_config.ko-overlay.yml"),
}
"""Every edition of the book, by language, the English one first."""

STORED_OUTPUTS = {"execute": {"execute_notebooks": "off"}}
"""The change that renders the notebooks' stored outputs instead of executing them: the outputs that
`make notebooks` wrote and `make test` checks against a fresh run (nbval)."""

MATHJAX = "mathjax/tex-chtml.js"
"""MathJax's script under an HTML build's ``_static``: where sphinx-mathjax-offline copies MathJax
(when a build finishes) and points Sphinx's ``mathjax_path``."""
MATHJAX_OFFLINE = "sphinx-mathjax-offline"
"""The extension that gives a build its own copy of MathJax, as ``_config.yml`` loads it."""

PDF_STEM = "learning-neural-nets"


def pdf_name(language: str | None) -> str:
    """The file name of an edition's PDF: learning-neural-nets.pdf, or learning-neural-nets.<language>.pdf."""
    return f"{PDF_STEM}.pdf" if language in (None, "", "en") else f"{PDF_STEM}.{language}.pdf"


def merged(base: dict, changes: dict) -> dict:
    """`base` with `changes` merged in: a nested mapping merges key by key, any other value replaces."""
    result = dict(base)
    for key, value in changes.items():
        nested = isinstance(value, dict) and isinstance(result.get(key), dict)
        result[key] = merged(result[key], value) if nested else value
    return result


def _read(path: Path) -> dict:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def overlay(language: str) -> dict:
    """The keys in which the edition's configuration differs from ``_config.yml`` (none for English)."""
    if language not in EDITIONS:
        raise ValueError(f"no edition in {language!r}; the editions are {sorted(EDITIONS)} (booktools.config)")
    name = EDITIONS[language].overlay
    return _read(ROOT / name) if name else {}


def edition_config(language: str, changes: dict | None = None) -> dict:
    """The configuration of the edition in `language`, with `changes` (e.g. `STORED_OUTPUTS`) merged in."""
    return merged(merged(_read(BOOK_CONFIG), overlay(language)), changes or {})


def shared_mathjax(language: str) -> dict:
    """The change by which the edition, in its folder of the site (`Edition.folder`), loads the English
    book's MathJax instead of a 24 MB copy of its own: its build leaves out sphinx-mathjax-offline (which
    would copy MathJax in) and points ``mathjax_path`` at the English book's copy. Sphinx resolves that
    path against the edition's own ``_static`` and writes it relative to each page, so the pages find
    MathJax wherever the site is served from. No change for the English edition, which holds the copy."""
    folder = EDITIONS[language].folder
    if not folder:
        return {}
    extensions = [name for name in edition_config(language)["sphinx"]["extra_extensions"] if name != MATHJAX_OFFLINE]
    english_copy = posixpath.relpath(f"_static/{MATHJAX}", f"{folder}/_static")
    return {"sphinx": {"extra_extensions": extensions, "config": {"mathjax_path": english_copy}}}


def write_config(path: Path, language: str, changes: dict | None = None) -> Path:
    """`edition_config` written to `path`, for ``jupyter-book build --config``; returns `path`."""
    import yaml

    path.parent.mkdir(parents=True, exist_ok=True)
    config = edition_config(language, changes)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
