"""The built book as readers meet it: every page of the table of contents in headless Chromium.

The HTML of one fresh build is served on localhost; every request to any other host is blocked and
counted as a failure. For each page: no console error, math typeset by the local MathJax, alt text
on every figure, no serious or critical axe-core violation, no sideways scrolling on a phone, legible
figures in dark mode, launch and download buttons that lead to the right notebook, and explorers that
answer when their controls move.

Chromium is Debian's (`.ci/run` installs it); with CI=true a missing browser fails the suite.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from backprop.book.explorer_payload import decode_text
from backprop.book.style import SMALLEST_TEXT_PT

from conftest import ROOT, contrast, missing, right_answer
from test_notebooks import toc_files

pytestmark = pytest.mark.browser

EDITION = ""
"""The edition this module's checks open: "" is the English book; tests/test_browser_ko.py runs the
same checks on the Korean one, its ko/ folder (a file of its own, so the two share the workers)."""

PAGES = toc_files()
CHAPTER_PAGES = [page for page in PAGES if page.startswith("chapters/")]


def holding(kind):
    """The chapters whose stored outputs hold a kernel-free view of `kind` ("explorer", "answer", "player")."""
    return [page for page in CHAPTER_PAGES if f'class=\\"lnn-{kind}\\"' in (ROOT / f"{page}.ipynb").read_text()]


EXPLORER_PAGES, ANSWER_PAGES, PLAYER_PAGES = holding("explorer"), holding("answer"), holding("player")
PAGE_SETS = {"all": PAGES, "first": PAGES[:1], "chapters": CHAPTER_PAGES, "explorers": EXPLORER_PAGES,
             "answers": ANSWER_PAGES,
             "views": sorted(set(EXPLORER_PAGES + PLAYER_PAGES))}


def pytest_generate_tests(metafunc):
    """``@pytest.mark.pages(SET)`` runs a check on every page of SET (`PAGE_SETS`) in the module's `EDITION`."""
    marker = metafunc.definition.get_closest_marker("pages")
    if marker is not None:
        edition = getattr(metafunc.module, "EDITION", "")
        metafunc.parametrize("page", [edition + page for page in PAGE_SETS[marker.args[0]]])
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
"""Resolves once the page has laid itself out and painted again (after a resize)."""


@pytest.fixture(scope="session")
def site(built_book):
    """Serve the built HTML on an ephemeral localhost port for the whole session."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Visit:
    """One page opened in a fresh context, with everything that went wrong recorded."""

    def __init__(self, browser, url, color_scheme="light"):
        self.remote_requests, self.console_errors, self.failed_responses = [], [], []
        self.context = browser.new_context(viewport=DESKTOP, color_scheme=color_scheme, service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.on("response", lambda r: r.status >= 400 and self.failed_responses.append(f"{r.status} {r.url}"))
        self.page.goto(url, wait_until="load")
        if self.page.evaluate("!!document.querySelector('script[src*=mathjax]')"):  # pages without math skip it
            self.page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.remote_requests.append(route.request.url)
            route.abort()

    @contextlib.contextmanager
    def at(self, viewport):
        """The loaded page narrowed (or widened) to `viewport`, as a reader resizing the window sees
        it, then back to the size it was loaded at."""
        loaded_at = self.page.viewport_size
        self.page.set_viewport_size(viewport)
        self.page.evaluate(NEXT_FRAME)
        try:
            yield self
        finally:
            self.page.set_viewport_size(loaded_at)
            self.page.evaluate(NEXT_FRAME)

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def visited(browser, site):
    """Each page of the module's edition loaded once, at desktop width, and shared by every check of it.

    Loading a page (and waiting for MathJax) is most of a check's cost, so each page is loaded once:
    the checks that only read it, those made at a phone's width (`Visit.at`, the same page narrowed,
    whose every box is where a load at that width puts it) and those that change it (move its
    sliders, type into its answer boxes) all use the one load, in the order they run. Each check
    moves only its own controls and none needs another's untouched, except the answer boxes' check,
    which needs the boxes as they load: no other check types into them. A page loaded by a reader
    whose system is dark (``color_scheme="dark"``) is kept apart and shared the same way. A check
    that must see a page as it loads from a shared link opens one of its own (`visit`).
    """
    cache = {}

    def open_page(page, color_scheme="light"):
        if (page, color_scheme) not in cache:
            cache[page, color_scheme] = Visit(browser, f"{site}/{page}.html", color_scheme=color_scheme)
        return cache[page, color_scheme]

    yield open_page
    for v in cache.values():
        v.close()


@pytest.fixture
def visit(browser, site):
    """A fresh page for a check that changes it (moves sliders, opens toggles)."""
    opened = []

    def open_page(page, query="", **options):
        v = Visit(browser, f"{site}/{page}.html{query}", **options)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.pages("all")
def test_page_loads_with_no_error_and_no_remote_request(visited, page):
    v = visited(page)
    v.page.wait_for_timeout(300)  # let deferred scripts run
    assert v.remote_requests == [], f"requests left the machine: {v.remote_requests[:5]}"
    assert v.console_errors == [], v.console_errors[:5]
    assert v.failed_responses == [], v.failed_responses[:5]


@pytest.mark.pages("all")
def test_math_is_typeset_locally(visited, page):
    v = visited(page)
    text = v.page.inner_text("main")
    assert "\\(" not in text and "\\[" not in text and "$$" not in text, "raw TeX left in the page"
    has_math = v.page.evaluate("document.querySelectorAll('.math, span.math, div.math').length")
    typeset = v.page.evaluate("document.querySelectorAll('mjx-container').length")
    assert typeset >= has_math, f"{has_math} math elements but {typeset} typeset"
    scripts = v.page.evaluate("[...document.scripts].map(s => s.src).filter(s => s.includes('mathjax'))")
    assert (scripts or not has_math) and all(urlparse(s).hostname in LOCAL_HOSTS for s in scripts), scripts


BAD_ALT = {"", "png", "image", "figure", "img", "plot", "output"}


@pytest.mark.pages("all")
def test_every_image_and_figure_has_meaningful_alt_text(visited, page):
    v = visited(page)
    images = v.page.evaluate(
        "[...document.querySelectorAll('main article img')]"
        ".map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt')}))"
    )
    for image in images:
        alt = (image["alt"] or "").strip()
        assert alt.lower() not in BAD_ALT and not alt.lower().endswith((".png", ".svg", ".jpg")), image
        assert len(alt.split()) >= 3, f"alt text too thin: {image}"
    unlabeled = v.page.evaluate(
        "[...document.querySelectorAll('main article svg[role=img]')]"
        ".filter(s => !(s.getAttribute('aria-label') || s.querySelector('title'))).length"
    )
    assert unlabeled == 0, "an SVG with role=img has no accessible name"


@pytest.mark.pages("all")
def test_no_serious_accessibility_violation(visited, page):
    if not AXE.exists():
        missing("axe-core (npm ci)")
    v = visited(page)
    v.page.add_script_tag(path=str(AXE))
    result = v.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], serious


@pytest.mark.pages("all")
def test_nothing_scrolls_sideways_on_a_phone(visited, page):
    with visited(page).at(PHONE) as v:
        # Code cells, outputs and equations scroll inside their own boxes; the page itself must not.
        overflow = v.page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than a 375px phone"


CLIPPED = """() => {
  // Every figure, table, display equation and explorer or player drawing either fits inside the
  // box that would clip it, or sits in a box that scrolls: nothing a reader needs is cut off.
  const found = [];
  const items = document.querySelectorAll(
    'main img, main table, main mjx-container[display="true"], main .lnn-explorer svg, main .lnn-player svg');
  for (const el of items) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let box = el.parentElement;
    while (box && box !== document.body) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') break;
      if (overflow === 'hidden' || overflow === 'clip') {
        const b = box.getBoundingClientRect();
        if (r.right > b.right + 1 || r.left < b.left - 1) found.push(`${el.tagName} clipped by ${box.className}`);
        break;
      }
      box = box.parentElement;
    }
    const unboxed = !box || box === document.body;
    if (unboxed && r.right > window.innerWidth + 1) found.push(`${el.tagName} runs off the page`);
  }
  return found;
}"""

READABLE = """() => {
  const SMALLEST = SMALLEST_TEXT_PT;  // points: backprop.book.style.SMALLEST_TEXT_PT
  // The text drawn in a figure, as the browser draws it: a figure's PNG stores its size in its style
  // (twice as many pixels, for 2x screens), at which a point is 100/72 px, and its smallest text is
  // SMALLEST (tests/book/test_style.py holds the figures to it); an explorer's or a player's SVG text
  // is its font size times the drawing's scale. Each must come out at 10 px or more.
  const found = [];
  for (const image of document.querySelectorAll('main .cell_output img, main figure img')) {
    const shown = image.getBoundingClientRect().width;
    if (!shown) continue;
    const stored = parseFloat(image.style.width);
    const name = (image.getAttribute('alt') || image.src).slice(0, 60);
    if (!stored) { found.push(`${name}: no stored size`); continue; }
    const px = SMALLEST[image.closest('.tag_wide-figure') ? 'drawing' : 'figure'] * 100 / 72 * shown / stored;
    if (px < 9.95) found.push(`${name}: text at ${px.toFixed(1)} px`);
  }
  for (const svg of document.querySelectorAll('main .lnn-explorer svg, main .lnn-player svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const px = Math.min(...Array.from(svg.querySelectorAll('text'), t => parseFloat(getComputedStyle(t).fontSize)))
      * scale;
    if (px < 9.95) found.push(`${svg.id}: text at ${px.toFixed(1)} px`);
  }
  return found;
}""".replace("SMALLEST_TEXT_PT;", json.dumps(SMALLEST_TEXT_PT) + ";")

SCROLLING = """() => Array.from(document.querySelectorAll('main .lnn-scroll-box, main .lnn-figure-box'))
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => {
    const hint = box.nextElementSibling;
    return {box: box.className, shown: hint && hint.classList.contains('lnn-scroll-hint') && !hint.hidden
            && hint.getBoundingClientRect().height > 0,
            keyboard: box.tabIndex === 0 && !!box.getAttribute('aria-label')};
  })"""


@pytest.mark.pages("all")
def test_nothing_a_reader_needs_is_clipped_on_a_phone(visited, page):
    with visited(page).at(PHONE) as v:
        assert v.page.evaluate(CLIPPED) == []


@pytest.mark.pages("all")
def test_every_figure_fits_a_desktop_column_and_stays_readable_on_a_phone(visited, page):
    """At 1280 px every figure and drawing fits its column, its text at 10 px or more. On a phone (375
    px, narrower than the 390 of most) the text stays at 10 px or more too: a figure that is then
    wider than the column scrolls in its own box, with the hint under it, reachable by keyboard."""
    v = visited(page)
    assert v.page.evaluate(READABLE) == [], "at 1280 px"
    assert v.page.evaluate(SCROLLING) == [], "at 1280 px a figure is wider than its column"
    with v.at(PHONE):
        assert v.page.evaluate(READABLE) == [], "on a phone"
        boxes = v.page.evaluate(SCROLLING)
        assert all(box["shown"] and box["keyboard"] for box in boxes), boxes


def ink_and_background(png: bytes):
    """The figure's most common color (its background) and its darkest common color (its ink): the
    darkest color that, with every darker one, covers at least 0.2% of the figure."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int64).reshape(-1, 3)
    packed, counts = np.unique((pixels[:, 0] << 16) | (pixels[:, 1] << 8) | pixels[:, 2], return_counts=True)
    colors = np.stack([packed >> 16, (packed >> 8) & 255, packed & 255], axis=1)
    # Most common first, ties to the larger color; then darkest first (by channel sum), keeping that order.
    order = np.lexsort((-packed, -counts))
    order = order[np.argsort(colors[order].sum(axis=1), kind="stable")]
    background = tuple(int(c) for c in colors[np.lexsort((packed, counts))[-1]])
    covered = np.cumsum(counts[order])
    ink = colors[order[np.searchsorted(covered, 0.002 * counts.sum())]]
    return tuple(int(c) for c in ink), background


@pytest.mark.pages("first")
def test_a_reader_whose_system_is_dark_gets_the_dark_theme(visited, page):
    v = visited(page, color_scheme="dark")
    assert v.page.evaluate("document.documentElement.dataset.theme") == "dark"


DARK_PAGE = "() => getComputedStyle(document.body).backgroundColor"
SETTLED = """() => Promise.race([new Promise(done => setTimeout(() => done(false), 2000)),
  Promise.all(document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map(a => a.finished.catch(() => null))).then(() => true)])"""
"""Resolves once every finite CSS transition and animation has ended (or after 2 seconds, far longer
than the theme's fades of 0.15 to 0.3 s): the theme fades colors from one scheme to the other, and a
figure or a check seen mid-fade sees neither."""


@pytest.mark.pages("chapters")
def test_figures_stay_legible_in_dark_mode(visited, page):
    """Every figure on the page, seen as a reader whose system is dark sees it: the loaded page is
    switched to the dark color scheme (the theme's dark styles follow the system's scheme, and its
    figures are pixel for pixel those of a page loaded dark), then switched back, its toggles as they were.
    Every collapsed exercise solution is opened, so that figures inside them are checked too."""
    v = visited(page)
    light_background = v.page.evaluate(DARK_PAGE)
    v.page.emulate_media(color_scheme="dark")
    v.page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=10_000)
    v.page.evaluate(SETTLED)
    closed = v.page.evaluate("""() => { const closed = [...document.querySelectorAll('details:not([open])')];
      closed.forEach((d, i) => { d.open = true; d.dataset.lnnClosed = i; }); return closed.length; }""")
    try:
        page_background = v.page.evaluate(DARK_PAGE)
        assert contrast(rgb(page_background), rgb(light_background)) > 10, (page_background, light_background)
        figures = v.page.locator("main .cell_output img")
        assert figures.count() > 0
        for index in range(figures.count()):
            figure = figures.nth(index)
            if not figure.is_visible():
                continue  # inside a toggle of the theme's own that is still closed
            figure.scroll_into_view_if_needed()
            ink, background = ink_and_background(figure.screenshot())
            ratio = contrast([c / 255 for c in ink], [c / 255 for c in background])
            where = f"figure {index} on {page} (page background {page_background})"
            assert ratio >= 4.5, f"{where}: ink {ink} on {background} has contrast {ratio:.1f}"
    finally:
        v.page.evaluate("() => document.querySelectorAll('details[data-lnn-closed]')"
                        ".forEach(d => { d.open = false; delete d.dataset.lnnClosed; })")
        v.page.emulate_media(color_scheme="light")
        v.page.wait_for_function("document.documentElement.dataset.theme === 'light'", timeout=10_000)
        v.page.evaluate(SETTLED)  # the checks after this one see the page as it loaded, not mid-fade
    assert v.page.evaluate("document.querySelectorAll('details:not([open])').length") == closed
    assert v.page.evaluate(DARK_PAGE) == light_background


BACKGROUND_BEHIND = """e => { for (let box = e; box; box = box.parentElement) {
  const color = getComputedStyle(box).backgroundColor;
  if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color; }
  return getComputedStyle(document.documentElement).backgroundColor; }"""


@pytest.mark.pages("first")
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_link_under_the_mouse_stays_readable(visited, page, scheme):
    """A hovered link changes color (the theme's accent): that color, too, keeps 4.5:1 on the page."""
    v = visited(page, color_scheme=scheme)
    link = v.page.locator("main article a.reference").first
    link.hover()
    v.page.evaluate(SETTLED)
    try:
        color, background = link.evaluate("e => getComputedStyle(e).color"), link.evaluate(BACKGROUND_BEHIND)
        assert link.evaluate("e => e.matches(':hover')")
    finally:  # the checks after this one see the page unhovered, its colors settled
        v.page.mouse.move(0, 0)
        v.page.evaluate(SETTLED)
    ratio = contrast(rgb(color), rgb(background))
    assert ratio >= 4.5, f"a hovered link is {color} on {background}: contrast {ratio:.2f}"


def rgb(css: str) -> list[float]:
    """A computed CSS color ("rgb(18, 18, 18)") as channels in 0..1."""
    return [int(c) / 255 for c in css[css.index("(") + 1:css.index(")")].split(",")[:3]]


@pytest.mark.pages("chapters")
def test_launch_and_download_buttons_lead_to_this_notebook(visited, page, site):
    v = visited(page)
    notebook = f"{page.removeprefix('ko/')}.ipynb"  # both editions launch the one notebook
    hrefs = v.page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    binder = [h for h in hrefs if "mybinder.org" in h]
    colab = [h for h in hrefs if "colab.research.google.com" in h]
    assert binder and all(h.endswith(f"/main?urlpath=lab/tree/{notebook}") for h in binder), binder
    assert colab and all(h.endswith(f"/blob/main/{notebook}") for h in colab), colab
    downloads = [h for h in hrefs if h.endswith(".ipynb") and urlparse(h).hostname in LOCAL_HOSTS]
    assert downloads, "no download link to the notebook"
    response = v.page.request.get(downloads[0])
    assert response.ok
    content = json.loads(response.body())
    assert content["nbformat"] == 4 and content["cells"]
    assert Path(urlparse(downloads[0]).path).name == Path(notebook).name


@pytest.mark.pages("chapters")
def test_every_kernel_free_explorer_responds_to_its_controls(visited, page):
    v = visited(page)
    sliders = v.page.locator("main .cell_output input[type=range]")
    for index in range(sliders.count()):
        slider = sliders.nth(index)
        output = slider.locator("xpath=ancestor::div[contains(@class, 'cell_output')][1]")
        before = output.inner_html()
        low, high = (float(slider.get_attribute(a) or d) for a, d in (("min", 0), ("max", 100)))
        value = float(slider.input_value())  # where it is now, not where the page put it
        target = low if abs(value - low) > abs(value - high) else high
        slider.scroll_into_view_if_needed()
        slider.fill(f"{target:g}")
        v.page.wait_for_timeout(50)
        assert output.inner_html() != before, f"slider {index} on {page} moved but its view did not change"
    assert v.console_errors == []


def test_there_are_explorers_to_test():
    assert EXPLORER_PAGES, "no chapter has a kernel-free explorer in its stored outputs"


@pytest.mark.pages("explorers")
def test_every_caption_an_explorer_holds_reads_as_the_library_writes_it(visited, page):
    """The page's script fills each frame's caption template (language.js) exactly as the library's
    `decode_text` (Python's str.format) does, in the page's language, for every frame."""
    v = visited(page)
    found = v.page.evaluate("""() => [...document.querySelectorAll('main .lnn-explorer')].map(root => {
      const spec = JSON.parse(root.querySelector('script.lnn-data').textContent);
      const said = {};
      for (const [key, frame] of Object.entries(spec.frames)) said[key] = window.lnnSay(frame[2], spec.texts);
      return {spec: spec, said: said, language: (document.documentElement.lang || 'en').slice(0, 2)};
    })""")
    assert found, f"{page}: no explorer"
    for explorer in found:
        spec, language = explorer["spec"], explorer["language"]
        expected = {key: decode_text(frame[2], spec["texts"], language) for key, frame in spec["frames"].items()}
        wrong = [key for key in expected if explorer["said"][key] != expected[key]]
        assert wrong == [], f"{spec['name']}: {len(wrong)} captions differ, e.g. {wrong[:1]}: " \
                            f"{explorer['said'][wrong[0]]!r} against {expected[wrong[0]]!r}" if wrong else ""


@pytest.mark.pages("explorers")
def test_explorer_setting_is_kept_in_the_address_and_restored_from_it(visited, visit, page):
    v = visited(page)
    explorer = v.page.locator("main .lnn-explorer").first
    slider = explorer.locator("input[type=range]").first
    default_state = explorer.get_attribute("data-state")
    low, high = float(slider.get_attribute("min")), float(slider.get_attribute("max"))
    value = float(slider.input_value())  # where it is now (an earlier check may have moved it)
    slider.scroll_into_view_if_needed()
    slider.fill(f"{low if abs(value - low) > abs(value - high) else high:g}")
    moved_state = explorer.get_attribute("data-state")
    assert moved_state != default_state
    # The address follows the controls after a short pause (it may already hold an earlier setting).
    v.page.wait_for_function("parts => parts.every(p => window.location.search.slice(1).split('&').includes(p))",
                             arg=moved_state.split("&"), timeout=2000)
    query = urlparse(v.page.url).query
    assert query and all(part in query.split("&") for part in moved_state.split("&")), (query, moved_state)
    # The link a reader copies lands on the explorer itself, not at the top of a long page.
    anchor = explorer.get_attribute("id")
    assert explorer.locator("a[data-role=permalink]").get_attribute("href") == f"?{query}#{anchor}"

    shared = visit(page, query=f"?{query}")  # a reader opening the shared link
    restored = shared.page.locator("main .lnn-explorer").first
    assert restored.get_attribute("data-state") == moved_state
    assert restored.locator("input[type=range]").first.input_value() == slider.input_value()
    assert shared.console_errors == [] and shared.remote_requests == []


def test_the_momentum_control_answers_and_a_link_keeps_it(visit, request):
    """Chapter 2's explorer: on the ravine at η = 0.25 plain descent does not converge; moving the
    momentum slider to β = 0.5 changes the verdict, the address keeps β, and the link restores it."""
    page = getattr(request.module, "EDITION", "") + "chapters/02_gradient_descent"
    v = visit(page, query="?lr.surface=ravine&lr.eta=0.25&lr.steps=100")
    explorer = v.page.locator("main .lnn-explorer[data-explorer=lr]")
    beta, verdict = explorer.locator("input[data-control=beta]"), explorer.locator("[data-role=verdict]")
    assert beta.input_value() == "0" and verdict.get_attribute("data-verdict") == "diverged"
    beta.scroll_into_view_if_needed()
    beta.fill("1")  # the second momentum of the grid, 0.5
    assert explorer.locator("output[data-value-for=beta]").text_content() == "0.5"
    assert verdict.get_attribute("data-verdict") == "converged"
    state = explorer.get_attribute("data-state")
    assert "lr.beta=0.5" in state.split("&"), state
    v.page.wait_for_function("() => new URLSearchParams(window.location.search).get('lr.beta') === '0.5'",
                             timeout=2000)
    shared = visit(page, query="?" + urlparse(v.page.url).query)
    restored = shared.page.locator("main .lnn-explorer[data-explorer=lr]")
    assert restored.locator("input[data-control=beta]").input_value() == "1"
    assert restored.locator("[data-role=verdict]").get_attribute("data-verdict") == "converged"
    assert shared.console_errors == [] and shared.remote_requests == []


VERDICT_WORDS = {"vanishing": "shrinks", "growing": "grows", "flowing": "similar speeds", "tiny": "starve",
                 "huge": "throw the weights away"}


def test_the_gradient_explorer_never_calls_a_vanishing_profile_flowing(visited):
    """On every frame of chapter 5's explorer the verdict and the sentence under it tell one story
    (checked on the frames the page holds), and a reader moving the controls sees it so too;
    sigmoid with Xavier at depth 4 or more is never called flowing."""
    v = visited("chapters/05_vanishing_gradients")
    explorer = v.page.locator("main .lnn-explorer[data-explorer=vanishing]")
    data = json.loads(explorer.locator("script.lnn-data").text_content())
    for key, (_, verdict, caption, _) in data["frames"].items():
        caption = decode_text(caption, data["texts"], "en")
        assert VERDICT_WORDS[verdict] in caption, (key, verdict, caption)
    depth = explorer.locator("input[data-control=depth]")
    activation = explorer.locator("select[data-control=activation]")
    init = explorer.locator("select[data-control=init]")
    verdict, caption = explorer.locator("[data-role=verdict]"), explorer.locator("[data-role=caption]")
    depth.scroll_into_view_if_needed()
    low, high = int(depth.get_attribute("min")), int(depth.get_attribute("max"))
    activations = activation.locator("option").all_inner_texts()
    inits = init.locator("option").all_inner_texts()
    seen = set()
    for a in range(len(activations)):
        activation.select_option(index=a)
        for i in range(len(inits)):
            init.select_option(index=i)
            for d in range(low, high + 1):
                depth.fill(str(d))
                label = int(explorer.locator("output[data-value-for=depth]").inner_text())
                is_sigmoid_xavier = activations[a] == "sigmoid" and inits[i].startswith("Xavier")
                if d not in (low, 2, high) and not is_sigmoid_xavier:
                    continue  # every frame's text is checked above; the reader's view on a sample
                key, text = verdict.get_attribute("data-verdict"), caption.inner_text()
                seen.add(key)
                assert VERDICT_WORDS[key] in text, (activations[a], inits[i], label, key, text)
                if is_sigmoid_xavier and label >= 4:
                    assert key != "flowing", (label, text)
    assert {"vanishing", "flowing"} <= seen
    assert v.console_errors == []


def _typed_answers(spec):
    """What a reader types into a box: the right answer, each rule's trigger, every field wrong,
    malformed numbers; one list of field values each (a set field takes a list of option keys)."""
    rights = [right_answer(f) for f in spec["fields"]]
    wrong = []
    for f in spec["fields"]:
        if f["kind"] in ("number", "whole"):
            wrong.append(repr(f["expected"] * 3 + 7))
        elif f["kind"] == "choice":
            wrong.append(next(o["key"] for o in f["options"] if o["key"] != f["expected"]))
        elif f["kind"] == "set":
            wrong.append([o["key"] for o in f["options"] if o["key"] not in f["expected"]][:1] + f["expected"][1:])
        else:
            wrong.append(", ".join(o["key"] for o in f["options"]))
    answers = [rights, wrong]
    for i, f in enumerate(spec["fields"]):
        triggers = [repr(r["when"]["near"]) for r in f["rules"] if "near" in r["when"]]
        if f["kind"] in ("number", "whole"):
            triggers += ["1,5", "abc", "\u22120.5", "1e-3", "", "1/5"]
        answers += [rights[:i] + [t] + rights[i + 1:] for t in triggers]
    return answers


def _type_into(box, spec, answers):
    inputs = box.locator("[data-role=answer]")
    for i, (f, answer) in enumerate(zip(spec["fields"], answers)):
        field = inputs.nth(i)
        if f["kind"] == "choice":
            field.select_option(answer)
        elif f["kind"] == "set":
            for option in f["options"]:
                field.locator(f"input[value='{option['key']}']").set_checked(option["key"] in answer)
        else:
            field.fill(answer)
    box.locator("button[data-role=check]").click()


TYPE_ALL = """(box, [kinds, answerSets]) => answerSets.map((answers) => {
  const inputs = box.querySelectorAll('[data-role=answer]');
  answers.forEach((answer, i) => {
    const field = inputs[i];
    if (kinds[i] === 'set') {
      field.querySelectorAll('input[type=checkbox]').forEach((option) => {
        if (option.checked !== answer.includes(option.value)) option.click();
      });
    } else {
      field.value = answer;
      field.dispatchEvent(new Event('input', {bubbles: true}));
      field.dispatchEvent(new Event('change', {bubbles: true}));
    }
  });
  box.querySelector('button[data-role=check]').click();
  const feedback = box.querySelector('[data-role=feedback]');
  return [feedback.innerText, feedback.dataset.correct || null];
})"""
"""Types many answers into one box in one round trip: a field's value set with the events a reader's
typing fires, a checkbox clicked, the Check button clicked, the feedback read back after each."""

TYPED_ONE_BY_ONE = 2
"""How many answers per box go through Playwright's own typing and clicking (the right one and one
all wrong); the rest are typed by `TYPE_ALL`, which makes the same events in the page."""


@pytest.mark.pages("answers")
def test_every_answer_box_says_what_the_kernel_says_for_what_was_typed(visited, page):
    """Typed into every box of the page: the right answer, each rule's trigger, every field wrong and
    malformed numbers; the box says, word for word, what the kernel's check says for the same input."""
    import base64

    from backprop.book.exercise_verdicts import evaluate

    v = visited(page)
    language = "ko" if page.startswith("ko/") else "en"
    boxes = v.page.locator("main .lnn-answer")
    assert boxes.count() > 0
    marks = {True: "true", False: "false", None: "none"}
    for index in range(boxes.count()):
        box = boxes.nth(index)
        assert box.get_attribute("data-ready") == "true"
        spec = json.loads(base64.b64decode(json.loads(box.locator("script.lnn-data").text_content())["spec"]))
        feedback = box.locator("[data-role=feedback]")
        box.scroll_into_view_if_needed()

        def said(answers, spec=spec):
            verdict = evaluate(spec, answers)
            return verdict["correct"], f"{spec['marks'][marks[verdict['correct']]][language]}: " \
                                       f"{verdict['body'][language]}"

        assert feedback.inner_text() == said([None] * len(spec["fields"]))[1]
        seen = set()
        typed = _typed_answers(spec)
        shown = []
        for answers in typed[:TYPED_ONE_BY_ONE]:
            _type_into(box, spec, answers)
            shown.append((feedback.inner_text(), feedback.get_attribute("data-correct")))
        shown += box.evaluate(TYPE_ALL, [[f["kind"] for f in spec["fields"]], typed[TYPED_ONE_BY_ONE:]])
        assert len(shown) == len(typed)
        for answers, (text_shown, correct_shown) in zip(typed, shown):
            correct, text = said([a if a != "" else None for a in answers])
            assert text_shown == text, (spec["name"], answers)
            if correct is not None:
                assert correct_shown == ("true" if correct else "false"), (spec["name"], answers)
            seen.add(correct)
        assert {True, False} <= seen, spec["name"]
    assert v.console_errors == []


def test_the_language_switch_keeps_the_page_and_the_explorer_setting(visited):
    """The last check of the English pages: it leaves the loaded page for the Korean one and back."""
    v = visited("chapters/02_gradient_descent")
    explorer = v.page.locator("main .lnn-explorer").first
    slider = explorer.locator("input[type=range]").first
    slider.scroll_into_view_if_needed()
    low, high = slider.get_attribute("min"), slider.get_attribute("max")
    slider.fill(high if slider.input_value() == low else low)  # a setting other than the one it has
    moved = explorer.get_attribute("data-state")
    # The address follows the controls after a short pause; the switch carries the address along.
    v.page.wait_for_function("parts => parts.every(p => window.location.search.slice(1).split('&').includes(p))",
                             arg=moved.split("&"), timeout=2000)
    v.page.locator("a[data-edition-switch=ko]").first.click()
    v.page.wait_for_load_state("load")
    assert urlparse(v.page.url).path.endswith("/ko/chapters/02_gradient_descent.html"), v.page.url
    assert v.page.evaluate("document.documentElement.lang") == "ko"
    restored = v.page.locator("main .lnn-explorer").first
    restored.wait_for(state="attached")
    assert restored.get_attribute("data-state") == moved
    v.page.locator("a[data-edition-switch=en]").first.click()
    v.page.wait_for_load_state("load")
    assert urlparse(v.page.url).path.endswith("/chapters/02_gradient_descent.html")
    assert "/ko/" not in v.page.url and v.page.evaluate("document.documentElement.lang") == "en"
    assert v.console_errors == []
