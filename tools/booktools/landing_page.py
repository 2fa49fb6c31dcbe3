"""Sphinx extension: the landing page's total time, summed from the chapters' own estimates.

Every chapter's objectives end with "About N minutes to read and run, and M more for the
exercises" (tests/test_chapters.py holds each chapter to it). At ``config-inited`` this adds up
those estimates into MyST substitutions, which the landing page (``intro.md``) writes as
``{{ reading_minutes }}``, ``{{ exercise_minutes }}`` and ``{{ total_hours }}``: the total follows
the chapters by itself, in both editions (the Korean catalog translates the sentence with its
numbers, and goes stale when they change).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ESTIMATE = re.compile(r"About (\d+) minutes to read and run, and (\d+) more for the exercises")


def chapter_estimates(root: Path) -> dict[str, tuple[int, int]]:
    """{chapter file name: (minutes to read and run, minutes for the exercises)} for every chapter."""
    estimates = {}
    for path in sorted((root / "chapters").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
        match = ESTIMATE.search(re.sub(r"\s+", " ", text))
        if match is None:
            raise ValueError(f"{path.name} does not say how long it takes ({ESTIMATE.pattern!r})")
        estimates[path.name] = (int(match.group(1)), int(match.group(2)))
    return estimates


def totals(root: Path) -> dict[str, str]:
    """The landing page's substitutions: the minutes to read, the minutes of exercises, and the
    hours of both, to the half hour."""
    estimates = chapter_estimates(root).values()
    reading, exercises = sum(r for r, _ in estimates), sum(e for _, e in estimates)
    hours = round((reading + exercises) / 30) / 2
    return {"reading_minutes": str(reading), "exercise_minutes": str(exercises), "total_hours": f"{hours:g}"}


def add_totals(app, config) -> None:
    config.myst_substitutions = {**config.myst_substitutions, **totals(Path(app.srcdir))}


def setup(app):
    app.connect("config-inited", add_totals)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
