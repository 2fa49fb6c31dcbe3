// Learning Neural Nets: a kernel-free answer box. The reader types an answer and presses Check;
// the box says what the exercise's own checker says for such an answer (its messages were
// computed by the checker when the page was built), without showing the solution.
(function () {
  "use strict";
  const say = window.lnnSay; // a text of the data in the page's language (language.js)
  function isClose(a, b, relTol, absTol) {
    return Math.abs(a - b) <= Math.max(relTol * Math.max(Math.abs(a), Math.abs(b)), absTol);
  }
  function verdict(spec, values) {
    if (spec.options) return spec.messages[values[0]] || spec.messages[""];
    for (let i = 0; i < spec.fields.length; i += 1) {
      const text = values[i].trim();
      if (text === "") return spec.messages.empty;
      const typed = Number(text.replace(/\u2212/g, "-"));
      if (!Number.isFinite(typed)) return spec.fields[i].nan;
      const expected = JSON.parse(atob(spec.fields[i].key));
      for (const [value, message] of spec.fields[i].special) {
        if (isClose(typed, value, 1e-9, 1e-12)) return message;
      }
      if (!isClose(typed, expected, spec.rel_tol, spec.abs_tol)) {
        return typed > expected ? spec.fields[i].large : spec.fields[i].small;
      }
    }
    return spec.messages.right;
  }
  function mount(root) {
    if (root.dataset.ready === "true") return;
    const spec = JSON.parse(root.querySelector("script.lnn-data").textContent);
    const inputs = Array.from(root.querySelectorAll("[data-role=answer]"));
    const feedback = root.querySelector("[data-role=feedback]");
    const ui = spec.ui;
    root.querySelector(".lnn-answer-title").textContent = say(ui.title);
    root.querySelectorAll("label").forEach((label, i) => { label.textContent = say(ui.labels[i]); });
    root.querySelector("button[data-role=check]").textContent = say(ui.check);
    const empty = root.querySelector("select[data-role=answer] option[value='']");
    if (empty) empty.textContent = say(ui.choose);
    feedback.textContent = say(spec.messages.empty.text);
    const check = () => {
      const message = verdict(spec, inputs.map((input) => input.value));
      feedback.textContent = say(message.text);
      feedback.dataset.correct = message.correct ? "true" : "false";
    };
    root.querySelector("button[data-role=check]").addEventListener("click", check);
    for (const input of inputs) {
      input.addEventListener("keydown", (event) => { if (event.key === "Enter") check(); });
    }
    root.dataset.ready = "true";
  }
  document.querySelectorAll(".lnn-answer").forEach(mount);
})();
