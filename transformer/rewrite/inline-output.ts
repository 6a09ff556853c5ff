/**
 * A rewrite as the esbuild plugin and the Node loader use it, and as the persistent rewrite cache keeps it
 * (JSON): the rewritten text with its inline source map, and the diagnostics located in the source. Its own
 * module, loaded by the esbuild plugin with the first file that misses the cache: a build whose tagged files
 * are all in the cache loads neither this, nor the rewriter, the analysis, magic-string or the parser.
 */
import { rewrite, type RewriteResult, type RewriteSettings } from "../rewrite.js";
import { locate, type LocatedMessage } from "./diagnostics.js";
import { saveParserCodeCache, useParserCodeCache } from "./parse.js";
import { inlineSourceMapComment } from "./source-map.js";

export { saveParserCodeCache };

/** A rewrite with its inline source map and located messages. */
export interface Rewritten {
  /** The rewritten text with its inline source map; null: the file is loaded as it is (diagnostics only). */
  contents: string | null;
  messages: LocatedMessage[];
}

/**
 * Rewrites one file; null when it has nothing to observe and nothing to report. `codeCacheDir`: where the
 * parser's V8 code cache is, if the parser is still to be loaded (parse.ts).
 */
export function rewriteInline(path: string, text: string, settings: RewriteSettings, codeCacheDir: string | undefined): Rewritten | null {
  useParserCodeCache(codeCacheDir);
  return inlineOutput(rewrite(text, path, settings), path, text);
}

/** {@link Rewritten} of a rewrite result (null for undefined: nothing to do). */
export function inlineOutput(result: RewriteResult | undefined, path: string, text: string): Rewritten | null {
  if (result === undefined) return null;
  return {
    contents: result.map === undefined ? null : result.code + inlineSourceMapComment(result.map),
    messages: locate(result.diagnostics, path, text),
  };
}
