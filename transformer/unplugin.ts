/**
 * The one unplugin core behind `ts-observed/vite`, `/rollup`, `/webpack` and `/rspack`: a `transform` that
 * runs first (`enforce: "pre"`, so Vite runs it before its esbuild TypeScript transform) on the original
 * source. Bundlers compose the returned hires map with the maps of later transforms (and unplugin merges it
 * with a webpack loader's input map).
 */
import { createUnplugin, type UnpluginBuildContext, type UnpluginContext, type UnpluginInstance, type UnpluginMessage } from "unplugin";
import { COMPONENT_FILE } from "./rewrite/component-files.js";
import { formatMessage, formatWithFrame, type LocatedMessage } from "./rewrite/diagnostics.js";
import { rewriteToMap } from "./rewrite/map-output.js";
import { stripQuery } from "./rewrite/parse.js";
import { resolveSettings, type PluginSettings } from "./rewrite/settings.js";
import type { ObservedPluginOptions } from "./plugin-options.js";
import { warnOnTypeCheckingLoader } from "./rewrite/type-checking-loaders.js";

const SOURCE_PATH = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIPPED_QUERY = /[?&](?:raw|url|inline|worker|sharedworker)\b/;

/** The unplugin instance; each adapter exports one of its bundler-specific factories. */
export const unpluginObserved: UnpluginInstance<ObservedPluginOptions | undefined, false> = createUnplugin(
  (options: ObservedPluginOptions | undefined, meta) => {
    const report = meta.framework === "webpack" || meta.framework === "rspack" ? reportToWebpack : reportToRollup;
    // Resolved on first use, once the bundler said where its root is (Vite's `root`, webpack's `context`).
    let root = process.cwd();
    let settings: PluginSettings | undefined;
    const current = (): PluginSettings => (settings ??= resolveSettings(options ?? {}, root));
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
        warnOnTypeCheckingLoader(compiler);
      },
      rspack(compiler) {
        root = compiler.options.context ?? root;
        warnOnTypeCheckingLoader(compiler);
      },
      transformInclude(id: string): boolean {
        // Virtual modules (`\0…`) have no file; `?raw`, `?url`, `?worker` imports are not code to observe.
        if (id.startsWith("\0") || SKIPPED_QUERY.test(id)) return false;
        try {
          const path = stripQuery(id);
          return current().enabled && (SOURCE_PATH.test(path) || COMPONENT_FILE.test(path));
        } catch {
          // A bad configuration: `transform` throws it, where every bundler reports it. webpack calls this hook
          // where a throw is not caught: it crashed the process after the build had reported the error.
          return SOURCE_PATH.test(stripQuery(id));
        }
      },
      transform: {
        // Before every other plugin's transform, wherever the plugin is listed (Vite, Rollup): the rewrite must
        // see the source as written. `enforce: "pre"` is not enough: @vitejs/plugin-react is too, and listed
        // first its Fast Refresh transform (dev server) writes statements between a doc comment and its function.
        order: "pre",
        handler(code: string, id: string) {
          const output = rewriteToMap(code, id, current());
          if (output === null) return null;
          if (output.messages.length > 0) report(this, output.messages);
          return output.map === null ? null : { code: output.code, map: output.map };
        },
      },
    };
  },
);

export type { ObservedPluginOptions };

type Context = UnpluginBuildContext & UnpluginContext;
/** Rollup's and Vite's `this.error` / `this.warn` take a position: 1-based line, 0-based column (unplugin's types omit it). */
type RollupReport = (log: UnpluginMessage, position: { line: number; column: number }) => void;

/**
 * Rollup, Vite (and Rolldown): the text is `TSO1003: message`, the location is the position argument, from
 * which the bundler sets `loc` (its 1-based line, 0-based column) and `frame` (the source lines, a caret under
 * the tag) and prints them its own way — for a warning `[plugin ts-observed] src/bad.ts (1:14): TSO1006: …`,
 * for an error (Vite) `[ts-observed] TSO1003: …`, `file: /…/src/bad.ts:1:14` and the frame. An error is an
 * Error: Rollup then keeps its message as is (a plain object gets `[plugin ts-observed] file (line:column): `
 * prepended, to which Vite and Rollup's CLI add their own plugin prefix again). Its stack, ts-observed's own
 * frames, is left out. Rollup's `error` throws: the file's further errors go in the same message, each with
 * its position in Rollup's form, `(line:column)`.
 */
function reportToRollup(context: Context, messages: readonly LocatedMessage[]): void {
  const position = (m: LocatedMessage) => ({ line: m.line, column: m.column - 1 });
  for (const m of messages) {
    if (m.category === "warning") (context.warn as RollupReport)({ message: formatMessage(m), id: m.file, code: m.code }, position(m));
  }
  const [first, ...more] = messages.filter((m) => m.category === "error");
  if (first === undefined) return;
  const text = [formatMessage(first), ...more.map((m) => `(${m.line}:${m.column - 1}): ${formatMessage(m)}`)].join("\n");
  const error = Object.assign(new Error(text), { id: first.file, code: first.code });
  error.stack = `Error: ${text}\n`;
  (context.error as RollupReport)(error, position(first));
}

/**
 * webpack and Rspack: unplugin turns `this.error` / `this.warn` into the loader's `emitError` / `emitWarning`
 * with the message text only (no location field reaches the stats), printed under `ERROR in ./src/bad.ts`
 * (`WARNING in …`). So the text carries the location, as the tsc path and the Node loader print it
 * (`/…/src/bad.ts:1:15 - TSO1003: …`, 1-based line and column), and the source line with a caret under the
 * tag. Neither throws: each problem is its own error or warning.
 */
function reportToWebpack(context: Context, messages: readonly LocatedMessage[]): void {
  for (const m of messages) {
    const message = formatWithFrame(m);
    if (m.category === "warning") context.warn({ message });
    else context.error({ message });
  }
}
