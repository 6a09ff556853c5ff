/**
 * The options users write: the keys of `ts-patch.config.json` and of the plugins. Kept free of TypeScript's
 * own types (this file imports nothing), so the build plugins' declarations, which reach only this one, type-check
 * in any project, including one whose `typescript` is 7 (no compiler API) with `skipLibCheck` off.
 */

/** Instrument untagged functions: every one (`"all"`), the exported ones, or none (`false`). */
export type ObserveAllMode = false | "all" | "exported";

/** The resolved configuration. */
export interface ObservedConfig {
  /** Tag name without `@`. Default `observed`. */
  tag: string;
  /** Globs of files to transform, relative to the project root. Default `["**" + "/*"]` (every file). */
  include: string[];
  /** Globs of files never transformed. Default: everything under a `node_modules` folder. */
  exclude: string[];
  /** Import path of the runtime entry. Default `ts-observed/runtime`. */
  runtime: string;
  /** `false` turns the plugin off: the output is byte-identical to a build without it. Default `true`. */
  enabled: boolean;
  /** Instrument every function (`"all"`) or every exported one (`"exported"`) without tags. Default `false`. */
  observeAll: ObserveAllMode;
}

/** How the runtime is imported into a rewritten file. */
export type ModuleFormat = "esm" | "cjs";

/**
 * Options of every bundler plugin and of the Node loader: the keys of `ts-patch.config.json` (which they
 * override, exactly as the tsconfig plugin entry does on the tsc path) plus where the project is.
 */
export interface ObservedPluginOptions extends Partial<ObservedConfig> {
  /** Project root: where `ts-patch.config.json` is read and what `site.file` is relative to. Default: the bundler's root or the working directory. */
  root?: string;
  /** Module syntax of the runtime import; `"auto"` (default) follows each file's own syntax. */
  format?: ModuleFormat | "auto";
  /**
   * Keep the rewrite of each tagged file on disk, so that a later build (or dev-server start, test run, Node
   * loader run) of the unchanged file neither parses it nor loads the parser. `true` (default):
   * `node_modules/.cache/ts-observed` of the root; a path (relative to the root): that directory; `false`: no
   * cache. The Node loader, which takes no options, reads it from the environment variable `TS_OBSERVED_CACHE`.
   */
  cache?: boolean | string;
}
