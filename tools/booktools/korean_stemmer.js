// The Korean edition's search stemmer: the query's words as booktools/korean_search.py stems the
// index's (korean_stem), in lower case, without a trailing particle if the word is Korean and two
// syllables remain. Sphinx writes it into language_data.js after `var KoreanParticles = [...]`, the
// Python stemmer's own list, so both strip the same particles.
var Stemmer = function () {
  this.stemWord = function (word) {
    word = word.toLowerCase();
    var hangul = /[\uac00-\ud7a3]/;
    if (!hangul.test(word.slice(-1))) return word;
    for (var i = 0; i < KoreanParticles.length; i++) {
      var particle = KoreanParticles[i], stem = word.slice(0, word.length - particle.length);
      if (word.slice(-particle.length) === particle && stem.length >= 2 && hangul.test(stem.slice(-1))) return stem;
    }
    return word;
  };
};
