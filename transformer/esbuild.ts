/**
 * `ts-observed/esbuild`: an esbuild plugin that rewrites tagged functions before esbuild strips types.
 * esbuild has no transform hook, so this is an `onLoad`; it returns `undefined` for every file it leaves
 * alone so that other plugins and esbuild's own loader still run. The rewritten contents carry an inline
 * source map, which esbuild chains: the bundle's map points at the original source. Rewrites are kept on
 * disk (rewrite/cache.ts): a fresh build of unchanged tagged files loads no TypeScript and parses nothing.
 */
import { dirname, extname } from "node:path";
import type { Loader, OnLoadResult, PartialMessage, Plugin } from "esbuild";
import { inScope, rewrite } from "./rewrite.js";
import { RewriteCache } from "./rewrite/cache.js";
import { readBytesShared } from "./rewrite/read-bytes.js";
import { locate, type LocatedMessage } from "./rewrite/diagnostics.js";
import { inlineSourceMapComment } from "./rewrite/source-map.js";
import { resolveSettings, type ObservedPluginOptions } from "./rewrite/settings.js";

/** Files the plugin looks at. */
const SOURCE_FILTER = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const DEFAULT_LOADERS: Record<string, Loader> = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx",
  ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx",
};

/** What the plugin makes of a file it rewrites, as kept in the persistent cache (JSON). */
interface Rewritten {
  /** The rewritten text with its inline source map; null: the file is loaded as it is (diagnostics only). */
  contents: string | null;
  messages: LocatedMessage[];
}

/** Creates the esbuild plugin; options override `ts-patch.config.json` at the project root. */
export function observed(options: ObservedPluginOptions = {}): Plugin {
  return {
    name: "ts-observed",
    setup(build) {
      const settings = resolveSettings(options, build.initialOptions.absWorkingDir ?? process.cwd());
      if (!settings.enabled) return;
      const loaders = build.initialOptions.loader ?? {};
      const marker = Buffer.from("@" + settings.tag);
      // Created with the first file to rewrite: a build without tags does not even compute its fingerprint.
      let cache: RewriteCache<Rewritten | null> | undefined;
      const cacheSalt = JSON.stringify([settings.tag, settings.runtime, settings.observeAll, settings.projectRoot, settings.format]);
      // Rebuilds of one esbuild context (watch mode, `context.rebuild()`) reuse the rewrite of an unchanged
      // file: its bytes are compared, not its timestamp.
      const rewritten = new Map<string, { bytes: Buffer; result: OnLoadResult | undefined }>();
      // Synchronous on purpose: a small file is read in microseconds, an async read costs four thread-pool
      // round trips; esbuild works on in its own process meanwhile.
      build.onLoad({ filter: SOURCE_FILTER, namespace: "file" }, (args): OnLoadResult | undefined => {
        const shared = readBytesShared(args.path);
        // The one substring search, on the bytes: most files are never decoded.
        if (settings.observeAll === false && !shared.includes(marker)) return undefined;
        const kept = rewritten.get(args.path);
        if (kept !== undefined && kept.bytes.equals(shared)) return kept.result;
        const bytes = Buffer.from(shared); // the shared buffer is overwritten by the next read
        const result = load(args.path, bytes.toString("utf8"));
        rewritten.set(args.path, { bytes, result });
        return result;
      });

      function load(path: string, text: string): OnLoadResult | undefined {
        if (!inScope(path, settings)) return undefined;
        if (settings.cacheDir !== undefined) cache ??= new RewriteCache(settings.cacheDir, cacheSalt);
        const hit = cache?.get(path, text);
        const output = hit !== undefined ? hit.value : rewriteFile(path, text);
        if (hit === undefined) cache?.set(path, text, output);
        if (output === null) return undefined;
        const ext = extname(path);
        return {
          contents: output.contents ?? text,
          loader: loaders[ext] ?? DEFAULT_LOADERS[ext] ?? "default",
          resolveDir: dirname(path),
          errors: output.messages.filter((m) => m.category === "error").map(toEsbuild),
          warnings: output.messages.filter((m) => m.category === "warning").map(toEsbuild),
        };
      }

      function rewriteFile(path: string, text: string): Rewritten | null {
        const result = rewrite(text, path, settings);
        if (result === undefined) return null;
        return {
          contents: result.map === undefined ? null : result.code + inlineSourceMapComment(result.map),
          messages: locate(result.diagnostics, path, text),
        };
      }
    },
  };
}

export default observed;
export type { ObservedPluginOptions };

function toEsbuild(m: LocatedMessage): PartialMessage {
  return {
    id: m.code,
    pluginName: "ts-observed",
    text: `${m.code}: ${m.message}`,
    // esbuild columns are 0-based.
    location: { file: m.file, line: m.line, column: m.column - 1, length: m.length, lineText: m.lineText },
  };
}
