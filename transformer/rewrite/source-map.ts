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
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}\n`;
}
