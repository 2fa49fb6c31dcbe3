// Learning Neural Nets: a box that scrolls sideways (a graph drawing on a phone) can be reached
// and scrolled with the keyboard too, and says what it holds; the link to the other edition keeps
// the reader's place (the query, which holds an explorer's setting, and the anchor).
const LNN_WIDE_FIGURE = {
  en: "figure: scroll sideways to see all of it",
  ko: "그림: 옆으로 밀어 전체를 볼 수 있다",
};
document.addEventListener("DOMContentLoaded", () => {
  const language = (document.documentElement.lang || "en").slice(0, 2);
  for (const box of document.querySelectorAll(".tag_wide-figure .cell_output")) {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", LNN_WIDE_FIGURE[language] || LNN_WIDE_FIGURE.en);
  }
  for (const link of document.querySelectorAll("a[data-edition-switch]")) {
    const page = link.getAttribute("href").split(/[?#]/)[0];
    const follow = () => { link.setAttribute("href", page + window.location.search + window.location.hash); };
    for (const event of ["pointerdown", "focus", "mouseenter"]) link.addEventListener(event, follow);
  }
});
