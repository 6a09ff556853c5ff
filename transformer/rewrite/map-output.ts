/**
 * A rewrite as the Vite / Rollup / webpack / Rspack plugin (unplugin.ts) and the webpack-style loader
 * (loader.ts) hand it to their host, and as the persistent rewrite cache keeps it (JSON): the text and its
 * source map apart (hosts compose the map with their own), and the diagnostics located in the source.
 */
import type { RewriteResult } from "../rewrite.js";
import { cachedRewrite } from "./cached.js";
import { locate, type LocatedMessage } from "./diagnostics.js";
import type { RewriteSourceMap } from "./emit.js";
import { stripQuery } from "./parse.js";
import type { PluginSettings } from "./settings.js";

/** A rewrite with its map as plain data. */
export interface MapOutput {
  code: string;
  /** The map (null: the file is left as it is, only its messages are reported). */
  map: Omit<RewriteSourceMap, "toString" | "toUrl"> | null;
  messages: LocatedMessage[];
}

/**
 * The rewrite of a file (`id` may carry a query), through the persistent rewrite cache (`settings.cacheDir`)
 * when it needs parsing: a later build, dev-server start or test run of an unchanged tagged file neither loads
 * the parser nor parses. Null: nothing to do. (A framework component (.vue, .svelte, .astro) is never
 * rewritten: only a tag in it is warned about.)
 */
export function rewriteToMap(code: string, id: string, settings: PluginSettings): MapOutput | null {
  return cachedRewrite(code, id, settings, "map", (result) => mapOutput(result, id, code));
}

function mapOutput(result: RewriteResult | undefined, id: string, code: string): MapOutput | null {
  if (result === undefined) return null;
  const { map } = result;
  return {
    code: result.code,
    map: map === undefined ? null : { version: map.version, file: map.file, sources: map.sources, sourcesContent: map.sourcesContent, names: map.names, mappings: map.mappings },
    messages: locate(result.diagnostics, stripQuery(id), code),
  };
}
