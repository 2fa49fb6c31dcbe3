/* The book's languages in its kernel-free views (explorers, players, answer boxes). A text in a
   view's data is a string (the same in every language), {language: text}, or (an explorer's
   caption) [template index, {field: text}], filled in from the view's `table` of templates as
   Python's str.format fills {name} (backprop.book.explorer_payload.encode_text); the page's
   <html lang> picks the language (the Korean edition's pages say "ko"), English where a text has
   no other. Inlined before each view's own script (backprop.book.assets.view_scripts); defines
   lnnSay once. */
window.lnnSay = window.lnnSay || (function () {
  "use strict";
  var language = (document.documentElement.lang || "en").slice(0, 2);
  function say(text, table) {
    if (text === null || text === undefined || typeof text === "string") return text || "";
    if (Array.isArray(text)) {
      var fields = text[1];
      return say(table[text[0]]).replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, function (match, name) {
        return match === "{{" ? "{" : match === "}}" ? "}" : say(fields[name], table);
      });
    }
    return text[language] !== undefined ? text[language] : text.en;
  }
  return say;
})();
