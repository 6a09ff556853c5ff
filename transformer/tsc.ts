/**
 * `ts-observed/transformer`: the ts-patch program transformer. Add it to tsconfig.json:
 * `"plugins": [{ "transform": "ts-observed/transformer" }]` and build with `tspc` (or `tsc` after
 * `ts-patch install`). Options of the plugin entry override `ts-patch.config.json`; `root` (relative to
 * the tsconfig's folder) sets the project root, which is otherwise the tsconfig's folder.
 */
import type * as ts from "typescript";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { analyze } from "./analyze.js";
import { analyzeOptionsOf, createFileFilter, createScopeNotice, loadConfig, rootProblem, TS_PATCH_KEYS } from "./config.js";
import { configDiagnostic, planDiagnostic, report, throwingAddDiagnostic, underTsNode } from "./tsc/diagnostics.js";
import { transformFile } from "./tsc/transform-file.js";

/** What ts-patch passes a program transformer as its third argument (the parts used here). */
export interface TransformerExtras {
  /** The TypeScript instance ts-patch runs: use it, not an imported `typescript`. */
  ts: typeof ts;
  /**
   * Adds a diagnostic to the program's, which tsc then prints and counts like its own (a config problem,
   * a misplaced tag): any diagnostic fails the build, so warnings are printed to stderr instead (tsc/diagnostics.ts,
   * report). Returns how many diagnostics the program has now.
   */
  addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

/** Options of the tsconfig plugin entry: ts-patch's own keys plus ts-observed's overrides. */
export type PluginEntry = Readonly<Record<string, unknown>>;

/** What the transformer reads of the program: its options (the tsconfig's path among them) and its folder. */
export type ProgramLike = Pick<ts.Program, "getCompilerOptions" | "getCurrentDirectory">;

/** Creates the `before` transformer factory of one program. */
export function observedTransformer(program: ProgramLike, entry: PluginEntry | undefined, host: TransformerExtras): ts.TransformerFactory<ts.SourceFile> {
  const tsNs = host.ts;
  // ts-node runs the plugin (`"compiler": "ts-patch/compiler"`) but never prints what it adds: errors throw there.
  const extras = underTsNode() ? { ts: tsNs, addDiagnostic: throwingAddDiagnostic(tsNs, program) } : host;
  const compilerOptions = program.getCompilerOptions();
  const configFilePath = typeof compilerOptions["configFilePath"] === "string" ? compilerOptions["configFilePath"] : undefined;
  const configDir = configFilePath === undefined ? program.getCurrentDirectory() : dirname(configFilePath);
  const rootOption = entry?.["root"];
  const projectRoot = typeof rootOption === "string" ? resolve(configDir, rootOption) : configDir;
  const tsconfigText = configFilePath !== undefined && existsSync(configFilePath) ? readFileSync(configFilePath, "utf8") : undefined;
  const { config, problems } = loadConfig(projectRoot, entry, configFilePath ?? "tsconfig plugin entry", [...TS_PATCH_KEYS, "root"], tsconfigText);
  const badRoot = typeof rootOption === "string" ? rootProblem(projectRoot, rootOption, configFilePath ?? "the tsconfig") : undefined;
  if (badRoot !== undefined) problems.unshift(badRoot);
  if (problems.length > 0) {
    for (const p of problems) extras.addDiagnostic(configDiagnostic(tsNs, p));
    return () => (sourceFile) => sourceFile;
  }
  if (!config.enabled) return () => (sourceFile) => sourceFile;
  const inScope = createFileFilter(config, projectRoot);
  const scopeNotice = createScopeNotice(config, projectRoot);
  const options = analyzeOptionsOf(config, projectRoot);
  // Files emitted as ES modules (an arrow's top-level `this` is undefined there: FunctionPlan.thisArgCode).
  const esOptions = { ...options, esModuleOutput: true };
  const moduleKind = compilerOptions.module;
  if (moduleKind !== undefined && UNSUPPORTED_MODULE_KINDS.has(tsNs.ModuleKind[moduleKind] ?? "")) {
    extras.addDiagnostic(configDiagnostic(tsNs, {
      code: "TSO2001", file: configFilePath ?? "tsconfig.json", line: undefined, column: undefined, key: "module",
      message: `"module": "${tsNs.ModuleKind[moduleKind]}" is not supported: ts-observed emits ES modules or CommonJS. Use one of those module kinds.`,
    }));
    return () => (sourceFile) => sourceFile;
  }
  return (context) => (sourceFile) => {
    if (sourceFile.isDeclarationFile || rewrittenEarlier(sourceFile)) return sourceFile;
    if (!inScope(sourceFile.fileName)) {
      const notice = scopeNotice(sourceFile.fileName, sourceFile.text);
      if (notice !== undefined) report(tsNs, program, extras.addDiagnostic, planDiagnostic(tsNs, sourceFile, notice));
      return sourceFile;
    }
    // The emit's own options: a host may emit with another module kind than the program's (ts-jest: CommonJS).
    const commonJs = isCommonJsOutput(tsNs, sourceFile, context.getCompilerOptions().module ?? moduleKind);
    const plan = analyze(tsNs, sourceFile, commonJs ? options : esOptions);
    for (const d of plan.diagnostics) report(tsNs, program, extras.addDiagnostic, planDiagnostic(tsNs, sourceFile, d));
    if (plan.diagnostics.some((d) => d.category === "error")) return sourceFile;
    const out = transformFile(tsNs, context, sourceFile, plan, commonJs);
    if (out !== sourceFile) rewritten().add(out);
    return out;
  };
}

/**
 * The source files this transformer returned rewritten, across every copy of it loaded in the process (a
 * registry on `globalThis`: the ESM and CommonJS builds, ts-patch's load and ts-jest's are separate module
 * instances). One emit can run it twice: with `ts-patch install`, ts-jest's language service runs the
 * tsconfig's plugin besides `ts-observed/jest` in `astTransformers`, and a later transformer gets the earlier
 * one's output, whose inserted nodes have no position in the text.
 */
function rewritten(): WeakSet<ts.SourceFile> {
  const registry = globalThis as { [REWRITTEN]?: WeakSet<ts.SourceFile> };
  return (registry[REWRITTEN] ??= new WeakSet());
}

const REWRITTEN = Symbol.for("ts-observed.tsc.rewritten");

/**
 * Whether this file (or the node it was updated from by a transformer in between: `original`) is already the
 * output of this transformer in the current emit: it is then left as it is, so the functions it observes are
 * rewritten once (the first transformer's options apply).
 */
function rewrittenEarlier(sourceFile: ts.SourceFile): boolean {
  const set = rewritten();
  for (let node: ts.Node | undefined = sourceFile; node !== undefined; node = (node as { original?: ts.Node }).original) {
    if (set.has(node as ts.SourceFile)) return true;
  }
  return false;
}

/**
 * Whether the file is emitted as CommonJS. Its header then requires the runtime itself
 * (`const { site: __obs_site, … } = require(…)`, the rewriter's CommonJS form): tsc's module transform
 * would turn a synthesized import into `const runtime_1 = require(…)` without rewriting the synthesized
 * references to it, which have no symbol.
 */
function isCommonJsOutput(tsNs: typeof ts, sourceFile: ts.SourceFile, moduleKind: ts.ModuleKind | undefined): boolean {
  if (moduleKind === undefined || moduleKind === tsNs.ModuleKind.CommonJS) return true;
  // .cts/.cjs are emitted as CommonJS whatever the module kind (`preserve` included).
  if (/\.c[jt]s$/.test(sourceFile.fileName)) return true;
  if (/\.m[jt]s$/.test(sourceFile.fileName)) return false;
  if (moduleKind >= tsNs.ModuleKind.Node16 && moduleKind <= tsNs.ModuleKind.NodeNext) {
    return sourceFile.impliedNodeFormat !== tsNs.ModuleKind.ESNext;
  }
  return false;
}

const UNSUPPORTED_MODULE_KINDS = new Set(["AMD", "UMD", "System"]);

export default observedTransformer;
