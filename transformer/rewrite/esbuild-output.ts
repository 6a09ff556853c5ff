/**
 * What the esbuild plugin makes of a file it rewrites. Its own module, loaded by the plugin with the first file
 * that misses the rewrite cache: a build whose tagged files are all in the cache loads neither this, nor the
 * rewriter, the analysis, magic-string or TypeScript.
 */
import { rewrite, type RewriteSettings } from "../rewrite.js";
import { locate, type LocatedMessage } from "./diagnostics.js";
import { saveParserCodeCache, useParserCodeCache } from "./parse.js";
import { inlineSourceMapComment } from "./source-map.js";

export { saveParserCodeCache };

/** A rewrite as the plugin returns it and keeps it in the persistent cache (JSON). */
export interface Rewritten {
  /** The rewritten text with its inline source map; null: the file is loaded as it is (diagnostics only). */
  contents: string | null;
  messages: LocatedMessage[];
}

/**
 * Rewrites one file; null when it has nothing to observe and nothing to report. `codeCacheDir`: where the
 * parser's V8 code cache is, if TypeScript is still to be loaded (parse.ts).
 */
export function rewriteForEsbuild(path: string, text: string, settings: RewriteSettings, codeCacheDir: string | undefined): Rewritten | null {
  useParserCodeCache(codeCacheDir);
  const result = rewrite(text, path, settings);
  if (result === undefined) return null;
  return {
    contents: result.map === undefined ? null : result.code + inlineSourceMapComment(result.map),
    messages: locate(result.diagnostics, path, text),
  };
}
