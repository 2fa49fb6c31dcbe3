// Learning Neural Nets: a box that scrolls sideways (a graph drawing on a phone) can be reached
// and scrolled with the keyboard too, and says what it holds.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".tag_wide-figure .cell_output")) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "figure: scroll sideways to see all of it");
  }
});
