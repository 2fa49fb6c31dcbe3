// Learning Neural Nets: an exercise's verdict on what a reader typed, from the exercise's data.
// The same evaluator as backprop.book.exercise_verdicts.evaluate, line for line: the kernel's checker and
// the page's answer box say the same words for the same input (tests/book/test_exercises.py runs
// both on the same generated answers). Loads in a page (window.lnnExercise) and under node.
(function (root) {
  "use strict";
  const NUMBER = "(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?";
  const NUMBER_AT = new RegExp(NUMBER, "y");
  const GROUPED = /^[+-]?[0-9]{1,3}(?:[, ][0-9]{3})+$/;
  const NAME_SEPARATORS = /[ \t\r\n,;>\u2192\[\]"'-]+/;
  const FIELD_SEPARATOR = "\n";
  const LANGUAGES = ["en", "ko"];

  const finite = (value) => (value !== null && Number.isFinite(value) ? value : null);
  const power = (base, exponent) => finite(Math.pow(base, exponent));
  const strip = (text) => text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");

  function tokenize(text) {
    const tokens = [];
    let i = 0;
    while (i < text.length) {
      if (text[i] === " ") {
        i += 1;
        continue;
      }
      NUMBER_AT.lastIndex = i;
      const match = NUMBER_AT.exec(text);
      if (match) {
        tokens.push(Number(match[0]));
        i = NUMBER_AT.lastIndex;
      } else if (text.startsWith("**", i)) {
        tokens.push("^");
        i += 2;
      } else if ("+-*/^()".includes(text[i])) {
        tokens.push(text[i]);
        i += 1;
      } else {
        return null;
      }
    }
    return tokens;
  }

  function parseNumber(raw) {
    let text = raw.normalize("NFKC");
    for (const [sign, ascii] of [["\u2212", "-"], ["\u00d7", "*"], ["\u00b7", "*"], ["\u22c5", "*"]]) {
      text = text.split(sign).join(ascii);
    }
    const tokens = tokenize(text);
    if (!tokens || tokens.length === 0) return null;
    let position = 0;
    const peek = () => (position < tokens.length ? tokens[position] : null);
    const take = () => tokens[position++];
    const takeIf = (token) => {
      if (peek() === token) {
        take();
        return true;
      }
      return false;
    };
    let expression;
    const atom = () => {
      const token = peek() !== null ? take() : null;
      if (typeof token === "number") return finite(token);
      if (token === "(") {
        const value = expression();
        return value !== null && takeIf(")") ? value : null;
      }
      return null;
    };
    let unary;
    const powerOf = () => {
      const base = atom();
      if (base === null || !takeIf("^")) return base;
      const exponent = unary();
      return exponent === null ? null : power(base, exponent);
    };
    unary = () => {
      if (peek() === "-" || peek() === "+") {
        const sign = take() === "-" ? -1.0 : 1.0;
        const value = unary();
        return value === null ? null : sign * value;
      }
      return powerOf();
    };
    const product = () => {
      let value = unary();
      while (value !== null && (peek() === "*" || peek() === "/")) {
        const operator = take();
        const right = unary();
        if (right === null || (operator === "/" && right === 0)) return null;
        value = finite(operator === "*" ? value * right : value / right);
      }
      return value;
    };
    expression = () => {
      let value = product();
      while (value !== null && (peek() === "+" || peek() === "-")) {
        const operator = take();
        const right = product();
        value = right === null ? null : finite(operator === "+" ? value + right : value - right);
      }
      return value;
    };
    const value = expression();
    return position === tokens.length ? value : null;
  }

  function formatNumber(value, digits) {
    if (value === 0) return "0";
    const [mantissaText, exponentText] = value.toExponential(digits - 1).split("e");
    const exponent = Number(exponentText);
    const minus = mantissaText.startsWith("-") ? "\u2212" : ""; // a true minus, as the text writes it
    const figures = mantissaText.replace("-", "").replace(".", "").replace(/0+$/, "") || "0";
    if (exponent >= -4 && exponent < 6) {
      let whole;
      let fraction;
      if (exponent >= 0) {
        whole = figures.slice(0, exponent + 1).padEnd(exponent + 1, "0");
        fraction = figures.slice(exponent + 1);
      } else {
        whole = "0";
        fraction = "0".repeat(-exponent - 1) + figures;
      }
      return minus + whole + (fraction ? "." + fraction : "");
    }
    const mantissa = figures[0] + (figures.length > 1 ? "." + figures.slice(1) : "");
    return `${minus}${mantissa}e${exponent}`;
  }

  function evaluateFormula(tree, x) {
    if (tree === "x") return x;
    if (typeof tree === "number") return tree;
    const [op, left, right] = tree;
    const a = evaluateFormula(left, x);
    const b = evaluateFormula(right, x);
    if (a === null || b === null) return null;
    if (op === "+") return finite(a + b);
    if (op === "-") return finite(a - b);
    if (op === "*") return finite(a * b);
    if (op === "/") return b === 0 ? null : finite(a / b);
    return power(a, b);
  }

  function fill(template, values) {
    return template.replace(/\{([a-z]+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  }

  function optionKey(item, options) {
    const folded = item.toLowerCase();
    for (const option of options) {
      if (folded === option.key.toLowerCase()) return option.key;
      if (Object.values(option.label).some((label) => folded === label.toLowerCase())) return option.key;
    }
    const value = parseNumber(item);
    for (const option of options) {
      if (value !== null && parseNumber(option.key) === value) return option.key;
    }
    return null;
  }

  const sameList = (a, b) => a.length === b.length && a.every((item, i) => item === b[i]);

  function ruleHolds(when, x, chosen) {
    if ("near" in when) return x !== null && Math.abs(x - when.near) <= when.tol;
    if ("between" in when) {
      const [low, high] = when.between;
      return x !== null && (low === null || x > low) && (high === null || x < high);
    }
    if ("is" in when) return chosen === when.is;
    if ("includes" in when) return chosen !== null && chosen.includes(when.includes);
    if ("equals" in when) return chosen !== null && sameList(chosen, when.equals);
    return false;
  }

  function evaluateField(spec, f, answer) {
    const values = {};
    for (const language of LANGUAGES) values[language] = { label: f.label[language] };
    const put = (fields) => {
      for (const language of LANGUAGES) {
        for (const [key, value] of Object.entries(fields)) {
          values[language][key] = typeof value === "object" ? value[language] : value;
        }
      }
    };
    const say = (key, fields = {}) => {
      put(fields);
      const message = {};
      for (const language of LANGUAGES) message[language] = fill(spec.words[key][language], values[language]);
      return message;
    };
    const ruleMessage = (rule, x) => {
      const f = rule.formula === null ? null : evaluateFormula(rule.formula, x);
      if (rule.formula !== null && f === null) return null;
      const message = {};
      for (const language of LANGUAGES) {
        message[language] = fill(rule.say[language], f === null ? values[language]
          // one digit more than an answer is checked to, so that a value just past a boundary
          // (a factor of −1.005) is not shown as on it (−1)
          : Object.assign({}, values[language], { f: formatNumber(f, 4) }));
      }
      return message;
    };

    if (answer === null || answer === undefined) return ["empty", say("empty")];
    const kind = f.kind;
    if (kind === "number" || kind === "whole") {
      const text = strip(answer);
      if (text === "") return ["empty", say("empty")];
      let normal = text.normalize("NFKC");
      if (kind === "whole" && GROUPED.test(normal)) normal = normal.replace(/[, ]/g, "");
      else if (normal.includes(",")) return ["wrong", say("comma", { x: text })];
      const x = parseNumber(normal);
      if (x === null) return ["wrong", say("malformed", { x: text })];
      put({ x: text });
      if (kind === "whole" && x !== Math.floor(x)) return ["wrong", say("whole")];
      if ((kind === "whole" && x === f.expected) || (kind === "number" && Math.abs(x - f.expected) <= f.tol)) {
        return ["right", say(kind === "whole" ? "right_whole" : "right_number",
          { digits: kind === "number" ? String(f.digits) : "" })];
      }
      for (const rule of f.rules) {
        if (ruleHolds(rule.when, x, null)) {
          const message = ruleMessage(rule, x);
          if (message !== null) return [rule.right ? "right" : "wrong", message];
        }
      }
      const expected = f.expected;
      if (expected !== 0 && x !== 0 && (x < 0) !== (expected < 0)) return ["wrong", say("sign")];
      if (expected < 0) return ["wrong", say(x > expected ? "large_negative" : "small_negative")];
      return ["wrong", say(x > expected ? "large" : "small")];
    }
    const options = f.options;
    const choices = {};
    for (const language of LANGUAGES) choices[language] = options.map((o) => o.label[language]).join(", ");
    if (kind === "choice") {
      const text = strip(answer);
      if (text === "") return ["empty", say("empty")];
      const key = optionKey(text, options);
      if (key === null) return ["wrong", say("not_option", { x: text, choices })];
      put({ x: options.find((o) => o.key === key).label });
      if (key === f.expected) return ["right", say("right_choice")];
      for (const rule of f.rules) {
        if (ruleHolds(rule.when, null, key)) return ["wrong", ruleMessage(rule, null)];
      }
      return ["wrong", say("wrong_choice")];
    }
    const items = Array.isArray(answer) ? answer.map(strip) : strip(answer).split(NAME_SEPARATORS).filter(Boolean);
    if (items.length === 0) return ["empty", say("empty")];
    if (kind === "set") {
      const keys = [];
      for (const item of items) {
        const key = optionKey(item, options);
        if (key === null) return ["wrong", say("not_option", { x: item, choices })];
        if (!keys.includes(key)) keys.push(key);
      }
      const chosen = keys.slice().sort();
      if (sameList(chosen, f.expected)) return ["right", say("right_set", { n: String(chosen.length) })];
      for (const rule of f.rules) {
        if (ruleHolds(rule.when, null, chosen)) return ["wrong", ruleMessage(rule, null)];
      }
      const extraLabels = options.filter((o) => keys.includes(o.key) && !f.expected.includes(o.key)).map((o) => o.label);
      const missing = String(f.expected.filter((key) => !keys.includes(key)).length);
      const extra = {};
      for (const language of LANGUAGES) extra[language] = extraLabels.map((label) => label[language]).join(", ");
      if (extra.en && missing !== "0") return ["wrong", say("extra_missing", { extra, missing })];
      return ["wrong", extra.en ? say("extra", { extra }) : say("missing", { missing })];
    }
    const names = options.map((o) => o.key);
    for (const item of items) {
      if (!names.includes(item)) return ["wrong", say("unknown_name", { x: item, choices: names.join(", ") })];
    }
    for (const item of items) {
      if (items.indexOf(item) !== items.lastIndexOf(item)) return ["wrong", say("repeated", { x: item })];
    }
    const leftOut = names.filter((name) => !items.includes(name));
    if (leftOut.length) return ["wrong", say("left_out", { x: leftOut.join(", ") })];
    for (const rule of f.rules) {
      if (ruleHolds(rule.when, null, items)) return ["wrong", ruleMessage(rule, null)];
    }
    for (let position = 0; position < items.length; position += 1) {
      for (const [consumer, target] of f.expected) {
        if (target === items[position] && items.indexOf(consumer) > position) {
          return ["wrong", say("too_early", { x: items[position], consumer })];
        }
      }
    }
    return ["right", say("right_order")];
  }

  function evaluate(spec, answers) {
    const results = spec.fields.map((f, i) => evaluateField(spec, f, answers[i]));
    const states = results.map(([state]) => state);
    const body = {};
    if (states.every((state) => state === "empty")) {
      const digits = spec.fields.filter((f) => f.kind === "number").map((f) => f.digits).sort((a, b) => a - b);
      for (const language of LANGUAGES) {
        body[language] = spec.words.ask[language];
        if (digits.length) body[language] += fill(spec.words.digits[language], { digits: String(digits[0]) });
      }
      return { correct: null, body };
    }
    for (const language of LANGUAGES) {
      body[language] = results.map(([, message]) => message[language]).join(FIELD_SEPARATOR);
    }
    return { correct: states.every((state) => state === "right"), body };
  }

  const api = { evaluate, parseNumber, formatNumber };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.lnnExercise = api;
})(this);
