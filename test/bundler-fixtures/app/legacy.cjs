// A CommonJS file with a tag: the rewriter requires the runtime instead of importing it.
"use strict";

/** @observed legacy */
function legacyTotal(prices) {
  return prices.reduce((a, b) => a + b, 0);
}

module.exports = { legacyTotal };
