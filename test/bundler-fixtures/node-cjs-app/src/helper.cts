// CommonJS written as such in TypeScript.
const { scale } = require("./lib.ts") as typeof import("./lib.ts");

/** @observed */
function total(values: number[]): number {
  return values.reduce((sum, v) => sum + scale(v, 1), 0);
}

module.exports = { total };
