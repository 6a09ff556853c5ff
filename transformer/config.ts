/**
 * The ts-observed configuration: `ts-patch.config.json` at the project root, read by both the tsc path
 * and the bundler path, with the tsconfig plugin entry's (or the bundler plugin's) options overriding it.
 * Unknown keys and wrong types are problems naming the key and the file, never ignored.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DiagnosticCode } from "./errors.js";
import { globToRegExp, matchesAny } from "../runtime/glob.js";
import type { AnalyzeOptions } from "./analyze/options.js";
import type { ObservedConfig } from "./plugin-options.js";
import type { PlanDiagnostic } from "./plan.js";
import { parseCommentTags } from "./analyze/tags.js";
import { lineColumnAt } from "./text-position.js";

export type { ObservedConfig };

/** Name of the config file at the project root. */
export const CONFIG_FILE_NAME = "ts-patch.config.json";

/** Defaults of every key. */
export const DEFAULT_CONFIG: Readonly<ObservedConfig> = Object.freeze({
  tag: "observed",
  include: ["**/*"],
  exclude: ["**/node_modules/**"],
  runtime: "ts-observed/runtime",
  enabled: true,
  observeAll: false,
});

/** A located problem with the configuration. */
export interface ConfigProblem {
  code: typeof DiagnosticCode.BadConfig;
  /** The config file or the file holding the plugin entry (tsconfig.json, vite.config.ts, …). */
  file: string;
  /** 1-based, when the key was found in the file's text. */
  line: number | undefined;
  column: number | undefined;
  key: string | undefined;
  message: string;
}

/** Thrown by the plugins on a bad configuration: every problem, one per line, each with file, key and what to do. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatConfigProblem).join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** The loaded configuration, the file it came from (if any) and the problems found. */
export interface LoadedConfig {
  config: ObservedConfig;
  configFile: string | undefined;
  problems: ConfigProblem[];
}

/**
 * Keys of a ts-patch plugin entry that belong to ts-patch itself, not to ts-observed: they are allowed in
 * the overrides and ignored.
 */
export const TS_PATCH_KEYS: readonly string[] = [
  "transform", "import", "isEsm", "type", "after", "afterDeclarations", "transformProgram", "resolvePathAliases", "tsConfig", "name",
];

/**
 * Loads `ts-patch.config.json` from `projectRoot` (if present) and applies `overrides` on top.
 * @param overridesFile - the file that holds the overrides, named in problems (e.g. the tsconfig path).
 * @param ignoredKeys - keys of the overrides handled elsewhere: ts-patch's own plugin-entry keys, and the
 *   caller's own options (`root`, …), which the message about an unknown key lists with ours.
 * @param overridesText - the text of `overridesFile`, to give each problem its line and column.
 */
export function loadConfig(
  projectRoot: string,
  overrides: Readonly<Record<string, unknown>> | undefined = undefined,
  overridesFile = "plugin options",
  ignoredKeys: readonly string[] = [],
  overridesText: string | undefined = undefined,
): LoadedConfig {
  const config: ObservedConfig = { ...DEFAULT_CONFIG, include: [...DEFAULT_CONFIG.include], exclude: [...DEFAULT_CONFIG.exclude] };
  const problems: ConfigProblem[] = [];
  const path = join(projectRoot, CONFIG_FILE_NAME);
  let configFile: string | undefined;
  if (existsSync(path)) {
    configFile = path;
    const text = readFileSync(path, "utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      problems.push(syntaxProblem(path, text, (error as Error).message));
    }
    if (parsed !== undefined) apply(config, parsed, path, text, [], problems);
  }
  if (overrides !== undefined) apply(config, overrides, overridesFile, overridesText, ignoredKeys, problems);
  return { config, configFile, problems };
}

/** A predicate telling whether a file (absolute path) is in scope: included and not excluded. */
export function createFileFilter(config: ObservedConfig, projectRoot: string): (fileName: string) => boolean {
  const { include, exclude } = scopeGlobs(config);
  return (fileName) => {
    const rel = relativeToRoot(projectRoot, fileName);
    return matchesAny(rel, include) && !matchesAny(rel, exclude);
  };
}

function scopeGlobs(config: ObservedConfig): { include: RegExp[]; exclude: RegExp[] } {
  return { include: config.include.map(globToRegExp), exclude: config.exclude.map(globToRegExp) };
}

/** A file's path relative to the project root, with forward slashes (what the globs are matched against). */
function relativeToRoot(projectRoot: string, fileName: string): string {
  return relative(projectRoot, fileName).replace(/\\/g, "/");
}

/**
 * A check for tags that `include` leaves out: called with each file outside the scope, it returns a warning
 * for the first one that holds the tag and is not excluded (its tags do nothing: a user whose `include` does
 * not fit the project's layout would otherwise never learn why nothing is observed), then nothing.
 */
export function createScopeNotice(config: ObservedConfig, projectRoot: string): (fileName: string, text: string) => PlanDiagnostic | undefined {
  const { include, exclude } = scopeGlobs(config);
  let given = false;
  return (fileName, text) => {
    if (given) return undefined;
    const rel = relativeToRoot(projectRoot, fileName);
    if (matchesAny(rel, include) || matchesAny(rel, exclude) || rel.startsWith("../")) return undefined;
    const start = tagOffset(text, config.tag);
    if (start === undefined) return undefined;
    given = true;
    const message =
      `${rel} holds @${config.tag} tags but is not in "include" (${config.include.map((g) => JSON.stringify(g)).join(", ")}), so nothing in it is ` +
      `observed. Add it to "include" in ${CONFIG_FILE_NAME} (or the plugin options), or remove the tags. (Only the first such file is reported.)`;
    return { code: DiagnosticCode.OutsideInclude, category: "warning", message, start, length: config.tag.length + 1, ...lineColumnAt(text, start) };
  };
}

/**
 * Offset of the first `@tag` that is a tag (as the analysis reads it: parseCommentTags) of a doc comment that
 * opens a line: a warning must not come from a string, or from prose that mentions the tag.
 */
function tagOffset(text: string, tag: string): number | undefined {
  const marker = "@" + tag;
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
    const open = text.lastIndexOf("/**", at);
    if (open === -1 || text.lastIndexOf("*/", at) > open) continue;
    if (!/^[ \t]*$/.test(text.slice(text.lastIndexOf("\n", open) + 1, open))) continue;
    const close = text.indexOf("*/", at);
    const observed = parseCommentTags(text, open, close === -1 ? text.length : close + 2, tag)?.observed;
    if (observed !== undefined) return observed.pos;
  }
  return undefined;
}

/** The analysis options of a configuration. */
export function analyzeOptionsOf(config: ObservedConfig, projectRoot: string): AnalyzeOptions {
  return { tag: config.tag, runtime: config.runtime, observeAll: config.observeAll, projectRoot };
}

/** `file:line:column - error TSO2001: message` (line and column when known). */
export function formatConfigProblem(p: ConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${where} - error ${p.code}: ${p.message}`;
}

const KEYS: readonly (keyof ObservedConfig)[] = ["tag", "include", "exclude", "runtime", "enabled", "observeAll"];

function apply(
  config: ObservedConfig,
  value: unknown,
  file: string,
  text: string | undefined,
  ignoredKeys: readonly string[],
  problems: ConfigProblem[],
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(problem(file, text, undefined, "must be a JSON object of ts-observed options (tag, include, exclude, runtime, enabled, observeAll)."));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (ignoredKeys.includes(key)) continue;
    const bad = (expected: string): void => {
      problems.push(problem(file, text, key, `"${key}" must be ${expected}, got ${JSON.stringify(v)}.`));
    };
    switch (key) {
      case "tag":
        if (typeof v === "string" && /^[A-Za-z_$][\w$-]*$/.test(v)) config.tag = v;
        else bad("a tag name without @, such as \"observed\"");
        break;
      case "include":
      case "exclude":
        if (Array.isArray(v) && v.every((g): g is string => typeof g === "string" && g.length > 0)) config[key] = [...v];
        else bad("an array of glob strings, such as [\"src/**/*.ts\"]");
        break;
      case "runtime":
        if (typeof v === "string" && v.length > 0) config.runtime = v;
        else bad("a non-empty module specifier, such as \"ts-observed/runtime\"");
        break;
      case "enabled":
        if (typeof v === "boolean") config.enabled = v;
        else bad("true or false");
        break;
      case "observeAll":
        if (v === false || v === "all" || v === "exported") config.observeAll = v;
        else bad("false, \"all\" or \"exported\"");
        break;
      default:
        problems.push(problem(file, text, key, `unknown option "${key}". Known options: ${[...KEYS, ...ignoredKeys.filter((k) => !TS_PATCH_KEYS.includes(k))].join(", ")}. Remove it or fix its spelling.`));
    }
  }
}

/** A JSON syntax error, at the line and column of the offset `JSON.parse` names ("… at position 22 …"). */
function syntaxProblem(file: string, text: string, parseMessage: string): ConfigProblem {
  const offset = /at position (\d+)/.exec(parseMessage);
  const reason = parseMessage.replace(/ in JSON at position \d+.*$/s, "");
  if (offset === null) return problem(file, text, undefined, `is not valid JSON (${parseMessage}). Fix the syntax.`);
  const { line, column } = lineColumnAt(text, Number(offset[1]));
  const message = `${file} is not valid JSON: ${reason} at line ${line}, column ${column}. Fix the syntax (no comments or trailing commas in this file).`;
  return { code: DiagnosticCode.BadConfig, file, line, column, key: undefined, message };
}

/**
 * A problem with `root`, the project root given to a plugin or the tsconfig plugin entry: it must be an
 * existing directory (`ts-patch.config.json` is read there and every `site.file` is relative to it).
 */
export function rootProblem(root: string, given: string, file: string): ConfigProblem | undefined {
  if (existsSync(root) && statSync(root).isDirectory()) return undefined;
  const message = `"root": ${JSON.stringify(given)} is ${root}, which is not an existing directory. Set it to the project's folder (relative paths are resolved from ${file === "plugin options" ? "the working directory" : "the folder of " + file}), or leave it out.`;
  return { code: DiagnosticCode.BadConfig, file, line: undefined, column: undefined, key: "root", message };
}

function problem(file: string, text: string | undefined, key: string | undefined, message: string): ConfigProblem {
  let line: number | undefined;
  let column: number | undefined;
  if (text !== undefined && key !== undefined) {
    const at = text.indexOf(JSON.stringify(key));
    if (at !== -1) ({ line, column } = lineColumnAt(text, at));
  }
  return { code: DiagnosticCode.BadConfig, file, line, column, key, message: key === undefined ? `${file} ${message}` : message };
}
