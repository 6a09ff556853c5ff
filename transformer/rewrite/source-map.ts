import type { RewriteSourceMap } from "./emit.js";

/**
 * A `//# sourceMappingURL=data:` comment carrying `map`. esbuild (build and transform) and Node read such a
 * comment in their input and chain it, so their output maps back to the original source.
 */
export function inlineSourceMapComment(map: RewriteSourceMap): string {
  return `\n//# sourceMappingURL=${map.toUrl()}\n`;
}
