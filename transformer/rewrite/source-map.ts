import type { RewriteSourceMap } from "./emit.js";

/**
 * A `//# sourceMappingURL=data:` comment carrying `map`. esbuild (build and transform) and Node read such a
 * comment in their input and chain it, so their output maps back to the original source.
 *
 * Encoded with `Buffer`, not magic-string's `toUrl()`: that one goes through `btoa(unescape(encodeURIComponent(…)))`,
 * and Node 20's `btoa` is a JavaScript loop — several times slower on a map that holds the whole source.
 */
export function inlineSourceMapComment(map: RewriteSourceMap): string {
  const base64 = Buffer.from(map.toString(), "utf8").toString("base64");
  return `\n${INLINE_MAP_PREFIX}${base64}\n`;
}

/**
 * The start of an inline source map comment, spelt so that ts-observed's own built files hold no
 * `//# sourceMappingURL=` text: tools that look for one in a file (Vite, when it loads this module for a
 * test) found this one first and failed on the template after it.
 */
export const INLINE_MAP_PREFIX = ["//#", "sourceMappingURL=data:application/json;charset=utf-8;base64,"].join(" ");
