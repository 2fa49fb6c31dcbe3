/* backprop explorers, kernel-free view: draws precomputed frames as SVG and keeps the state in the URL.
   Inlined after each explorer's HTML by backprop.explorers.StaticExplorer; it mounts every explorer
   on the page that is not mounted yet. No dependencies, no network. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var WIDTH = 640, HEIGHT = 400;
  var BOX = { left: 64, right: 14, top: 12, bottom: 52 };
  var FAR = 1e5; // pixel coordinates are clamped here, so far-off points still draw as lines leaving the plot

  function svg(name, attributes, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function scale(lim, kind, from, to) {
    var log = kind === "log";
    var a = log ? Math.log10(lim[0]) : lim[0], b = log ? Math.log10(lim[1]) : lim[1];
    return function (value) {
      var t = log ? Math.log10(Math.max(value, 1e-300)) : value;
      var pixel = from + (t - a) / (b - a) * (to - from);
      return Math.max(-FAR, Math.min(FAR, pixel));
    };
  }

  var say = window.lnnSay; // a text of the data in the page's language (language.js)

  function mount(root) {
    if (root.getAttribute("data-ready") === "true") return;
    var spec = JSON.parse(root.querySelector("script.lnn-data").textContent);
    translate(root, spec);
    var name = spec.name, controls = spec.controls;
    var figure = root.querySelector("svg[data-role=figure]");
    var title = figure.querySelector("title") || svg("title", {}, figure);
    var verdict = root.querySelector("[data-role=verdict]");
    var caption = root.querySelector("[data-role=caption]");
    var permalink = root.querySelector("a[data-role=permalink]");
    var inputs = controls.map(function (c) { return root.querySelector("[data-control='" + c.key + "']"); });
    var outputs = controls.map(function (c) { return root.querySelector("[data-value-for='" + c.key + "']"); });

    var state = controls.map(function (c) { return c.default; });
    var params = new URLSearchParams(window.location.search);
    controls.forEach(function (c, i) {
      var index = c.tokens.indexOf(params.get(name + "." + c.key));
      if (index >= 0) state[i] = index;
    });

    var clipId = root.id + "-clip";
    var plot = { x0: BOX.left, x1: WIDTH - BOX.right, y0: HEIGHT - BOX.bottom, y1: BOX.top };
    var defs = svg("defs", {}, figure);
    svg("rect", { x: plot.x0, y: plot.y1, width: plot.x1 - plot.x0, height: plot.y0 - plot.y1 },
        svg("clipPath", { id: clipId }, defs));
    svg("rect", { "class": "lnn-panel", x: 0, y: 0, width: WIDTH, height: HEIGHT }, figure);
    var axes = svg("g", { "data-role": "axes" }, figure);
    var background = svg("g", { "data-role": "background", "clip-path": "url(#" + clipId + ")" }, figure);
    var data = svg("g", { "data-role": "data", "clip-path": "url(#" + clipId + ")" }, figure);
    var shownView = -1, x = null, y = null;

    function drawAxes(view) {
      axes.textContent = "";
      x = scale(view.xlim, view.xscale, plot.x0, plot.x1);
      y = scale(view.ylim, view.yscale, plot.y0, plot.y1);
      view.xticks.forEach(function (tick) {
        var px = x(tick[0]).toFixed(1);
        svg("line", { "class": "lnn-grid", x1: px, x2: px, y1: plot.y0, y2: plot.y1 }, axes);
        svg("text", { x: px, y: plot.y0 + 18, "text-anchor": "middle" }, axes).textContent = tick[1];
      });
      view.yticks.forEach(function (tick) {
        var py = y(tick[0]).toFixed(1);
        svg("line", { "class": "lnn-grid", x1: plot.x0, x2: plot.x1, y1: py, y2: py }, axes);
        svg("text", { x: plot.x0 - 6, y: py, "text-anchor": "end", "dominant-baseline": "middle" }, axes)
          .textContent = tick[1];
      });
      svg("rect", { "class": "lnn-frame", x: plot.x0, y: plot.y1, width: plot.x1 - plot.x0, height: plot.y0 - plot.y1 },
          axes);
      svg("text", { x: (plot.x0 + plot.x1) / 2, y: HEIGHT - 10, "text-anchor": "middle", "class": "lnn-label" },
          axes).textContent = say(view.xlabel, spec.texts);
      var middle = (plot.y0 + plot.y1) / 2;
      svg("text", { x: 16, y: middle, "text-anchor": "middle", "class": "lnn-label",
                    transform: "rotate(-90 16 " + middle + ")" }, axes).textContent = say(view.ylabel, spec.texts);
      background.textContent = "";
      view.background.forEach(function (layer) { drawLayer(layer, view, background); });
    }

    function decode(layer, view) { // running sums of the integer series, times the axis quantum
      var deltas = spec.series[layer[2]], values = new Array(deltas.length), pairs = layer[0] !== "bars";
      var sums = [0, 0];
      for (var i = 0; i < deltas.length; i++) {
        var axis = pairs ? i % 2 : 1;
        sums[axis] += deltas[i];
        var value = sums[axis] * view.quantum[axis];
        values[i] = (axis === 0 ? view.xscale : view.yscale) === "log" ? Math.pow(10, value) : value;
      }
      return values;
    }

    function drawLayer(layer, view, parent) {
      var values = decode(layer, view), kind = layer[0], style = layer[1], count = layer[3];
      var css = "lnn-s-" + style;
      if (kind === "bars") {
        var base = y(view.yscale === "log" ? view.ylim[0] : Math.max(view.ylim[0], 0));
        values.forEach(function (value, i) {
          var width = 0.7 * Math.abs(x(i + 0.5) - x(i - 0.5)), top = y(value);
          svg("rect", { "class": css, "data-role": "bar", "data-style": style, x: (x(i) - width / 2).toFixed(1),
                        y: Math.min(top, base).toFixed(1), width: width.toFixed(1),
                        height: Math.abs(base - top).toFixed(1) }, parent);
        });
        return;
      }
      var n = values.length / 2;
      if (count !== null) n = Math.min(n, count);
      var pixels = [];
      for (var i = 0; i < n; i++) pixels.push([x(values[2 * i]).toFixed(1), y(values[2 * i + 1]).toFixed(1)]);
      if (kind === "line") {
        svg("polyline", { "class": css, "data-style": style,
                          points: pixels.map(function (p) { return p.join(","); }).join(" ") }, parent);
      }
      if (kind === "points" || style === "path") {
        var radius = { path: 3, start: 6, target: 6 }[style] || 4;
        pixels.forEach(function (p) {
          svg("circle", { "class": css, "data-style": style, cx: p[0], cy: p[1], r: radius }, parent);
        });
      }
    }

    function query() {
      return controls.map(function (c, i) {
        return encodeURIComponent(name + "." + c.key) + "=" + encodeURIComponent(c.tokens[state[i]]);
      }).join("&");
    }

    function render() {
      var frame = spec.frames[state.join(".")]; // [view index, verdict, caption, layers]
      var view = spec.views[frame[0]];
      if (frame[0] !== shownView) { drawAxes(view); shownView = frame[0]; }
      data.textContent = "";
      frame[3].forEach(function (layer) { drawLayer(layer, view, data); });
      var settings = controls.map(function (c, i) {
        var label = say(c.labels[state[i]]);
        inputs[i].value = String(state[i]);
        if (outputs[i]) { outputs[i].textContent = label; inputs[i].setAttribute("aria-valuetext", label); }
        return say(c.label) + " " + label;
      });
      var words = say(spec.verdicts[frame[1]]) || frame[1];
      verdict.textContent = words;
      verdict.setAttribute("data-verdict", frame[1]);
      var sentence = say(frame[2], spec.texts);
      caption.textContent = sentence;
      var description = [say(spec.title) + ": " + settings.join(", ") + ".", words ? words + "." : "", sentence]
        .filter(Boolean).join(" ");
      figure.setAttribute("aria-label", description);
      title.textContent = description;
      root.setAttribute("data-state", query());
    }

    function link() { // the page's URL with this explorer's state in its query, other parameters kept
      var url = new URL(window.location.href);
      controls.forEach(function (c, i) { url.searchParams.set(name + "." + c.key, c.tokens[state[i]]); });
      permalink.setAttribute("href", "?" + url.searchParams.toString() + "#" + root.id); // lands on the explorer
      return url;
    }

    var pending = null;
    function remember() { // the address bar follows the controls (debounced), without a reload or a request
      var url = link();
      if (pending !== null) window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        pending = null;
        try { window.history.replaceState(window.history.state, "", url.href); } catch (error) { /* file: pages */ }
      }, 100);
    }

    inputs.forEach(function (input, i) {
      function changed() {
        var index = parseInt(input.value, 10);
        if (isNaN(index) || index === state[i]) return;
        state[i] = index;
        render();
        remember();
      }
      input.addEventListener("input", changed);
      input.addEventListener("change", changed);
    });
    render();
    link();
    var box = root.querySelector("[data-role=figure-box]");
    var hint = root.querySelector("[data-role=scroll-hint]");
    if (box && hint) { // a plot wider than its box scrolls, and says so (scroll_box.js)
      if (spec.ui && spec.ui.scroll) hint.textContent = say(spec.ui.scroll);
      window.lnnScrollBox(box, hint);
    }
    root.setAttribute("data-ready", "true");
  }

  function translate(root, spec) { // the fixed texts, in the page's language (the frame's follow in render)
    root.querySelector(".lnn-title").textContent = say(spec.title);
    spec.controls.forEach(function (c) {
      var control = root.querySelector("[data-control='" + c.key + "']");
      var label = root.querySelector("label[for='" + control.id + "']");
      if (label) label.textContent = say(c.label);
      if (control.tagName === "SELECT") {
        Array.prototype.forEach.call(control.options, function (option, i) { option.textContent = say(c.labels[i]); });
      }
    });
    if (spec.ui) root.querySelector("a[data-role=permalink]").textContent = say(spec.ui.permalink);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".lnn-explorer"), mount);
})();
