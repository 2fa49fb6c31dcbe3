"""Sphinx extension: Hangul in the book's own font, on every machine, offline.

A page that names no Korean font shows Hangul in whatever font the reader's system falls back to, and
as empty boxes where it has none; the printed book, which Chromium prints from the pages, would embed
whichever font the printing machine happens to have. So both editions ship Noto Sans KR (SIL Open
Font License 1.1), from the npm package ``@fontsource/noto-sans-kr`` that ``package-lock.json`` pins
(installed by ``make``, `booktools.npm_packages`):

- its WOFF2 files of the two weights the pages use (regular and bold), split by Unicode range, so a
  page downloads only the pieces holding the characters it shows (the theme's CSS `FONT_CSS` names
  them with ``@font-face`` rules, as the package's own CSS does);
- copied through ``html_static_path`` into ``_static/fonts/noto-sans-kr``, with the package's licence;
- named first for Korean pages and after the Latin fonts for English ones (``_static/book.css``), with
  the common Korean system fonts as fallbacks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

from .config import ROOT

PACKAGE = ROOT / "node_modules" / "@fontsource" / "noto-sans-kr"
WEIGHTS = (400, 700)
FOLDER = "fonts/noto-sans-kr"
"""Where the font goes under an HTML build's ``_static``."""
FONT_CSS = f"{FOLDER}/noto-sans-kr.css"
FAMILY = "Noto Sans KR"


def font_faces(package: Path = PACKAGE, weights=WEIGHTS) -> tuple[str, list[str]]:
    """The ``@font-face`` rules of `weights`, pointing at WOFF2 files beside the stylesheet, and the
    names of those files."""
    rules, files = [], []
    for weight in weights:
        css = (package / f"{weight}.css").read_text(encoding="utf-8")
        for rule in re.findall(r"@font-face\s*\{[^}]*\}", css):
            [woff2] = re.findall(r"url\(\./files/([^)]+\.woff2)\)", rule)
            rules.append(re.sub(r"src:[^;]*;", f"src: url({woff2}) format('woff2');", rule))
            files.append(woff2)
    return "\n".join(rules) + "\n", files


def write_font_folder(static: Path) -> Path:
    """`FOLDER` under `static` (a folder for ``html_static_path``): the stylesheet, the WOFF2 files it
    names and the licence. Returns `static`."""
    if not (PACKAGE / "package.json").is_file():
        raise ExtensionError(
            f"the book's Korean font is not installed ({PACKAGE.relative_to(ROOT)} is missing): "
            "run `make book` (or `python -m booktools.npm_packages`), which installs it from the npm registry")
    target = static / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    css, files = font_faces()
    header = f"/* {FAMILY} (SIL Open Font License 1.1, see LICENSE), from @fontsource/noto-sans-kr. */\n"
    stylesheet = target / "noto-sans-kr.css"
    if not stylesheet.is_file() or stylesheet.read_text(encoding="utf-8") != header + css:
        stylesheet.write_text(header + css, encoding="utf-8")
    for name in files + ["LICENSE"]:
        source, copy = PACKAGE / ("files" if name != "LICENSE" else "") / name, target / name
        if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
            shutil.copyfile(source, copy)
    return static


def add_font(app):
    if app.builder.format != "html":
        return
    static = write_font_folder(Path(app.doctreedir).parent / "korean-font")
    app.config.html_static_path = [*app.config.html_static_path, str(static)]
    app.add_css_file(FONT_CSS)


def setup(app):
    app.connect("builder-inited", add_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
