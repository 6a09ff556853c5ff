/**
 * `ts-observed/esbuild`: an esbuild plugin that rewrites tagged functions before esbuild strips types.
 * esbuild has no transform hook, so this is an `onLoad`; it returns `undefined` for every file it leaves
 * alone so that other plugins and esbuild's own loader still run. The rewritten contents carry an inline
 * source map, which esbuild chains: the bundle's map points at the original source. Rewrites are kept on
 * disk (rewrite/cache.ts): a fresh build of unchanged tagged files loads no parser and parses nothing.
 */
import { dirname, extname } from "node:path";
import type { Loader, OnLoadResult, PartialMessage, Plugin } from "esbuild";
import { RewriteCache, rewriteCacheSalt } from "./rewrite/cache.js";
import { locate, type LocatedMessage } from "./rewrite/diagnostics.js";
import type { Rewritten } from "./rewrite/inline-output.js";
import { nearMissNeedles } from "./analyze/near-miss.js";
import { nearMissesOnly } from "./rewrite/near-misses.js";
import { readBytesShared } from "./rewrite/read-bytes.js";
import { leftAlone } from "./rewrite/scope.js";
import { resolveSettings } from "./rewrite/settings.js";
import type { ObservedPluginOptions } from "./plugin-options.js";
import type { PlanDiagnostic } from "./plan.js";

/** Files the plugin looks at. */
const SOURCE_FILTER = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const DEFAULT_LOADERS: Record<string, Loader> = {
  ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx",
  ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx",
};

type Rewriter = typeof import("./rewrite/inline-output.js");
/**
 * The rewriter (with the analysis, magic-string and, when it parses, the parser), imported by the first file
 * that misses the cache: a build served from the cache never loads its ~30 modules. Once per process.
 */
let rewriter: Rewriter | undefined;
let rewriterLoading: Promise<Rewriter> | undefined;

/** Creates the esbuild plugin; options override `ts-patch.config.json` at the project root. */
export function observed(options: ObservedPluginOptions = {}): Plugin {
  return {
    name: "ts-observed",
    setup(build) {
      const settings = resolveSettings(options, build.initialOptions.absWorkingDir ?? process.cwd());
      if (!settings.enabled) return;
      const loaders = build.initialOptions.loader ?? {};
      const marker = Buffer.from("@" + settings.tag);
      const nearMissMarkers = nearMissNeedles(settings.tag).map((needle) => Buffer.from(needle));
      // Created with the first file to rewrite: a build without tags does not even compute its fingerprint.
      let cache: RewriteCache<Rewritten | null> | undefined;
      const cacheSalt = rewriteCacheSalt(settings, "inline");
      // Rebuilds of one esbuild context (watch mode, `context.rebuild()`) reuse the rewrite of an unchanged
      // file: its bytes are compared, not its timestamp.
      const rewritten = new Map<string, { bytes: Buffer; result: OnLoadResult | undefined | Promise<OnLoadResult | undefined> }>();
      // Synchronous on purpose: a small file is read in microseconds, an async read costs four thread-pool
      // round trips; esbuild works on in its own process meanwhile. Only the first file that misses the
      // cache waits (for the rewriter's import).
      build.onLoad({ filter: SOURCE_FILTER, namespace: "file" }, (args) => {
        const shared = readBytesShared(args.path);
        // The one substring search, on the bytes: most files are never decoded.
        if (settings.observeAll === false && !shared.includes(marker)) {
          // Then a search for near misses of the tag (`@Observed`, `@observd`): warned about, never rewritten.
          return nearMissMarkers.some((m) => shared.includes(m)) ? nearMisses(args.path, shared.toString("utf8")) : undefined;
        }
        const kept = rewritten.get(args.path);
        if (kept !== undefined && kept.bytes.equals(shared)) return kept.result;
        const bytes = Buffer.from(shared); // the shared buffer is overwritten by the next read
        const result = load(args.path, bytes.toString("utf8"));
        rewritten.set(args.path, { bytes, result });
        return result;
      });
      // The parser's V8 code cache (parse.ts) is written after the first build that loaded the parser without
      // a usable one: by then it holds the functions the parses compiled. (Rewrite entries are written as
      // they are made, rewrite/cache.ts.)
      if (settings.cacheDir !== undefined) {
        build.onEnd(async () => {
          await rewriter?.saveParserCodeCache();
        });
      }

      function load(path: string, text: string): OnLoadResult | undefined | Promise<OnLoadResult | undefined> {
        const skipped = leftAlone(path, text, settings);
        if (skipped !== undefined) return warningsOnly(skipped.diagnostics, path, text);
        if (settings.cacheDir !== undefined) cache ??= new RewriteCache(settings.cacheDir, cacheSalt);
        const hit = cache?.get(path, text);
        if (hit !== undefined) return toResult(path, text, hit.value);
        if (rewriter !== undefined) return rewriteAndStore(rewriter, path, text);
        rewriterLoading ??= import("./rewrite/inline-output.js");
        return rewriterLoading.then((loaded) => rewriteAndStore((rewriter = loaded), path, text));
      }

      function nearMisses(path: string, text: string): OnLoadResult | undefined {
        return warningsOnly(nearMissesOnly(text, path, settings), path, text);
      }

      /** A file esbuild loads itself: undefined, or only the warnings to show for it. */
      function warningsOnly(diagnostics: PlanDiagnostic[], path: string, text: string): OnLoadResult | undefined {
        return diagnostics.length === 0 ? undefined : { warnings: locate(diagnostics, path, text).map(toEsbuild) };
      }

      function rewriteAndStore(using: Rewriter, path: string, text: string): OnLoadResult | undefined {
        const output = using.rewriteInline(path, text, settings, settings.cacheDir);
        cache?.set(path, text, output);
        return toResult(path, text, output);
      }

      function toResult(path: string, text: string, output: Rewritten | null): OnLoadResult | undefined {
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
