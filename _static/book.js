// Learning Neural Nets: a figure fits the column but never shrinks below the width at which its
// smallest text is 10 px; in a narrower column (a phone) it scrolls sideways in its own box, which
// then says so under it, can be reached and scrolled with the keyboard, and is named for screen
// readers. The link to the other edition keeps the reader's place (the query, which holds an
// explorer's setting, and the anchor). The words come in the edition's language from the page
// (LNN_WORDS: booktools.book_pages.SCRIPT_WORDS).
//
// A figure's stored size is its CSS width (the PNG is twice as wide, for 2x screens), at which a
// point of text is 100/72 px: 10 px over the smallest text, 11 pt in figures and 9 pt in graph
// drawings (cells tagged "wide-figure"), is the fraction below which a figure does not shrink.
const READABLE = { figure: 10 / (11 * 100 / 72), drawing: 10 / (9 * 100 / 72) };

document.addEventListener("DOMContentLoaded", () => {
  const boxes = new Map();
  for (const image of document.querySelectorAll("main .cell_output img, main figure img")) {
    // A cell's output scrolls as a whole; in a figure, the picture alone, so that its caption stays put.
    const box = image.closest(".cell_output") || (image.parentElement.tagName === "A" ? image.parentElement : image);
    if (!boxes.has(box)) boxes.set(box, []);
    boxes.get(box).push(image);
  }
  for (const [box, images] of boxes) {
    box.classList.add("lnn-scroll-box");
    const hint = document.createElement("p");
    hint.className = "lnn-scroll-hint";
    hint.hidden = true;
    hint.textContent = LNN_WORDS.wide_figure;
    box.after(hint);
    const readable = box.closest(".tag_wide-figure") ? READABLE.drawing : READABLE.figure;
    const fit = () => {
      for (const image of images) {
        const stored = parseFloat(image.style.width) || image.naturalWidth;
        if (stored) image.style.minWidth = `${Math.ceil(stored * readable)}px`;
      }
      const over = box.scrollWidth > box.clientWidth + 1;
      hint.hidden = !over;
      if (over) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", LNN_WORDS.wide_figure);
      } else {
        for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
      }
    };
    for (const image of images) if (!image.complete) image.addEventListener("load", fit);
    fit();
    window.addEventListener("resize", fit);
  }
  for (const link of document.querySelectorAll("a[data-edition-switch]")) {
    const page = link.getAttribute("href").split(/[?#]/)[0];
    const follow = () => { link.setAttribute("href", page + window.location.search + window.location.hash); };
    for (const event of ["pointerdown", "focus", "mouseenter"]) link.addEventListener(event, follow);
  }
});
