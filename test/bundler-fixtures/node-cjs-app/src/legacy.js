// Tagged CommonJS JavaScript: rewritten (no types to strip).

/** @observed legacy */
function shout(text) {
  return text.toUpperCase() + "!";
}

module.exports = { shout };
