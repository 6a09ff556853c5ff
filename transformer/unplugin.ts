/**
 * The one unplugin core behind `ts-observed/vite`, `/rollup`, `/webpack` and `/rspack`: a `transform` that
 * runs first (`enforce: "pre"`, so Vite runs it before its esbuild TypeScript transform) on the original
 * source. Bundlers compose the returned hires map with the maps of later transforms (and unplugin merges it
 * with a webpack loader's input map).
 */
import { createUnplugin, type UnpluginInstance, type UnpluginMessage } from "unplugin";
import { rewrite, type RewriteSettings } from "./rewrite.js";
import { formatMessage, locate, type LocatedMessage } from "./rewrite/diagnostics.js";
import { stripQuery } from "./rewrite/parse.js";
import { resolveSettings, type ObservedPluginOptions } from "./rewrite/settings.js";

const SOURCE_PATH = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_QUERY = /[?&](?:raw|url|inline|worker|sharedworker)\b/;

/** The unplugin instance; each adapter exports one of its bundler-specific factories. */
export const unpluginObserved: UnpluginInstance<ObservedPluginOptions | undefined, false> = createUnplugin(
  (options: ObservedPluginOptions | undefined) => {
    // Resolved on first use, once the bundler said where its root is (Vite's `root`, webpack's `context`).
    let root = process.cwd();
    let settings: RewriteSettings | undefined;
    const current = (): RewriteSettings => (settings ??= resolveSettings(options ?? {}, root));
    return {
      name: "ts-observed",
      enforce: "pre",
      buildStart() {
        current();
      },
      vite: {
        configResolved(config) {
          root = config.root;
        },
      },
      webpack(compiler) {
        root = compiler.options.context ?? root;
      },
      rspack(compiler) {
        root = compiler.options.context ?? root;
      },
      transformInclude(id: string): boolean {
        // Virtual modules (`\0…`) have no file; `?raw`, `?url`, `?worker` imports are not code to observe.
        if (id.startsWith("\0") || SKIPPED_QUERY.test(id)) return false;
        try {
          return current().enabled && SOURCE_PATH.test(stripQuery(id));
        } catch {
          // A bad configuration: `transform` throws it, where every bundler reports it. webpack calls this hook
          // where a throw is not caught: it crashed the process after the build had reported the error.
          return SOURCE_PATH.test(stripQuery(id));
        }
      },
      transform(code: string, id: string) {
        const result = rewrite(code, id, current());
        if (result === undefined) return null;
        const messages = locate(result.diagnostics, stripQuery(id), code);
        for (const m of messages) if (m.category === "warning") this.warn(toUnplugin(m));
        const errors = messages.filter((m) => m.category === "error");
        // Rollup's `error` throws: report every error of the file in one message, located at the first.
        const first = errors[0];
        if (first !== undefined) this.error({ ...toUnplugin(first), message: errors.map(formatLocated).join("\n") });
        if (result.map === undefined) return null;
        return { code: result.code, map: result.map };
      },
    };
  },
);

export type { ObservedPluginOptions };

function toUnplugin(m: LocatedMessage): UnpluginMessage {
  // Rollup and Vite columns are 0-based.
  return { message: formatMessage(m), id: m.file, code: m.code, loc: { file: m.file, line: m.line, column: m.column - 1 } };
}

function formatLocated(m: LocatedMessage): string {
  return `${m.file}:${m.line}:${m.column} - ${formatMessage(m)}`;
}
