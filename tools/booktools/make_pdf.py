"""The printable book: one PDF of each edition, printed by Chromium from the book's stored outputs.

    python -m booktools.make_pdf [--edition LANGUAGE] [--output PDF] [--workdir FOLDER]    (make pdf)

1. Builds the edition as one HTML page (Jupyter Book's ``singlehtml`` builder) into
   ``_build/pdf/<language>/``, from the notebooks' stored outputs: the build's configuration is the
   edition's own with ``execute_notebooks: "off"`` (`booktools.config`), written next to that build,
   so nothing is executed again and the PDF shows what ``make notebooks`` stored and ``make test``
   checks.
2. Opens that page in Debian's Chromium (Playwright) as print media, with the fonts the book brings
   and none of the machine's (`booktools.chromium.only_the_books_fonts`, so the PDF is the same
   wherever it is printed), waits for MathJax, and fails
   if any TeX is left untypeset.
3. Rearranges it for print (``make_pdf.js``: title page, contents, chapter numbers, solutions at
   the end of each chapter, explorers as their default view with a link to the live one) and
   prints it on A4 with bookmarks and a tagged structure, with the book's print stylesheet
   (``_static/book.css``) and the book-only one (``make_pdf.css``).

Without ``--edition`` every edition is printed. The edition's language picks the file name
(`booktools.config.pdf_name`, shared with the HTML build's download menu) and the words the script
adds (`LABELS`, translated in the library's catalog like every word the library writes). Without
``--output`` the PDF goes to ``_build/pdf/``, and when the edition's HTML book is built, a copy goes
next to its ``index.html`` (so a published site's PDF stays current). The links to the live figures
go to `online_url`: ``html.baseurl`` when the edition's configuration sets it, else the repository's
GitHub Pages address.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import logging
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

from backprop.book.language import LANGUAGES, Text

from .build_book import jupyter_book_build
from .chromium import CHROMIUM_ARGS, INSTALL, chromium_path, only_the_books_fonts
from .config import EDITIONS, ROOT, STORED_OUTPUTS, edition_config, pdf_name, write_config

# pypdf warns that Chromium's trailer undercounts its objects; the file reads correctly all the same.
logging.getLogger("pypdf").setLevel(logging.ERROR)
HERE = Path(__file__).resolve().parent

# The words the PDF adds to the book ("{n}": the chapter's number, which make_pdf.js writes in), translated
# like every word the library writes (the library's catalog, `backprop.book.catalog`).
LABELS = {"contents": Text("Contents"), "chapter": Text("Chapter {n}"), "solutions": Text("Solutions"),
          "solution": Text("Solution"), "interactive": Text("This figure is interactive in the online book: ")}
# TeX that MathJax should have replaced: delimiters, or a control word such as \frac or \mathbf.
RAW_TEX = re.compile(r"\\[\(\)\[\]]|\$\$|\\(?:frac|dfrac|mathbf|mathrm|partial|sum|sigma|delta|cdot|left|right)\b")
# The book's text outside code (which may print a backslash on purpose).
PROSE_TEXT = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("pre, code, script, style, mjx-container").forEach((node) => node.remove());
  return copy.textContent;
}"""
PAGE_MARGIN = {"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"}
# A page number for each entry of the contents (by the id its link points to).
PAGE_NUMBERS = """(numbers) => {
  for (const link of document.querySelectorAll(".lnn-contents a[href^='#']")) {
    const number = numbers[link.getAttribute("href").slice(1)];
    let slot = link.querySelector(".lnn-toc-page");
    if (!slot) slot = link.appendChild(Object.assign(document.createElement("span"), {className: "lnn-toc-page"}));
    slot.textContent = number === undefined ? "" : String(number);
  }
}"""
FOOTER = ('<div style="width:100%;font-size:8pt;color:#555;text-align:center;font-family:sans-serif;">'
          '<span class="pageNumber"></span></div>')


PDF_OPTIONS = dict(format="A4", margin=PAGE_MARGIN, print_background=True, outline=True, tagged=True,
                   display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)


def labels(lang: str) -> dict:
    """`LABELS` in the edition's language."""
    if lang not in LANGUAGES:
        raise SystemExit(f"no words for language {lang!r}: the book's languages are {list(LANGUAGES)} "
                         f"(backprop.book.language)")
    return {key: text.text(lang) for key, text in LABELS.items()}


def online_url(config: dict) -> str:
    """Where the edition's HTML book is read online, ending in a slash."""
    base = config.get("html", {}).get("baseurl")
    if not base:
        parts = urlparse(config["repository"]["url"]).path.strip("/").split("/")
        base = f"https://{parts[0]}.github.io/{parts[1]}/"
    return base if base.endswith("/") else base + "/"


def build_single_page(language: str, workdir: Path) -> Path:
    """The edition as one HTML page, from the stored outputs; returns the page."""
    config = write_config(workdir / f"_config.{language}.yml", language, STORED_OUTPUTS)
    command = jupyter_book_build("--builder", "singlehtml", "--config", str(config), "--path-output", str(workdir),
                                 str(ROOT))
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    (workdir / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"the single-page build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    html = workdir / "_build" / "singlehtml"
    root = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    return html / f"{root}.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_pdf(page_file: Path, output: Path, lang: str, config: dict) -> dict:
    """Print the single page to `output` and return what make_pdf.js reports about it."""
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit(f"Debian's Chromium is needed to print the book ({INSTALL})")
    handler = functools.partial(_Quiet, directory=str(page_file.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}"
    remote = []

    def route(request_route):
        if request_route.request.url.startswith((local, "data:")):
            request_route.continue_()
        else:
            remote.append(request_route.request.url)
            request_route.abort()

    spec = {"title": config["title"], "author": config.get("author", ""), "copyright": str(config.get("copyright", "")),
            "online": online_url(config), "labels": labels(lang),
            "root": page_file.stem}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS,
                                                 env=only_the_books_fonts(page_file.parent.parent / "fonts"))
            context = browser.new_context(viewport={"width": 1000, "height": 1400}, service_workers="block")
            context.route("**/*", route)
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.emulate_media(media="print")
            page.goto(f"{local}/{page_file.name}", wait_until="load")
            page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
            page.evaluate("() => MathJax.startup.promise")
            report = page.evaluate((HERE / "make_pdf.js").read_text(encoding="utf-8"), spec)
            page.add_style_tag(path=str(HERE / "make_pdf.css"))
            page.evaluate("() => document.fonts.ready.then(() => true)")
            page.wait_for_function("[...document.images].every((image) => image.complete)")
            text = page.evaluate(PROSE_TEXT)
            left = [text[max(0, m.start() - 60):m.end() + 20] for m in RAW_TEX.finditer(text)]
            if left:
                raise SystemExit(f"TeX left untypeset in the book: {left[:5]}")
            if errors:
                raise SystemExit(f"the page raised errors: {errors[:5]}")
            if remote:
                raise SystemExit(f"the page asked another host: {remote[:5]}")
            output.parent.mkdir(parents=True, exist_ok=True)
            # Print, read on which page each heading landed, write those numbers into the contents,
            # and print again, until the numbers hold (the contents' own length may move pages).
            numbers = None
            for _ in range(3):
                page.pdf(path=str(output), **PDF_OPTIONS)
                landed = heading_pages(output, report["headings"])
                if landed == numbers:
                    break
                numbers = landed
                page.evaluate(PAGE_NUMBERS, numbers)
            else:
                raise SystemExit("the contents' page numbers did not settle in three printings")
            name_bookmarks(output, report["headings"])
            browser.close()
    finally:
        server.shutdown()
    return report


def _outline_items(outline) -> list:
    """The bookmarks of a PDF (pypdf's nested lists), flattened in reading order."""
    items = []
    for item in outline:
        items.extend(_outline_items(item) if isinstance(item, list) else [item])
    return items


def heading_pages(pdf: Path, headings: list[dict]) -> dict:
    """{id of the heading's section: its page number}, from the PDF's bookmarks (one per heading)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    items = _outline_items(reader.outline)
    if len(items) != len(headings):
        raise SystemExit(f"{len(items)} bookmarks for {len(headings)} headings")
    pages = {}
    for item, heading in zip(items, headings):
        pages.setdefault(heading["id"], reader.get_destination_page_number(item) + 1)
    return pages


def name_bookmarks(pdf: Path, headings: list[dict]) -> None:
    """Give every bookmark its heading's words (Chromium leaves out the math and the spaces at line ends)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    # An incremental update: the renamed bookmarks are appended to the file as it is, which takes a
    # third of the time of cloning the whole document into a new one.
    writer = PdfWriter(pdf, incremental=True)
    items, stack = [], []
    node = writer.root_object["/Outlines"].get("/First")
    while node is not None or stack:  # depth first, in reading order: an item, its children, the next
        if node is None:
            node = stack.pop()
            continue
        item = node.get_object()
        items.append(item)
        if "/Next" in item:
            stack.append(item["/Next"])
        node = item.get("/First")
    if len(items) != len(headings):
        raise SystemExit(f"{len(items)} bookmarks for {len(headings)} headings")
    for item, heading in zip(items, headings):
        item[NameObject("/Title")] = TextStringObject(heading["text"])
    with open(pdf, "wb") as out:
        writer.write(out)


def print_edition(lang: str, output: Path, workdir: Path) -> None:
    """The edition's PDF at `output`, its single-page build in `workdir`; says what it printed."""
    config = edition_config(lang)
    start = time.perf_counter()
    page_file = build_single_page(lang, workdir)
    built = time.perf_counter()
    report = print_pdf(page_file, output, lang, config)
    done = time.perf_counter()
    (workdir / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}: "
          f"{len(report['pages'])} parts, {report['exercises']} exercises, {report['solutions']} solutions, "
          f"{report['interactive']} interactive figures, {report['images']} images "
          f"(single-page build {built - start:.0f} s, printing {done - built:.0f} s)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=sorted(EDITIONS), help="the edition's language (default: every edition)")
    parser.add_argument("--output", type=Path, help="the PDF to write (default _build/pdf/<pdf_name>); needs --edition")
    parser.add_argument("--workdir", type=Path, help="where the single-page build goes (default _build/pdf/<lang>)")
    args = parser.parse_args(argv)
    if (args.output or args.workdir) and not args.edition:
        parser.error("--output and --workdir print one edition: name it with --edition")
    languages = [args.edition] if args.edition else list(EDITIONS)
    for lang in languages:
        labels(lang)  # fail before building when a language has no words yet
    for lang in languages:
        output = (args.output or ROOT / "_build" / "pdf" / pdf_name(lang)).resolve()
        print_edition(lang, output, (args.workdir or ROOT / "_build" / "pdf" / lang).resolve())
        html = ROOT / "_build" / "html" / EDITIONS[lang].folder
        if args.output is None and (html / "index.html").is_file():
            shutil.copy2(output, html / output.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
