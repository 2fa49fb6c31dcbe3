// Learning Neural Nets: a box that scrolls sideways (a graph drawing on a phone) can be reached
// and scrolled with the keyboard too, and says what it holds; the link to the other edition keeps
// the reader's place (the query, which holds an explorer's setting, and the anchor). The words come
// in the edition's language from the page (LNN_WORDS: booktools.book_pages.SCRIPT_WORDS).
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".tag_wide-figure .cell_output")) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", LNN_WORDS.wide_figure);
  }
  for (const link of document.querySelectorAll("a[data-edition-switch]")) {
    const page = link.getAttribute("href").split(/[?#]/)[0];
    const follow = () => { link.setAttribute("href", page + window.location.search + window.location.hash); };
    for (const event of ["pointerdown", "focus", "mouseenter"]) link.addEventListener(event, follow);
  }
});
