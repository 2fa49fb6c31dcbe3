"""Shared test set-up: the project's paths and one book build shared by the tests that need it."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

# The browser and its flags come from the build tooling, which prints the book with them.
from booktools.chromium import CHROMIUM_ARGS, INSTALL, chromium_path, only_the_books_fonts

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def missing(what: str):
    """Fail under CI, skip on a developer's machine, when a test's prerequisite (a browser) is absent."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{what} is required under CI=true")
    pytest.skip(f"{what} not found; this test needs it")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium (`.ci/run` installs it)."""
    path = chromium_path()
    if path is None:
        missing(f"Debian's chromium ({INSTALL})")
    return path


@pytest.fixture(scope="session")
def playwright():
    """Playwright, once per test process: its synchronous API runs an event loop of its own, so a
    second one in the same process cannot start."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright, chromium):
    """One headless Chromium per test process, shared by every test that drives a page."""
    browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_without_korean_fonts(playwright, chromium, tmp_path_factory):
    """Chromium on a machine whose only fonts are DejaVu (matplotlib's copy): no system font has
    Hangul, so a Korean character the book's own font does not draw shows as a box."""
    browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS,
                                         env=only_the_books_fonts(tmp_path_factory.mktemp("fontconfig")))
    yield browser
    browser.close()


def build_book(output: Path) -> subprocess.CompletedProcess:
    """Build both editions as `make book` does (booktools.build_book; the Korean one in its ko/
    folder; warnings as errors), from the stored outputs as they are: the notebook tests (nbval) run
    every chapter and compare its outputs with those, so executing them again here would check
    nothing new. Every page is read again (``--fresh``), so that every warning reaches the log."""
    return subprocess.run([sys.executable, "-m", "booktools.build_book", "--stored-outputs", "--fresh", str(output)],
                          capture_output=True, text=True, cwd=ROOT, timeout=900)


@pytest.fixture(scope="session")
def built_book(worker_id, testrun_uid) -> Path:
    """The HTML of one fresh build per test run (the Korean edition in its ko/ folder), shared by
    every xdist worker that asks for it. ``BACKPROP_TEST_BOOK=DIR`` tests the build already in
    DIR/_build/html instead (made by ``python -m booktools.build_book DIR``), to rerun a test quickly."""
    if os.environ.get("BACKPROP_TEST_BOOK"):
        return Path(os.environ["BACKPROP_TEST_BOOK"]).resolve() / "_build" / "html"
    output = ROOT / "_build" / "test-book"
    output.mkdir(parents=True, exist_ok=True)
    done = output / f".built-{testrun_uid}"
    with open(output / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            for stale in output.glob(".built-*"):
                stale.unlink()
            result = build_book(output)
            log = result.stdout + result.stderr
            (output / "build.log").write_text(log, encoding="utf-8")
            if result.returncode != 0:
                pytest.fail(f"the book build failed (exit {result.returncode}):\n{log[-4000:]}")
            done.touch()
    return output / "_build" / "html"


def contrast(color_a, color_b) -> float:
    """WCAG contrast ratio of two colors (any matplotlib color: a name, hex, or RGB in 0..1)."""
    import matplotlib.colors as mcolors

    def luminance(color):
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in mcolors.to_rgb(color)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    lighter, darker = sorted([luminance(color_a), luminance(color_b)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def small_problem(seed=0, sizes=(3, 5, 4, 2), activation="tanh"):
    """A small MLP with random biases and a batch of 6 made-up examples: (net, X, y)."""
    from backprop import MLP

    net = MLP(list(sizes), activation=activation, seed=seed)
    rng = np.random.default_rng(seed + 100)
    for b in net.biases:
        b[...] = rng.normal(scale=0.3, size=b.shape)
    return net, rng.normal(size=(6, sizes[0])), rng.normal(size=(6, sizes[-1]))


def skip_graph(x_value=0.5):
    """L = m + tanh(tanh(m)), m = x^2, every node labelled: (x, m, p, q, L).

    m has consumers at distance 1 and 3 from L, so a breadth-first backward pass visits it too early.
    """
    from backprop import Value

    x = Value(x_value, label="x")
    m = x**2
    m.label = "m"
    p = m.tanh()
    p.label = "p"
    q = p.tanh()
    q.label = "q"
    L = m + q
    L.label = "L"
    return x, m, p, q, L


HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Code a Korean message may quote: backticks, quoted answers, calls such as descend(...), snake_case names.
CODE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\b[A-Za-z_]\w*\([^()]*\)|\b[A-Za-z]\w*_\w+\b")
ENGLISH_RUN = re.compile(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+")
ENGLISH_WORD = re.compile(r"\b(?:the|is|are|of|to|and|it|on|for|with|should|got|your|not|too|from|after|set|run)\b",
                          re.IGNORECASE)


def assert_korean(text: str):
    """A message of the Korean edition: Hangul, and no English sentence outside code (Python's own
    exception message, quoted after "예외가 발생했다:", is left as it is)."""
    assert HANGUL.search(text), text
    prose = CODE.sub(" ", text.split("예외가 발생했다:")[0])
    assert not ENGLISH_RUN.search(prose) and not ENGLISH_WORD.search(prose), text


def assert_exercise_says(exercises, name, answers, correct, words, context=None):
    """A declared exercise's kernel check (`backprop.book.exercises`): the verdict `correct`, every
    one of `words` in the English message, and a Korean message in the Korean edition."""
    feedback = exercises.check(name, *answers, **(context or {}))
    assert feedback.correct is correct, str(feedback)
    assert all(word in str(feedback) for word in words), str(feedback)
    assert_korean(feedback.texts()["ko"])


SLOW_FIRST = ("test_portability.py", "test_browser_ko.py", "test_browser.py", "test_pdf.py", "test_jupyterlab.py",
              "test_colab.py", "test_student_edition.py")
"""The longest test files, longest first: xdist (``--dist loadfile --no-loadscope-reorder``, as `make
test` runs it) hands a file to whichever worker runs out of work, in collection order, so starting
the long ones first lets the short ones fill the gaps at the end. (Without the flag xdist orders the
files by how many tests each holds, and the long replays of test_portability.py would start last.)"""


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: a file's own tests keep their order


def right_answer(field: dict):
    """The right answer to one field of a bound exercise (`backprop.book.exercises`), as a reader types it."""
    if field["kind"] in ("number", "whole"):
        return repr(field["expected"])
    if field["kind"] == "choice":
        return field["expected"]
    if field["kind"] == "set":
        return list(field["expected"])
    names, pairs = [o["key"] for o in field["options"]], field["expected"]
    order = []
    while len(order) < len(names):  # a topological order: a node once all its consumers are in
        order.append(next(n for n in names if n not in order and all(c in order for c, t in pairs if t == n)))
    return ", ".join(order)
