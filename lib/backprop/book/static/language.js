/* The book's languages in its kernel-free views (explorers, players, answer boxes). A text in a
   view's data is a string (the same in every language) or {language: text}; the page's <html lang>
   picks the language (the Korean edition's pages say "ko"), English where a text has no other.
   Inlined before each view's own script (backprop.book.assets.view_scripts); defines lnnSay once. */
window.lnnSay = window.lnnSay || (function () {
  "use strict";
  var language = (document.documentElement.lang || "en").slice(0, 2);
  return function (text) {
    if (text === null || text === undefined || typeof text === "string") return text || "";
    return text[language] !== undefined ? text[language] : text.en;
  };
})();
