/**
 * The persistent rewrite cache (cache.ts) as the Node loader, the Vite / Rollup / webpack / Rspack plugin and
 * `ts-observed/loader` use it: one {@link RewriteCache} per directory and salt in this thread, and after each
 * fresh rewrite, the parser's V8 code cache written once parses pause. (The esbuild plugin drives the cache
 * itself: it also keeps rewrites in memory across rebuilds, and avoids loading the rewriter when every file is
 * a hit.)
 */
import { PARSE, rewrite, withoutParsing, type RewriteResult } from "../rewrite.js";
import { RewriteCache, rewriteCacheSalt } from "./cache.js";
import { saveParserCodeCache, stripQuery, useParserCodeCache } from "./parse.js";
import type { PluginSettings } from "./settings.js";

/**
 * {@link rewrite} of a file (`id` may carry a query) in the shape a caller hands on (`output`, JSON data), through
 * the persistent cache of `settings.cacheDir` when the file needs parsing: a later build, dev-server start, test
 * run or loader run of an unchanged tagged file neither loads the parser nor parses. A file left alone without
 * parsing never touches the cache. Keyed by the path without its query (`?v=…` in a dev server): the rewrite
 * does not depend on it, and one entry per query would pile up.
 */
export function cachedRewrite<T>(text: string, id: string, settings: PluginSettings, shape: "inline" | "map", output: (result: RewriteResult | undefined) => T): T {
  const early = withoutParsing(text, id, settings);
  if (early !== PARSE) return output(early);
  return throughRewriteCache(settings.cacheDir, rewriteCacheSalt(settings, shape), stripQuery(id), text, () => output(rewrite(text, id, settings)));
}

const caches = new Map<string, RewriteCache<unknown>>();

/**
 * The value cached for `path` with this `text` under `salt` in `cacheDir`, or what `compute` returns (then
 * stored). `cacheDir` undefined: `compute`, without a cache. `compute` must return JSON-serializable data,
 * and `salt` must tell apart every setting, and every shape of value, that `compute` depends on besides the
 * text and ts-observed's own code.
 */
function throughRewriteCache<T>(cacheDir: string | undefined, salt: string, path: string, text: string, compute: () => T): T {
  useParserCodeCache(cacheDir);
  if (cacheDir === undefined) return compute();
  const id = `${cacheDir}\0${salt}`;
  let cache = caches.get(id) as RewriteCache<T> | undefined;
  if (cache === undefined) caches.set(id, (cache = new RewriteCache<T>(cacheDir, salt)));
  const hit = cache.get(path, text);
  if (hit !== undefined) return hit.value;
  const value = compute();
  cache.set(path, text, value);
  saveCodeCacheSoon();
  return value;
}

let saveTimer: NodeJS.Timeout | undefined;

/**
 * Writes the parser's V8 code cache (parse.ts) once files stop needing a parse for a moment, so that the
 * functions the parses compiled are in it: a loader or a dev server has no end of build to wait for. An
 * unref'd timer: a process that ends sooner leaves it unwritten (the next process that parses compiles the
 * parser from source and tries again); it never holds a process open. Nothing is written when the parser
 * was loaded from a usable code cache already, or was never loaded (every file a hit).
 */
function saveCodeCacheSoon(): void {
  if (saveTimer !== undefined) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveParserCodeCache(), 100);
  saveTimer.unref();
}
