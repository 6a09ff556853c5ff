import { analyzeOptionsOf, createFileFilter, loadConfigOrThrow, type ObservedConfig } from "../config.js";
import type { RewriteSettings } from "../rewrite.js";
import type { ModuleFormat } from "./module-format.js";

/**
 * Options of every bundler plugin and of the Node loader: the keys of `ts-patch.config.json` (which they
 * override, exactly as the tsconfig plugin entry does on the tsc path) plus where the project is.
 */
export interface ObservedPluginOptions extends Partial<ObservedConfig> {
  /** Project root: where `ts-patch.config.json` is read and what `site.file` is relative to. Default: the bundler's root or the working directory. */
  root?: string;
  /** Module syntax of the runtime import; `"auto"` (default) follows each file's own syntax. */
  format?: ModuleFormat | "auto";
}

/**
 * Reads the one config file through the tsc path's loader and applies the plugin options over it. A bad
 * key throws a `ConfigError` naming the key and the file.
 */
export function resolveSettings(options: ObservedPluginOptions, defaultRoot: string): RewriteSettings {
  const { root = defaultRoot, format = "auto", ...rest } = options;
  // `{ tag: undefined }` means "not given", not a wrong type.
  const overrides = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const config = loadConfigOrThrow(root, overrides, "plugin options");
  return {
    ...analyzeOptionsOf(config, root),
    enabled: config.enabled,
    includes: createFileFilter(config, root),
    format,
  };
}
