/**
 * `ts-observed/loader`: the rewriter as a webpack-style loader, for hosts that take loaders but not webpack
 * plugins — Turbopack (`turbopack.rules` in next.config), or a webpack/Rspack rule written by hand. The
 * `ts-observed/webpack` and `/rspack` plugins add the same rewrite themselves; use one or the other.
 * Options (the rule's `options`) are those of the plugins; the project root is the host's `rootContext`.
 * Errors fail the module with their location; warnings are the module's warnings. Rewrites go through the
 * persistent rewrite cache (the `cache` option), as the plugins' do.
 */
import { formatWithFrame } from "./rewrite/diagnostics.js";
import { rewriteToMap } from "./rewrite/map-output.js";
import { resolveSettings, type PluginSettings } from "./rewrite/settings.js";
import type { ObservedPluginOptions } from "./plugin-options.js";

/** A version 3 source map, as a loader passes it on (the rewrite's hires map). */
export interface LoaderSourceMap {
  /** Always 3. */
  version: number;
  /** The original file. */
  sources: string[];
  /** Identifier names referenced by the mappings. */
  names: string[];
  /** The VLQ-encoded mappings. */
  mappings: string;
}

/** What the loader uses of a webpack / Rspack / Turbopack loader context. */
export interface LoaderContextLike {
  /** The file being loaded. */
  readonly resourcePath: string;
  /** Its query (`?raw`, …), if any. */
  readonly resourceQuery?: string;
  /** The project root (webpack's `context`, Next's project folder). */
  readonly rootContext?: string;
  /** The rule's options. */
  getOptions?(): unknown;
  /** Adds a warning to the module (shown with the build's warnings). */
  emitWarning(warning: Error): void;
  /** Makes the loader asynchronous; the returned callback takes the error, or the code and its source map. */
  async(): (error: Error | null, content?: string, map?: LoaderSourceMap) => void;
}

// Settings are resolved once per root and options (reading ts-patch.config.json), not once per file.
const settingsCache = new Map<string, PluginSettings>();

/** The loader: rewrites tagged functions of one TypeScript or JavaScript module. */
export default function observedLoader(this: LoaderContextLike, source: string): void {
  const callback = this.async();
  try {
    const options = (this.getOptions?.() ?? {}) as ObservedPluginOptions;
    const root = this.rootContext ?? process.cwd();
    const key = `${root}\0${JSON.stringify(options)}`;
    let settings = settingsCache.get(key);
    if (settings === undefined) settingsCache.set(key, (settings = resolveSettings(options, root)));
    const output = rewriteToMap(source, this.resourcePath + (this.resourceQuery ?? ""), settings);
    if (output === null) return callback(null, source);
    for (const m of output.messages) if (m.category === "warning") this.emitWarning(new Error(formatWithFrame(m)));
    const errors = output.messages.filter((m) => m.category === "error");
    if (errors.length > 0) return callback(Object.assign(new Error(errors.map(formatWithFrame).join("\n\n")), { stack: "" }));
    callback(null, output.code, output.map ?? undefined);
  } catch (error) {
    callback(error as Error);
  }
}
