"""The browser suite on the Korean edition (the built book's ko/ folder): every check of
tests/test_browser.py, on the Korean pages, and what only they have: Korean kernel-free views and
a search that finds Korean words whatever particle follows them.

The checks are test_browser.py's own, collected here a second time with `EDITION` "ko/"; a file of
its own lets xdist (``--dist loadfile``) run the two editions on different workers.
"""

from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401  (fixtures, and the checks collected again for the Korean pages)
    Visit,
    pytest_generate_tests,
    site,
    test_a_link_under_the_mouse_stays_readable,
    test_a_reader_whose_system_is_dark_gets_the_dark_theme,
    test_every_answer_box_says_what_the_kernel_says_for_what_was_typed,
    test_every_caption_an_explorer_holds_reads_as_the_library_writes_it,
    test_every_figure_fits_a_desktop_column_and_stays_readable_on_a_phone,
    test_every_image_and_figure_has_meaningful_alt_text,
    test_every_kernel_free_explorer_responds_to_its_controls,
    test_explorer_setting_is_kept_in_the_address_and_restored_from_it,
    test_figures_stay_legible_in_dark_mode,
    test_launch_and_download_buttons_lead_to_this_notebook,
    test_math_is_typeset_locally,
    test_no_serious_accessibility_violation,
    test_nothing_a_reader_needs_is_clipped_on_a_phone,
    test_nothing_scrolls_sideways_on_a_phone,
    test_page_loads_with_no_error_and_no_remote_request,
    test_the_momentum_control_answers_and_a_link_keeps_it,
    visit,
    visited,
)

from conftest import HANGUL

pytestmark = pytest.mark.browser

EDITION = "ko/"



VIEW_TEXTS = """() => [...document.querySelectorAll('main .lnn-explorer, main .lnn-player')].map(root => ({
  parts: [...root.querySelectorAll(
    '.lnn-title, label, [data-role=verdict], [data-role=caption], button, a[data-role=permalink], '
    + 'svg text.lnn-label')]
    .map(e => (e.innerText === undefined ? e.textContent : e.innerText).trim()).filter(Boolean),  // SVG: textContent
  name: (root.querySelector('svg[role=img]') || root).getAttribute('aria-label') || '' }))"""


@pytest.mark.pages("views")
def test_kernel_free_views_speak_the_korean_pages_language(visited, page):  # noqa: F811 (the fixture)
    """Controls, verdicts, sentences and axis labels of every explorer and player on a Korean page are
    Korean (their data holds every language; the page's lang picks one)."""
    v = visited(page)
    texts = v.page.evaluate(VIEW_TEXTS)
    assert texts, f"no explorer or player on {page}"
    for view in texts:
        assert view["parts"], view
        english = [part for part in view["parts"]
                   if not HANGUL.search(part) and re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", part)]
        assert not english, f"{page}: English left in a kernel-free view: {english[:3]}"
        assert HANGUL.search(view["name"]), f"{page}: the figure's accessible name is not Korean: {view['name'][:80]}"


QUERIES = ["역전파", "학습률을", "경사하강법", "경사 하강법", "활성화함수", "활성화 함수"]

SEARCH_AGAIN = """query => {
  // What the search page does with the ?q= of its address, once its index is loaded (searchtools.js,
  // Search.init): the same search, into the emptied results.
  document.getElementById('search-results').replaceChildren();
  document.querySelector('input[name=q]').value = query;
  Search.performSearch(query);
}"""


SEARCH_FINISHED = "() => document.querySelector('#search-results .search-summary').innerText !== ''"
"""The search has finished: its summary ("... found N pages") is written only once every result is
listed. (The page's pulsing dots are no sign of it: on this page they can go on after the end.)"""


@pytest.fixture(scope="module")
def search_page(browser, site):  # noqa: F811 (the fixture)
    """The Korean search page, opened from the first query's address as a reader's search opens it;
    the other queries are searched in it again (`SEARCH_AGAIN`), without loading the page each time."""
    v = Visit(browser, f"{site}/ko/search.html?q={QUERIES[0]}")
    yield v
    v.close()


@pytest.mark.parametrize("query", QUERIES)
def test_korean_search_finds_the_chapters_that_use_a_term(search_page, query):
    v = search_page
    if query != QUERIES[0]:
        # The previous query finished first (every result listed, with the snippet the page fetches
        # for each, and the summary written), so that none of its results is added to this one's.
        v.page.wait_for_function(SEARCH_FINISHED, timeout=60_000)
        v.page.evaluate(SEARCH_AGAIN, query)
    v.page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0", timeout=10000)
    found = v.page.evaluate(
        "[...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'))")
    assert any("chapters/" in href for href in found), found
    assert v.console_errors == [] and v.remote_requests == []


MARK_HANGUL = """() => {
  // Every shown element whose own text has Hangul, with how many Hangul characters it holds.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const counts = new Map();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const n = (node.data.match(/[\\uac00-\\ud7a3]/g) || []).length;
    const element = node.parentElement;
    if (n && element && !element.closest('script, style, noscript') && element.getClientRects().length)
      counts.set(element, (counts.get(element) || 0) + n);
  }
  // Elements styled alike are drawn from the same fonts: the three with the most Hangul of each style.
  const styles = new Map();
  counts.forEach((n, element) => {
    const style = getComputedStyle(element);
    const key = [style.fontFamily, style.fontWeight, style.fontStyle, element.lang].join('|');
    styles.set(key, [...(styles.get(key) || []), [n, element]]);
  });
  styles.forEach(group => group.sort((a, b) => b[0] - a[0]).slice(0, 3)
    .forEach(([n, element]) => element.setAttribute('data-hangul', n)));
  return counts.size;
}"""


@pytest.mark.parametrize("page", ["ko/chapters/03_chain_rule",
                                  "ko/chapters/05_vanishing_gradients", "glossary"])
def test_hangul_is_drawn_in_the_books_own_font_on_a_machine_without_korean_fonts(
        browser_without_korean_fonts, site, page):  # noqa: F811 (the fixture)
    """On a machine with no Korean font at all, every Hangul character a page shows (text, headings,
    explorers, players, formulas, the English glossary's Korean names) is drawn by the font the book
    ships (Noto Sans KR, booktools.korean_font), never as a box: Chromium reports the fonts it drew
    each element with (for the three elements with the most Hangul of each style of text)."""
    v = Visit(browser_without_korean_fonts, f"{site}/{page}.html")
    try:
        v.page.evaluate("() => document.fonts.ready.then(() => true)")
        assert v.page.evaluate(MARK_HANGUL) > 0, f"{page} shows no Hangul"
        cdp = v.context.new_cdp_session(v.page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        undrawn = []
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-hangul]"})["nodeIds"]:
            hangul = int(dict(zip(*[iter(cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"])] * 2))
                         ["data-hangul"])
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            ours = sum(f["glyphCount"] for f in fonts
                       if f["isCustomFont"] and f["familyName"].startswith("Noto Sans KR"))
            if ours < hangul:
                undrawn.append((hangul, ours, [f["familyName"] for f in fonts],
                                cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:120]))
        assert not undrawn, f"{page}: Hangul not drawn in the book's font: {undrawn[:3]}"
        assert not v.remote_requests and not v.failed_responses, (v.remote_requests, v.failed_responses)
    finally:
        v.close()
