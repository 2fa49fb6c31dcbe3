"""The printable book (`make pdf`, booktools/make_pdf.py), read back from the PDF itself.

Each edition's PDF (English, and Korean) is printed once per session from the
stored outputs, as `make pdf` prints it, into _build/test-pdf; every check runs on both. Its text
(pdftotext), fonts (pdffonts), images (pdfimages) and bookmarks and links (pypdf) are checked
against the sources: every page title in reading order, every font embedded,
no missing characters, no TeX left raw, every figure at its stored size, solutions after their
chapter's last exercise, no Python repr where a figure belongs.

poppler-utils and Debian's Chromium are `.ci/run`'s to install; with CI=true a missing one fails.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from booktools import book_pages, make_pdf
from booktools.chromium import INSTALL, chromium_path
from booktools.config import EDITIONS, STORED_OUTPUTS, edition_config, merged, pdf_name, write_config

from conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.build

STATIC_VIEW = "application/vnd.backprop.static-view+html"
OUTPUT = ROOT / "_build" / "test-pdf"


def missing(what: str):
    """Fail under CI, skip on a developer's machine, when a tool the PDF tests need is absent."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} not found; the PDF tests need it")


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(f"{name} (apt-get install poppler-utils)")
    return path


def reading_order() -> list[str]:
    """The pages of _toc.yml in the order a reader meets them."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                yield entry["file"]
            yield from walk(entry.get("sections", []) + entry.get("chapters", []))

    return [toc["root"], *walk(toc.get("parts", []) + toc.get("chapters", []))]


PRINTED_WORDS = {
    "en": {"chapter": "Chapter {n} {title}", "exercise": "Exercise {n}.{m} ",
           "solution": r"Solution to ?Exercise \d+\.\d+"},
    "ko": {"chapter": "{n}장 {title}", "exercise": "연습 {n}.{m} ", "solution": r"해답 ?연습 \d+\.\d+"},
}
"""How each edition's PDF words a chapter's number, an exercise and a solution (sphinx-exercise's
own words: "Solution to Exercise 2.3", "해답 연습 2.3")."""


def page_title(page: str, edition: str = "en") -> str:
    """The page's title in the edition: its first heading, or that heading's Korean from the page's catalog."""
    notebook = ROOT / f"{page}.ipynb"
    if notebook.exists():
        text = "\n".join("".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                         if c["cell_type"] == "markdown")
    else:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", text, flags=re.M).group(1).strip()
    if edition == "en":
        return title
    from babel.messages.pofile import read_po

    with open(ROOT / "locale" / edition / "LC_MESSAGES" / f"{page}.po", "rb") as file:
        return read_po(file)[title].string


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def stored_figures() -> list[tuple[int, int]]:
    """(width, height) of every stored figure: the image/png outputs that are not an explorer's picture."""
    sizes = []
    for notebook in NOTEBOOKS:
        for cell in cells(notebook):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data and STATIC_VIEW not in data:
                    png = base64.b64decode("".join(data["image/png"]))
                    sizes.append(struct.unpack(">II", png[16:24]))  # the IHDR chunk's width and height
    return sizes


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="session", params=sorted(EDITIONS))
def edition(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def printed_book(edition) -> Path:
    """The edition's PDF, printed once per session as `make pdf` prints it: by a Chromium that sees none
    of the machine's fonts (`booktools.chromium.only_the_books_fonts`), so every check below holds
    whatever Korean fonts a machine has (Nanum, Noto CJK, both or none)."""
    if chromium_path() is None:
        missing(f"Debian's chromium ({INSTALL})")
    try:
        import playwright  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError as error:
        missing(f"the {error.name} package (pip install -r requirements-test.txt)")
    pdf = OUTPUT / pdf_name(edition)
    result = subprocess.run(
        [sys.executable, "-m", "booktools.make_pdf", "--edition", edition, "--output", str(pdf),
         "--workdir", str(OUTPUT / edition)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"booktools.make_pdf failed (exit {result.returncode}):\n{(result.stdout + result.stderr)[-4000:]}")
    return pdf


@pytest.fixture(scope="session")
def text(printed_book) -> str:
    return subprocess.run([tool("pdftotext"), str(printed_book), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_every_page_title_is_printed_in_reading_order(text, edition):
    flat, position = normalized(text), 0
    for page in reading_order():
        title = normalized(page_title(page, edition))
        found = flat.find(title, position)
        assert found >= 0, f"{title!r} ({page}) is missing, or out of order"
        position = found + len(title)


def test_every_chapter_is_numbered(text, edition):
    flat = normalized(text)
    for number, notebook in enumerate(NOTEBOOKS, start=1):
        title = normalized(page_title(f"chapters/{notebook.stem}", edition))
        numbered = PRINTED_WORDS[edition]["chapter"].format(n=number, title=title)
        assert numbered in flat, f"chapter {number} ({title}) has no number over its title"


def test_every_font_is_embedded_and_maps_to_unicode(printed_book):
    listing = subprocess.run([tool("pdffonts"), str(printed_book)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, "pdffonts lists no font"
    for row in rows:
        emb, sub, uni = row.split()[-5:-2]
        assert emb == "yes", f"font not embedded: {row}"
        assert uni == "yes", f"font without a Unicode map (its text would not search or copy): {row}"


@pytest.mark.parametrize("edition", ["ko"], indirect=True)
def test_the_korean_book_embeds_the_font_the_book_ships(printed_book):
    """Hangul is printed in Noto Sans KR, the font the pages bring (booktools.korean_font), never in
    a font of the printing machine: the PDF is the same wherever it is made."""
    listing = subprocess.run([tool("pdffonts"), str(printed_book)], capture_output=True, text=True, check=True).stdout
    names = [row.split()[0] for row in listing.splitlines()[2:]]
    assert any("NotoSansKR" in name.replace(" ", "") for name in names), names
    assert not [name for name in names if re.search(r"CJK|Nanum|Gothic|Malgun", name)], names


@pytest.mark.parametrize("edition", ["ko"], indirect=True)
def test_the_korean_book_is_in_korean(text):
    """The Korean PDF's text is Korean: a third of its letters or more are Hangul (its code, outputs,
    names and citations stay as they are), and no chapter's English title is left."""
    hangul, latin = len(re.findall(r"[\uac00-\ud7a3]", text)), len(re.findall(r"[A-Za-z]", text))
    assert hangul > 20_000 and hangul / (hangul + latin) > 0.3, (hangul, latin)
    flat = normalized(text)
    for notebook in NOTEBOOKS:
        page = f"chapters/{notebook.stem}"
        assert normalized(page_title(page)) not in flat, f"the English title of {page} is printed"


def test_no_character_is_missing(text):
    assert "\ufffd" not in text, "a replacement character (U+FFFD) in the text"
    assert "\u25a1" not in text and "\u2610" not in text, "a box where a glyph is missing"


def test_no_tex_is_left_raw(text):
    """Math is typeset: TeX appears only where a code cell prints it (matplotlib labels)."""
    code = normalized("\n".join("".join(cell["source"]) for notebook in NOTEBOOKS for cell in cells(notebook)
                                if cell["cell_type"] == "code"))
    assert not re.search(r"\\[()\[\]]|\$\$", text), "TeX delimiters left in the text"
    for match in re.finditer(r"^.*\\(?:[a-zA-Z]+)\b.*$", text, flags=re.M):
        line = normalized(match.group(0)).strip()
        if re.search(r"\\(?:frac|dfrac|mathbf|mathrm|partial|sum|sigma|delta|cdot|left|right|top|eta|sqrt|"
                     r"operatorname|epsilon|nabla|tanh|hat|quad|begin|end)\b", line):
            assert line in code, f"raw TeX outside code: {line!r}"


def test_every_figure_is_printed_at_its_stored_size(printed_book):
    listing = subprocess.run([tool("pdfimages"), "-list", str(printed_book)], capture_output=True, text=True,
                             check=True).stdout
    printed = [(int(row.split()[3]), int(row.split()[4])) for row in listing.splitlines()[2:]
               if row.split()[2] == "image"]
    figures = stored_figures()
    assert figures, "the chapters store no figure"
    assert len(printed) >= len(figures), f"{len(printed)} images in the PDF for {len(figures)} figures"
    remaining = list(printed)
    for size in figures:  # each figure's own pixels: not downscaled, not cropped
        assert size in remaining, f"no image of {size[0]}x{size[1]} pixels: a figure was resampled or cut"
        remaining.remove(size)


def test_bookmarks_name_every_part_and_lead_to_its_page(printed_book, edition):
    from pypdf import PdfReader

    reader = PdfReader(printed_book)
    entries = [(item.title, reader.get_destination_page_number(item))
               for item in make_pdf._outline_items(reader.outline)]
    titles = [title for title, _ in entries]
    for page in reading_order():
        title = normalized(page_title(page, edition))
        assert any(title in normalized(t) for t in titles), f"no bookmark for {title!r}"
    assert all(t.strip() for t in titles), "a bookmark without a title"
    pages = [number for _, number in entries]
    assert pages == sorted(pages), "bookmarks out of reading order"
    assert not any(re.search(r"\s\?|\(\s*\)|\s$", t) for t in titles), "a bookmark lost its math"


def test_internal_links_lead_somewhere_inside_the_book(printed_book):
    from pypdf import PdfReader

    reader = PdfReader(printed_book)
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                internal += 1
    # The contents alone link to every part and section; the text links between chapters too.
    sections = sum(len(re.findall(r"^## ", "".join(c["source"]), flags=re.M))
                   for notebook in NOTEBOOKS for c in cells(notebook) if c["cell_type"] == "markdown")
    assert internal >= sections, f"only {internal} links inside the PDF for {sections} chapter sections"


def test_solutions_follow_their_chapters_last_exercise(text, edition):
    flat, words = normalized(text), PRINTED_WORDS[edition]
    starts = []
    for number, notebook in enumerate(NOTEBOOKS, start=1):
        title = normalized(page_title(f"chapters/{notebook.stem}", edition))
        starts.append(flat.index(words["chapter"].format(n=number, title=title), starts[-1] if starts else 0))
    starts.append(len(flat))
    for number, notebook in enumerate(NOTEBOOKS, start=1):
        chapter = flat[starts[number - 1]:starts[number]]
        exercises = sum(len(re.findall(r"^:{3,}\{exercise(?:-start)?\}", "".join(c["source"]), flags=re.M))
                        for c in cells(notebook) if c["cell_type"] == "markdown")
        if not exercises:
            continue
        last = chapter.find(words["exercise"].format(n=number, m=exercises))
        assert last >= 0, f"chapter {number}: its exercise {number}.{exercises} is not printed"
        solutions = [m.start() for m in re.finditer(words["solution"], chapter)]
        assert len(solutions) == exercises, f"chapter {number}: {len(solutions)} solutions for {exercises} exercises"
        assert min(solutions) > last, f"chapter {number}: a solution is printed before the last exercise"
        heading = chapter.rfind(make_pdf.labels(edition)["solutions"], 0, min(solutions))
        assert last < heading, f"chapter {number}: the solutions have no heading of their own after the exercises"


def test_explorers_print_a_figure_and_a_link_not_a_repr(text, edition):
    flat = normalized(text)
    views = [
        "".join(output.get("data", {}).get(STATIC_VIEW, ""))
        for notebook in NOTEBOOKS for cell in cells(notebook) for output in cell.get("outputs", [])
    ]
    interactive = sum(1 for view in views if re.search(r'class="lnn-(explorer|player)"', view))
    sentence = normalized(make_pdf.labels(edition)["interactive"]).strip()
    assert flat.count(sentence) == interactive, f"{flat.count(sentence)} live-figure links for {interactive} views"
    for repr_text in ("learning_rate_explorer(", "gradient_explorer(", "object at 0x", "<backprop.", "Run this cell"):
        assert repr_text not in flat, f"{repr_text!r} printed where a figure belongs"


def test_hidden_code_stays_hidden(text):
    flat = normalized(text)
    for notebook in NOTEBOOKS:
        for cell in cells(notebook):
            if cell["cell_type"] == "code" and "hide-input" in cell.get("metadata", {}).get("tags", []):
                first = normalized("".join(cell["source"]).strip().splitlines()[0])
                if len(first) > 25:  # a line long enough to be this cell's own
                    assert first not in flat, f"hidden code printed ({notebook.name}): {first!r}"


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_the_print_build_differs_from_the_edition_only_in_what_it_overrides(language, tmp_path):
    """`booktools.config.write_config` (the print build's, the tests' and `make catalogs`' configuration)."""
    config = edition_config(language)
    path = write_config(tmp_path / "config.yml", language, STORED_OUTPUTS)
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["execute"]["execute_notebooks"] == "off"
    written["execute"]["execute_notebooks"] = config["execute"]["execute_notebooks"]
    assert written == config
    assert merged({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": 3}, "d": [2]}) == {"a": {"b": 3, "c": 2}, "d": [2]}


def test_every_edition_has_its_words_and_its_file():
    assert make_pdf.labels("ko")["solutions"] == "풀이" and make_pdf.labels("ko")["contents"] == "차례"
    assert make_pdf.labels("en")["chapter"] == "Chapter {n}" and make_pdf.labels("ko")["chapter"] == "{n}장"
    assert pdf_name("en") == pdf_name(None) == "learning-neural-nets.pdf"
    assert pdf_name("ko") == "learning-neural-nets.ko.pdf"
    for language in EDITIONS:
        assert edition_config(language)["sphinx"]["config"]["language"] == language
        make_pdf.labels(language)
    with pytest.raises(SystemExit, match="no words for language 'fr'"):
        make_pdf.labels("fr")


class _App:
    """Just enough of a Sphinx application for the download menu's hooks."""

    def __init__(self, srcdir, outdir, language="en", builder="html"):
        self.srcdir, self.outdir = srcdir, outdir
        self.config = type("Config", (), {"language": language})()
        self.builder = type("Builder", (), {"name": builder})()


def _menu():
    return {"header_buttons": [{"label": "download-buttons", "buttons": []}],
            "pathto": lambda name, resource: f"../{name}"}


def test_the_download_menu_offers_the_pdf_only_when_it_was_made(tmp_path):
    (tmp_path / "out").mkdir()
    app = _App(tmp_path, tmp_path / "out")
    context = _menu()
    book_pages.offer_pdf(app, "chapters/x", "page.html", context, None)
    book_pages.copy_pdf(app, None)
    assert context["header_buttons"][0]["buttons"] == [] and not list((tmp_path / "out").iterdir())

    pdf = tmp_path / "_build" / "pdf" / "learning-neural-nets.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n")
    book_pages.offer_pdf(app, "chapters/x", "page.html", context, None)
    book_pages.copy_pdf(app, None)
    [entry] = context["header_buttons"][0]["buttons"]
    assert entry["url"] == "../learning-neural-nets.pdf" and entry["type"] == "link"
    assert (entry["text"], entry["tooltip"]) == ("Book (PDF)", "The whole book, for print")
    assert (tmp_path / "out" / "learning-neural-nets.pdf").read_bytes() == pdf.read_bytes()

    korean, context = _App(tmp_path, tmp_path / "out", language="ko"), _menu()
    book_pages.offer_pdf(korean, "chapters/x", "page.html", context, None)
    assert context["header_buttons"][0]["buttons"] == [], "the Korean book offered the English PDF"
    (pdf.parent / "learning-neural-nets.ko.pdf").write_bytes(b"%PDF-1.4\n")
    book_pages.offer_pdf(korean, "chapters/x", "page.html", context, None)
    [entry] = context["header_buttons"][0]["buttons"]
    assert (entry["text"], entry["tooltip"]) == ("책 전체 (PDF)", "인쇄용 책 전체")
    single, context = _App(tmp_path, tmp_path / "out", builder="singlehtml"), _menu()
    book_pages.offer_pdf(single, "intro", "page.html", context, None)
    assert context["header_buttons"][0]["buttons"] == []
