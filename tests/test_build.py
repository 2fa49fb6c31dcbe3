"""The built HTML book: every page present, warnings fatal, math local, nothing from a CDN."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from booktools.config import EDITIONS, MATHJAX
from booktools.run_jupyter_book import COMMAND, SKIPPED

from conftest import NOTEBOOKS, ROOT
from test_notebooks import toc_files

pytestmark = pytest.mark.build

REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, or protocol-relative //
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.I)
LOADED = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
          "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
          "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href")}
"""The attributes through which a tag makes the browser fetch something (a <link> too, unless it only
names a page: rel canonical, alternate, next, prev...)."""
LINK_FETCHES = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon",
                "mask-icon", "dns-prefetch", "preconnect"}


class Resources(HTMLParser):
    """Every address a page makes the browser fetch, read by an HTML parser (any quoting, any case),
    from tags, srcset lists, style attributes and <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        names = LOADED.get(tag, ())
        if tag == "link" and LINK_FETCHES & set(attributes.get("rel", "").lower().split()):
            names = ("href", "imagesrcset")
        for name in names:
            value = attributes.get(name, "")
            addresses = [part.split()[0] for part in value.split(",") if part.strip()] if "srcset" in name else [value]
            self.found.extend(address for address in addresses if address)
        self.found.extend(CSS_URL.findall(attributes.get("style", "")))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found.extend(CSS_URL.findall(data))


def remote_resources(html: str) -> list[str]:
    parser = Resources()
    parser.feed(html)
    return [address for address in parser.found if REMOTE.match(address)]


def test_the_remote_resource_check_reads_html_as_a_browser_does():
    """The parser catches what a pattern with quotes missed, and lets a plain link to another site be."""
    assert remote_resources("<script src=https://cdn.example.com/x.js></script>") == ["https://cdn.example.com/x.js"]
    assert remote_resources("<IMG SRCSET='a.png 1x, //cdn.example.com/b.png 2x'>") == ["//cdn.example.com/b.png"]
    assert remote_resources('<div style="background: url(https://x.example/a.png)"></div>') == ["https://x.example/a.png"]
    assert remote_resources("<style>@import 'https://fonts.example/f.css';</style>") == ["https://fonts.example/f.css"]
    assert remote_resources('<link rel="stylesheet" href="//cdn.example.com/s.css">') == ["//cdn.example.com/s.css"]
    assert remote_resources('<a href="https://example.com">a link</a><link rel="canonical" href="https://e.x/">') == []
    assert remote_resources('<script src="_static/a.js"></script><img src="data:image/png;base64,AA">') == []


def pages(html_root):
    return [html_root / f"{entry}.html" for entry in toc_files()]


def test_build_succeeds_without_warnings(built_book):
    log = (built_book.parent.parent / "build.log").read_text(encoding="utf-8")
    # Sphinx reports "<file>: WARNING: <message>"; the kernel's "[IPKernelApp] WARNING |" line is no page problem.
    problems = re.findall(r"^.*(?:WARNING|ERROR|CRITICAL): .*$", log, flags=re.M)
    assert not problems, problems[:5]
    assert "build succeeded" in log


def test_every_toc_page_is_built(built_book):
    for page in pages(built_book):
        assert page.exists(), f"{page.name} was not built"
    assert (built_book / "index.html").exists()


def test_no_page_loads_anything_from_another_host(built_book):
    """Every page of both editions, and every stylesheet the site ships, fetch nothing from another host."""
    for page in sorted(built_book.rglob("*.html")):
        found = remote_resources(page.read_text(encoding="utf-8"))
        assert not found, f"{page.relative_to(built_book)} loads remote resources: {found[:3]}"
    for sheet in sorted(built_book.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found = [url for url in CSS_URL.findall(text) if REMOTE.match(url)]
        assert not found, f"{sheet.relative_to(built_book)} loads remote resources: {found[:3]}"


def test_math_is_rendered_by_the_local_mathjax(built_book):
    mathjax = built_book / "_static" / "mathjax" / "tex-chtml.js"
    assert mathjax.exists() and mathjax.stat().st_size > 100_000
    with_math = [page for page in pages(built_book) if 'class="math' in page.read_text(encoding="utf-8")]
    assert len(with_math) >= len(NOTEBOOKS), "the chapters have math"
    for page in with_math:  # Sphinx loads MathJax only where there is math to typeset
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<script[^>]+src="(?:\.\./)*_static/mathjax/tex-chtml\.js', html), page.name


MATHJAX_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"?]*/mathjax/[^"?]*)[^"]*"')


def test_the_site_carries_mathjax_once_and_every_page_of_each_edition_finds_it(built_book):
    """The Korean edition loads the English one's MathJax (`booktools.config.shared_mathjax`) by a path
    relative to the page, so the site carries MathJax's 24 MB once and works at any base path."""
    copies = sorted(path.parent.relative_to(built_book) for path in built_book.rglob(Path(MATHJAX).name))
    assert copies == [Path("_static") / Path(MATHJAX).parent], f"MathJax copies in the site: {copies}"
    the_copy = built_book / "_static" / MATHJAX
    for edition in EDITIONS.values():
        with_math = 0
        for page in pages(built_book / edition.folder):
            html = page.read_text(encoding="utf-8")
            sources = MATHJAX_SCRIPT.findall(html)
            assert len(sources) <= 1 and (sources or 'class="math' not in html), f"{page}: MathJax from {sources}"
            for source in sources:
                assert "://" not in source and not source.startswith("/"), f"{page}: {source} is not relative"
                assert Path(os.path.normpath(page.parent / source)) == the_copy, f"{page}: {source}"
            with_math += bool(sources)
        assert with_math >= len(NOTEBOOKS), f"the {edition.language} chapters have math"


def test_the_landing_page_shows_the_chapters_total_time_in_both_editions(built_book):
    from booktools.landing_page import totals

    expected = totals(ROOT)
    english = (built_book / "intro.html").read_text(encoding="utf-8")
    korean = (built_book / "ko" / "intro.html").read_text(encoding="utf-8")
    assert "{{" not in english + korean, "a substitution reached the page unresolved"
    assert (f"about {expected['reading_minutes']} minutes to read and run, and {expected['exercise_minutes']} more"
            in english), "the English landing page's total"
    assert f"{expected['reading_minutes']}분" in korean and f"{expected['exercise_minutes']}분" in korean
    assert f"{expected['total_hours']}시간" in korean


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_page_shows_executed_outputs_and_glued_numbers(built_book, notebook):
    html = (built_book / "chapters" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert 'class="cell_output' in html
    assert "glue:" not in html, "an unresolved glue reference reached the page"
    source = built_book / "_sources" / "chapters" / notebook.name
    assert json.loads(source.read_text(encoding="utf-8"))["nbformat"] == 4, "download is not the notebook"


def test_launch_buttons_point_at_main_and_the_notebook(built_book):
    for notebook in NOTEBOOKS:
        html = (built_book / "chapters" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        path = f"chapters/{notebook.name}"
        assert f"mybinder.org/v2/gh/learning-neural-nets/learning-neural-nets/main?urlpath=lab/tree/{path}" in html
        assert f"colab.research.google.com/github/learning-neural-nets/learning-neural-nets/blob/main/{path}" in html


def test_the_builds_run_jupyter_books_own_command_less_the_iri_grammars():
    """`booktools.run_jupyter_book` runs what the ``jupyter-book`` script runs, with rfc3987-syntax marked
    missing; it has a reason to exist only while jsonschema imports that package as it is imported."""
    [script] = [entry for entry in entry_points(group="console_scripts") if entry.name == "jupyter-book"]
    assert script.value == COMMAND
    check = f"import sys, jsonschema; print({SKIPPED!r} in sys.modules)"
    imported = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout
    installed = importlib.util.find_spec(SKIPPED) is not None
    assert imported.strip() == str(installed), f"jsonschema no longer imports {SKIPPED}: drop the shim"
    version = subprocess.run([sys.executable, "-m", "booktools.run_jupyter_book", "--version"],
                             capture_output=True, text=True)
    assert version.returncode == 0 and "Jupyter Book" in version.stdout, version.stdout + version.stderr


def test_build_output_stays_out_of_the_sources():
    assert not list((ROOT / "chapters").glob("*.html"))


def test_a_pdf_the_download_menu_offers_is_there(built_book):
    """The menu offers the printed book only when `make pdf` made it (`booktools.book_pages`), never a dead link."""
    for page in pages(built_book):
        for href in re.findall(r'<a href="([^":#?]+\.pdf)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), f"{page.name} offers {href}, which is not there"


def test_no_page_carries_thebe(built_book):
    """The book never runs code through thebe: sphinx-thebe's script, stylesheet and configuration are
    left out of every page (`booktools.book_pages`, which names them exactly: if sphinx-thebe renames
    one, this fails)."""
    for page in pages(built_book) + pages(built_book / "ko"):
        html = page.read_text(encoding="utf-8")
        for mark in ("sphinx-thebe.js", "sphinx-thebe.css", "THEBE_JS_URL", "x-thebe-config"):
            assert mark not in html, f"{page.relative_to(built_book)} carries thebe's {mark}"


def test_a_hidden_cells_toggle_is_named_by_the_words_it_shows(built_book):
    """myst-nb's toggle without its ``aria-label`` ("Toggle hidden content"), which would name it
    differently from its words ("Show code cell source"): `booktools.book_pages` writes it."""
    toggles = 0
    for page in pages(built_book) + pages(built_book / "ko"):
        html = page.read_text(encoding="utf-8")
        toggles += len(re.findall(r'<details class="admonition hide[^"]*">\n<summary>\n<p class="collapsed', html))
        assert "Toggle hidden content" not in html, page.relative_to(built_book)
    assert toggles, "no hidden cell's toggle in the book"


def test_an_edit_of_a_static_file_alone_reaches_the_next_build(tmp_path):
    """Sphinx writes nothing, not even the static files, when no page changed; the book then reads its
    landing page again so that an edit of ``_static/book.css`` alone reaches the built book, and
    reads nothing when the copies are current (a template, ``*.js_t``, is written out rendered)."""
    from types import SimpleNamespace

    from booktools.book_pages import static_files_changed

    source, output = tmp_path / "_static", tmp_path / "html" / "_static"
    (source / "fonts").mkdir(parents=True)
    (output / "fonts").mkdir(parents=True)
    for name, text in {"book.css": "a {}", "fonts/face.css": "@font-face {}", "copybutton.js_t": "{{ x }}"}.items():
        (source / name).write_text(text)
    (output / "book.css").write_text("a {}")
    (output / "fonts" / "face.css").write_text("@font-face {}")
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path / "html"),
                          confdir=str(tmp_path), config=SimpleNamespace(html_static_path=["_static"], root_doc="intro"))
    assert static_files_changed(app, None, set(), set(), set()) == []
    (source / "book.css").write_text("a { color: red; }")
    assert static_files_changed(app, None, set(), set(), set()) == ["intro"]
    assert static_files_changed(app, None, set(), {"intro"}, set()) == [], "a page is read anyway"
    (output / "book.css").write_text("a { color: red; }")
    (output / "fonts" / "face.css").unlink()
    assert static_files_changed(app, None, set(), set(), set()) == ["intro"]
