/* backprop backward-pass player, kernel-free view: steps through precomputed frames of a Value graph's
   backward pass by switching data attributes (the stylesheet colours them) and texts. Inlined after each
   player's HTML by backprop.book.backward_player; it mounts every player on the page that is not mounted
   yet. No dependencies, no network. */
(function () {
  "use strict";

  var say = window.lnnSay; // a text of the data in the page's language (language.js)

  function mount(root) {
    if (root.getAttribute("data-ready") === "true") return;
    var spec = JSON.parse(root.querySelector("script.lnn-data").textContent);
    var frames = spec.frames, last = frames.length - 1, ui = spec.ui || {};
    translate(root, ui);
    var figure = root.querySelector("svg[data-role=figure]");
    var title = figure.querySelector("title");
    var slider = root.querySelector("input[data-role=step]");
    var counter = root.querySelector("output[data-role=counter]");
    var caption = root.querySelector("[data-role=caption]");
    var play = root.querySelector("button[data-action=play]");
    var nodes = [], edges = [];
    Array.prototype.forEach.call(figure.querySelectorAll("g[data-role=node]"), function (node) {
      nodes[parseInt(node.getAttribute("data-node"), 10)] = node;
    });
    Array.prototype.forEach.call(figure.querySelectorAll("g[data-role=edge]"), function (edge) {
      edges[parseInt(edge.getAttribute("data-edge"), 10)] = edge;
    });
    var current = 0, timer = null;

    function show(index) {
      current = Math.max(0, Math.min(last, index));
      var frame = frames[current]; // {states: one letter per node, grads, edges: indices, caption}
      nodes.forEach(function (node, i) {
        node.setAttribute("data-state", spec.states[frame.states.charAt(i)]);
        node.querySelector("text[data-role=grad]").textContent = "grad " + frame.grads[i];
      });
      edges.forEach(function (edge, j) {
        edge.setAttribute("data-active", frame.edges.indexOf(j) >= 0 ? "true" : "false");
      });
      var step = say(ui.counter).replace("{k}", String(current + 1)).replace("{n}", String(frames.length));
      var words = say(frame.caption);
      slider.value = String(current);
      slider.setAttribute("aria-valuetext", step);
      counter.textContent = step;
      caption.textContent = words;
      var description = say(spec.label) + " " + words;
      figure.setAttribute("aria-label", description);
      title.textContent = description;
      root.setAttribute("data-frame", String(current));
    }

    function playing(on) {
      play.querySelector(".lnn-icon").textContent = on ? "\u2016" : "\u25B6";
      play.querySelector("[data-role=label]").textContent = say(on ? ui.pause : ui.play);
      root.setAttribute("data-playing", on ? "true" : "false");
    }

    function stop() {
      if (timer !== null) { window.clearTimeout(timer); timer = null; }
      playing(false);
    }

    function tick() {
      if (current >= last) { stop(); return; }
      show(current + 1);
      timer = window.setTimeout(tick, spec.interval);
    }

    function start() {
      if (current >= last) show(0);
      playing(true);
      timer = window.setTimeout(tick, spec.interval);
    }

    root.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-action]") : null;
      if (!button || !root.contains(button)) return;
      var action = button.getAttribute("data-action");
      if (action === "play") { if (timer === null) start(); else stop(); return; }
      stop();
      if (action === "first") show(0);
      else if (action === "prev") show(current - 1);
      else if (action === "next") show(current + 1);
      else if (action === "last") show(last);
    });

    function moved() {
      var index = parseInt(slider.value, 10);
      if (isNaN(index) || index === current) return;
      stop();
      show(index);
    }
    slider.addEventListener("input", moved);
    slider.addEventListener("change", moved);

    var box = root.querySelector("[data-role=figure-box]");
    var hint = root.querySelector("[data-role=scroll-hint]");
    if (box && hint) { // a graph wider than its box scrolls, and says so (scroll_box.js)
      if (ui.scroll) hint.textContent = say(ui.scroll);
      window.lnnScrollBox(box, hint);
    }
    show(current);
    root.setAttribute("data-ready", "true");
  }

  function translate(root, ui) { // the fixed texts, in the page's language (the frame's follow in show)
    ["first", "prev", "play", "next", "last"].forEach(function (action) {
      var label = root.querySelector("button[data-action=" + action + "] [data-role=label]");
      if (label && ui[action]) label.textContent = say(ui[action]);
    });
    var controls = root.querySelector(".lnn-controls");
    if (controls && ui.controls) controls.setAttribute("aria-label", say(ui.controls));
    var slider = root.querySelector("input[data-role=step]");
    var label = slider && root.querySelector("label[for='" + slider.id + "']");
    if (label && ui.step) label.textContent = say(ui.step);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".lnn-player"), mount);
})();
