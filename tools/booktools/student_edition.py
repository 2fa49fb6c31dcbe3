"""The student edition: every chapter without its solutions, as notebooks and as a book.

    python -m booktools.student_edition [OUTPUT]          (make student; OUTPUT defaults to _build/student)

Writes OUTPUT/chapters/*.ipynb: the chapters with every solution taken out (the ``{solution}``
blocks and, for the solutions that span cells, everything from ``{solution-start}`` to
``{solution-end}``, code cells included), the exercises, hints and self-check cells kept, and the
stored outputs of what remains. Then builds the HTML of that edition into OUTPUT/_build/html from
those outputs, without executing anything again. Hand the notebooks out; publish the HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .build_book import jupyter_book_build
from .config import ROOT, STORED_OUTPUTS, edition_config, write_config

BOOK_FILES = ("_toc.yml", "intro.md", "where_next.md", "glossary.md", "figures", "_static", "_templates", "lib")
"""What the student edition's book is built from besides its chapters and its configuration (`build_html`)."""

SOLUTION = re.compile(r"^(:{3,})\{solution\}")
SOLUTION_START = re.compile(r"^(:{3,})\{solution-start\}")
SOLUTION_END = re.compile(r"^(:{3,})\{solution-end\}")


def _skip_block(lines, start, fence):
    """Index after the directive that opens at lines[start] and closes with a line of `fence` alone."""
    for index in range(start + 1, len(lines)):
        if lines[index].strip() == fence:
            return index + 1
    raise ValueError(f"a directive opened with {fence} is never closed: {lines[start]!r}")


def without_solutions(cells) -> list:
    """The cells with every solution removed (see the module docstring); the others unchanged."""
    kept, inside = [], False
    for cell in cells:
        if cell["cell_type"] != "markdown":
            if not inside:
                kept.append(cell)
            continue
        lines, out, index = "".join(cell["source"]).split("\n"), [], 0
        while index < len(lines):
            line = lines[index]
            if inside:
                end = SOLUTION_END.match(line)
                if end:
                    inside = False
                    index = _skip_block(lines, index, end.group(1))
                else:
                    index += 1
                continue
            single, start = SOLUTION.match(line), SOLUTION_START.match(line)
            if single:
                index = _skip_block(lines, index, single.group(1))
            elif start:
                inside = True
                index = _skip_block(lines, index, start.group(1))
            else:
                out.append(line)
                index += 1
        text = "\n".join(out).strip("\n")
        if text.strip():
            kept.append({**cell, "source": text})
    if inside:
        raise ValueError("a {solution-start} has no {solution-end}")
    return kept


def write_notebooks(output: Path) -> list[Path]:
    import nbformat

    written = []
    (output / "chapters").mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells = [nbformat.from_dict(cell) for cell in without_solutions(notebook.cells)]
        target = output / "chapters" / path.name
        nbformat.write(notebook, target)
        written.append(target)
    return written


def build_html(output: Path) -> Path:
    """The HTML of the student edition, from the stored outputs (no execution), warnings as errors."""
    for name in BOOK_FILES:
        source, target = ROOT / name, output / name
        if target.exists():
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target)
    title = f"{edition_config('en')['title']} (student edition)"
    write_config(output / "_config.yml", "en", {**STORED_OUTPUTS, "title": title})
    result = subprocess.run(jupyter_book_build(str(output)), capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the student edition's build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return output / "_build" / "html"


def main(argv: list[str]) -> int:
    output = Path(argv[0]).resolve() if argv else ROOT / "_build" / "student"
    notebooks = write_notebooks(output)
    html = build_html(output)
    print(f"{len(notebooks)} chapters without solutions in {output / 'chapters'}")
    print(f"the student edition's book in {html}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
