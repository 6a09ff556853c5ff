import { isAbsolute, resolve } from "node:path";
import { analyzeOptionsOf, ConfigError, createFileFilter, createScopeNotice, loadConfig, rootProblem } from "../config.js";
import type { ObservedPluginOptions } from "../plugin-options.js";
import { DiagnosticCode } from "../errors.js";
import type { RewriteSettings } from "../rewrite.js";
import { defaultCacheDir } from "./cache.js";
import type { ModuleFormat } from "./module-format.js";

export type { ObservedPluginOptions };

/** {@link RewriteSettings} plus what only the plugins use. */
export interface PluginSettings extends RewriteSettings {
  /** Directory of the persistent rewrite cache; undefined: none. */
  cacheDir: string | undefined;
}

/**
 * Reads the one config file through the tsc path's loader and applies the plugin options over it. A bad
 * key throws a `ConfigError` naming the key and the file.
 */
export function resolveSettings(options: ObservedPluginOptions, defaultRoot: string): PluginSettings {
  const { root = defaultRoot, format = "auto", cache = true, ...rest } = options;
  if (typeof cache !== "boolean" && typeof cache !== "string") {
    const message = `"cache" must be a boolean or a directory path, got ${JSON.stringify(cache)}.`;
    throw new ConfigError([{ code: DiagnosticCode.BadConfig, file: "plugin options", line: undefined, column: undefined, key: "cache", message }]);
  }
  // `{ tag: undefined }` means "not given", not a wrong type.
  const overrides = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const { config, problems } = loadConfig(root, overrides, "plugin options", ["root", "format", "cache"]);
  const badRoot = options.root === undefined ? undefined : rootProblem(resolve(root), options.root, "plugin options");
  if (badRoot !== undefined) problems.unshift(badRoot);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...analyzeOptionsOf(config, root),
    enabled: config.enabled,
    includes: createFileFilter(config, root),
    scopeNotice: createScopeNotice(config, resolve(root)),
    format,
    cacheDir: cache === false ? undefined : cache === true ? defaultCacheDir(root) : isAbsolute(cache) ? cache : resolve(root, cache),
  };
}
