// Learning Neural Nets: a kernel-free answer box. The reader types an answer and presses Check;
// exercise.js evaluates it from the exercise's own data, as the notebook's checker does.
(function () {
  "use strict";
  const say = window.lnnSay; // a text of the data in the page's language (language.js)
  const MARKS = { true: "true", false: "false", null: "none" };
  function decode(text) {
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }
  function valueOf(input) {
    if (input.dataset.kind === "set") {
      return Array.from(input.querySelectorAll("input[type=checkbox]")).filter((box) => box.checked)
        .map((box) => box.value);
    }
    return input.value;
  }
  function mount(root) {
    if (root.dataset.ready === "true") return;
    const data = JSON.parse(root.querySelector("script.lnn-data").textContent);
    const spec = decode(data.spec);
    const ui = data.ui;
    const inputs = Array.from(root.querySelectorAll("[data-role=answer]"));
    const feedback = root.querySelector("[data-role=feedback]");
    const show = (verdict) => {
      feedback.textContent = `${say(spec.marks[MARKS[verdict.correct]])}: ${say(verdict.body)}`;
    };
    root.querySelector(".lnn-answer-title").textContent = say(ui.title);
    root.querySelector("button[data-role=check]").textContent = say(ui.check);
    inputs.forEach((input, i) => {
      const field = spec.fields[i];
      const label = input.dataset.kind === "set" ? input.querySelector("legend")
        : root.querySelector(`label[for="${input.id}"]`);
      label.textContent = say(field.label);
      if (input.dataset.kind === "set") {
        input.querySelectorAll("[data-option]").forEach((span) => {
          span.textContent = say(field.options.find((o) => o.key === span.dataset.option).label);
        });
      } else if (input.dataset.kind === "choice") {
        Array.from(input.options).forEach((option) => {
          option.textContent = option.value ? say(field.options.find((o) => o.key === option.value).label)
            : say(ui.choose);
        });
      } else if (input.dataset.kind === "order") {
        input.placeholder = say(ui.names);
      }
    });
    show(window.lnnExercise.evaluate(spec, inputs.map(() => null)));
    const check = () => {
      const verdict = window.lnnExercise.evaluate(spec, inputs.map(valueOf));
      show(verdict);
      if (verdict.correct === null) delete feedback.dataset.correct;
      else feedback.dataset.correct = verdict.correct ? "true" : "false";
      delete feedback.dataset.stale;
      feedback.classList.remove("lnn-checked");
      void feedback.offsetWidth; // restart the highlight, so that checking the same answer again shows
      feedback.classList.add("lnn-checked");
    };
    root.querySelector("button[data-role=check]").addEventListener("click", check);
    // A verdict is about what was checked: once the answer changes, it is shown as out of date.
    root.addEventListener("input", () => { if (feedback.dataset.correct) feedback.dataset.stale = "true"; });
    root.querySelectorAll("input[type=text]").forEach((input) => {
      input.addEventListener("keydown", (event) => { if (event.key === "Enter") check(); });
    });
    root.dataset.ready = "true";
  }
  document.querySelectorAll(".lnn-answer").forEach(mount);
})();
