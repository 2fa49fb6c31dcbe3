/* The figure box of a kernel-free view (explorers, players): while the figure is wider than its box
   (on a phone), the box scrolls sideways, the hint under it shows, and the box can be reached and
   scrolled with the keyboard, named by the hint's words; otherwise the box is plain. Inlined before
   the view's own script (backprop.book.assets.view_scripts); defines lnnScrollBox once. */
window.lnnScrollBox = window.lnnScrollBox || function (box, hint) {
  "use strict";
  function fit() {
    var over = box.scrollWidth > box.clientWidth + 1;
    hint.hidden = !over;
    if (over) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", hint.textContent);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  fit();
  window.addEventListener("resize", fit);
};
