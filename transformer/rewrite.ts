/**
 * The source rewriter of the bundler path: parse with our own TypeScript 6, run the shared analysis, and
 * edit the text with magic-string (docs/EMIT.md) before types are stripped. Every bundler plugin and the
 * Node loader call {@link rewrite}; a file that holds no tag and is not in observe-all scope costs one
 * substring search.
 */
import type * as ts from "typescript";
import { analyze } from "./analyze.js";
import type { ObserveAllMode } from "./analyze/options.js";
import type { FilePlan, PlanDiagnostic } from "./plan.js";
import { emitPlan, type RewriteSourceMap } from "./rewrite/emit.js";
import { detectModuleFormat, type ModuleFormat } from "./rewrite/module-format.js";
import { loadParser, parseSource, stripQuery } from "./rewrite/parse.js";
import { COMPONENT_FILE, componentFileWarning } from "./rewrite/component-files.js";
import { nearMissesOnly } from "./rewrite/near-misses.js";
import { inScope, leftAlone } from "./rewrite/scope.js";

export { inScope };

/** Everything {@link rewrite} needs to know about the project (resolved from ts-patch.config.json). */
export interface RewriteSettings {
  /** `false`: leave every file alone (the output is the input). */
  enabled: boolean;
  /** Tag name without `@`. */
  tag: string;
  /** Module specifier the emitted code imports the runtime from. */
  runtime: string;
  /** Instrument untagged functions: every one (`"all"`), the exported ones, or none (`false`). */
  observeAll: ObserveAllMode;
  /** Absolute project root; site metadata holds paths relative to it. */
  projectRoot: string;
  /** Whether a file (absolute path) is in the include / exclude scope. */
  includes(path: string): boolean;
  /** A warning for the first file outside `include` that holds the tag (config.ts, createScopeNotice). */
  scopeNotice?: (path: string, text: string) => PlanDiagnostic | undefined;
  /** Module syntax of the runtime import; `"auto"` decides per file (see `detectModuleFormat`). */
  format: ModuleFormat | "auto";
}

/** What {@link rewrite} produced for a file that needed its attention. */
export interface RewriteResult {
  /** The rewritten text (the input when no function was observed). */
  code: string;
  /** Maps `code` to the input; undefined when nothing changed. */
  map: RewriteSourceMap | undefined;
  /** Problems found in the file's tags, located in the input. */
  diagnostics: PlanDiagnostic[];
  /** Number of functions instrumented. */
  functions: number;
}

/**
 * Rewrites one file, or returns undefined when there is nothing to do: disabled, a framework component (never
 * rewritten; a tag there is warned about, rewrite/component-files.ts), holding no tag outside observe-all
 * (decided by `text.includes("@" + tag)` before anything else is looked at; such a file is only searched for
 * near misses of the tag, rewrite/near-misses.ts), already ts-observed's output, or out of scope
 * (rewrite/scope.ts, leftAlone).
 */
export function rewrite(text: string, fileName: string, settings: RewriteSettings): RewriteResult | undefined {
  const early = withoutParsing(text, fileName, settings);
  if (early !== PARSE) return early;
  const path = stripQuery(fileName);
  const plan = planFile(text, path, settings);
  if (plan.functions.length === 0) return diagnosticsOnly(text, plan.diagnostics);
  const format = formatOf(path, text, plan.isModule, settings);
  const { code, map } = emitPlan(text, plan, { format, sourceName: path });
  return { code, map, diagnostics: plan.diagnostics, functions: plan.functions.length };
}

/** What {@link withoutParsing} returns for a file that needs parsing. */
export const PARSE = Symbol("parse");

/**
 * {@link rewrite}'s result for a file it leaves alone without parsing it (see there; a substring search, a
 * path test or two), or {@link PARSE}. For callers that cache what the parse gives (rewrite/cached.ts).
 */
export function withoutParsing(text: string, fileName: string, settings: RewriteSettings): RewriteResult | undefined | typeof PARSE {
  if (!settings.enabled) return undefined;
  const path = stripQuery(fileName);
  if (COMPONENT_FILE.test(path)) {
    const warning = inScope(path, settings) ? componentFileWarning(text, fileName, settings.tag) : undefined;
    return diagnosticsOnly(text, warning === undefined ? [] : [warning]);
  }
  if (settings.observeAll === false && !text.includes("@" + settings.tag)) return diagnosticsOnly(text, nearMissesOnly(text, fileName, settings));
  const skipped = leftAlone(fileName, text, settings);
  return skipped === undefined ? PARSE : diagnosticsOnly(text, skipped.diagnostics);
}

/** A file left as it is: undefined, or its text with the diagnostics to report. */
function diagnosticsOnly(text: string, diagnostics: PlanDiagnostic[]): RewriteResult | undefined {
  return diagnostics.length === 0 ? undefined : { code: text, map: undefined, diagnostics, functions: 0 };
}

/** Parses and analyzes a file with the parser the rewriter owns. */
export function planFile(text: string, path: string, settings: RewriteSettings): FilePlan {
  const sourceFile: ts.SourceFile = parseSource(path, text);
  const parser = loadParser();
  return analyze(parser, sourceFile, {
    tag: settings.tag,
    runtime: settings.runtime,
    observeAll: settings.observeAll,
    projectRoot: settings.projectRoot,
    // The header's format, as rewrite() picks it (plan.isModule is this same test).
    esModuleOutput: formatOf(path, text, parser.isExternalModule(sourceFile), settings) === "esm",
  });
}

/** The module syntax of a rewritten file's header: the configured one, or detected (module-format.ts). */
function formatOf(path: string, text: string, isModule: boolean, settings: RewriteSettings): ModuleFormat {
  return settings.format === "auto" ? detectModuleFormat(path, text, isModule) : settings.format;
}
