/**
 * Collision-free emitted identifiers. Every emitted name starts with `<prefix>_`; the prefix is the first
 * of `__obs`, `__obs1`, `__obs2`, … whose `<prefix>_` occurs nowhere in the file text. Checking the raw
 * text (comments and strings included) is stricter than checking identifiers, and costs one search.
 */
import type { EmitNames } from "../plan.js";

/** Names for one file whose text is `text`. */
export function chooseNames(text: string): EmitNames {
  let prefix = "__obs";
  for (let n = 1; text.includes(prefix + "_"); n++) prefix = `__obs${n}`;
  return {
    site: `${prefix}_site`,
    bind: `${prefix}_bind`,
    ctx: `${prefix}_c`,
    err: `${prefix}_e`,
    key: `${prefix}_k`,
    sitePrefix: `${prefix}_s`,
    interestPrefix: `${prefix}_on`,
  };
}
