/**
 * The shared analysis: one pass over a source file computes the {@link FilePlan} that both emitters
 * consume (the ts-patch transformer and the bundler path's source rewriter), so the two cannot drift.
 *
 * The `typescript` namespace is a parameter, never imported: the tsc path passes the compiler ts-patch
 * runs, the bundler path its own TS 6 parser. Missing parent pointers are set (see ensureParents).
 */
import type * as ts from "typescript";
import { relative } from "node:path";
import { guard, TransformerError } from "./errors.js";
import type { FilePlan, FunctionPlan, PlanDiagnostic, RuntimeImport } from "./plan.js";
import { planBind } from "./analyze/bind.js";
import { findTargets, type Target } from "./analyze/find-targets.js";
import { headerPosition } from "./analyze/header.js";
import { capturableNames } from "./analyze/locals.js";
import { chooseNames } from "./analyze/names.js";
import { functionKind, functionName, qualifiedName } from "./analyze/naming.js";
import type { AnalyzeOptions, TsNamespace } from "./analyze/options.js";
import { plainNamespace } from "./parser-api.js";
import { planParams } from "./analyze/params.js";
import { linkParents } from "./analyze/parents.js";
import { prologuePosition } from "./analyze/prologue-position.js";
import { ownReturns } from "./analyze/returns.js";
import { ownAwaits, resumeBlocks } from "./analyze/awaits.js";
import { hasModifier } from "./analyze/syntax.js";
import { isInstrumented } from "./analyze/instrumented.js";
import { mentionsTag } from "./analyze/tags.js";
import { nearMissDiagnostics } from "./analyze/near-miss.js";
import { tagArguments } from "./analyze/tag-arguments.js";
import { thisArgCode } from "./analyze/this-arg.js";

export type { AnalyzeOptions, ObserveAllMode, TsNamespace } from "./analyze/options.js";

/**
 * Analyzes one file. A file that mentions no tag and is outside observe-all costs one substring search.
 * Problems in the user's code are returned in `diagnostics`; an exception is a bug in ts-observed and
 * names the file and function it was working on.
 */
export function analyze(namespace: TsNamespace, sourceFile: ts.SourceFile, options: AnalyzeOptions): FilePlan {
  // The names the analysis calls, as plain properties rather than TypeScript's getters (parser-api.ts).
  const tsNs = plainNamespace(namespace);
  const text = sourceFile.text;
  const plan: FilePlan = {
    fileName: sourceFile.fileName,
    runtimeImport: options.runtime,
    names: chooseNames(""),
    headerPosition: 0,
    functions: [],
    diagnostics: [],
    imports: [],
    isModule: tsNs.isExternalModule(sourceFile),
  };
  if (sourceFile.isDeclarationFile) return plan;
  const tagged = mentionsTag(text, options.tag);
  if (options.observeAll === false && !tagged) {
    // `@Observed`, `@observd`: warned about in files without the tag too (analyze/near-miss.ts).
    const nearMisses = nearMissDiagnostics(text, options.tag, false);
    if (nearMisses.length > 0 && !isInstrumented(text, options.runtime)) plan.diagnostics.push(...nearMisses);
    return plan;
  }
  if (isInstrumented(text, options.runtime)) return plan;
  plan.diagnostics.push(...nearMissDiagnostics(text, options.tag, tagged));
  ensureParents(tsNs, sourceFile);

  const report = (error: TransformerError): void => {
    plan.diagnostics.push(error.toDiagnostic(sourceFile));
  };
  const found = guard(sourceFile.fileName, undefined, () => findTargets(tsNs, sourceFile, options), report);
  if (found === undefined) return plan;
  for (const error of found.errors) report(error);

  plan.names = chooseNames(text);
  plan.headerPosition = headerPosition(tsNs, sourceFile);
  const file = relative(options.projectRoot, sourceFile.fileName).replace(/\\/g, "/");
  for (const target of found.targets) {
    // The label names the function only in an internal error: computed then, not for every function.
    const label = (): string => functionName(tsNs, target.fn, sourceFile).name || "<anonymous>";
    const fnPlan = guard(sourceFile.fileName, label, () => planFunction(tsNs, sourceFile, target, plan.functions.length, file, options.esModuleOutput === true, report), report);
    if (fnPlan !== undefined) plan.functions.push(fnPlan);
  }
  plan.imports = runtimeImports(plan.functions);
  sortDiagnostics(plan.diagnostics);
  return plan;
}

function planFunction(
  tsNs: TsNamespace,
  sourceFile: ts.SourceFile,
  target: Target,
  id: number,
  file: string,
  esModuleOutput: boolean,
  report: (error: TransformerError) => void,
): FunctionPlan {
  const fn = target.fn;
  const body = fn.body;
  if (body === undefined) throw new Error("target without a body");
  const own = functionName(tsNs, fn, sourceFile);
  const { name, nameNode } = own;
  const qualified = qualifiedName(tsNs, fn, sourceFile, own);
  const { params, rest } = planParams(tsNs, fn, sourceFile);
  const position = tsNs.isBlock(body) ? prologuePosition(tsNs, fn, body) : { directiveCount: 0, superStatement: undefined, prologueAfter: undefined };
  const args = tagArguments(target.tags, target.tagNode, params, () => capturableNames(tsNs, fn, params), `function ${qualified}`);
  for (const error of args.errors) report(error);
  const isAsync = hasModifier(tsNs, fn, tsNs.SyntaxKind.AsyncKeyword);
  const awaits = ownAwaits(tsNs, fn, isAsync);
  const at = sourceFile.getLineAndCharacterOfPosition((nameNode ?? fn).getStart(sourceFile));
  const returns = tsNs.isBlock(body) ? ownReturns(tsNs, body) : { values: [], bare: [] };
  return {
    id,
    node: fn,
    meta: {
      name,
      qualifiedName: qualified,
      file,
      line: at.line + 1,
      column: at.character + 1,
      kind: functionKind(tsNs, fn),
      async: isAsync,
      generator: fn.asteriskToken !== undefined,
      params: params.map((p) => p.name),
      rest,
      groups: args.groups,
      redact: args.redact,
      capture: args.capture,
      awaits: awaits !== undefined,
    },
    params,
    body,
    superStatement: position.superStatement,
    directiveCount: position.directiveCount,
    prologueAfter: position.prologueAfter,
    returns: returns.values,
    // Generators keep `finally` (emit-rules.ts, settlesInBody): their bare returns are left alone.
    bareReturns: fn.asteriskToken === undefined ? returns.bare : [],
    bind: planBind(tsNs, fn),
    awaits: awaits ?? [],
    resumeBlocks: awaits === undefined ? [] : resumeBlocks(tsNs, fn, awaits),
    tagged: target.tagged,
    thisArgCode: thisArgCode(tsNs, fn, esModuleOutput),
  };
}

/**
 * Sets missing parent pointers. A checked program's files have them (the binder sets them), but files of
 * a `noCheck` / transpile-only build, or from `createSourceFile` without `setParentNodes`, do not; the
 * analysis walks up from functions to name them. Setting them is what the binder would do.
 */
function ensureParents(tsNs: TsNamespace, sourceFile: ts.SourceFile): void {
  const first = sourceFile.statements[0];
  if (first === undefined || first.parent !== undefined) return;
  linkParents(tsNs, sourceFile);
}

function runtimeImports(functions: FunctionPlan[]): RuntimeImport[] {
  if (functions.length === 0) return [];
  const used: RuntimeImport[] = ["site"];
  if (functions.some((f) => f.bind !== undefined)) used.push("bind");
  return used;
}

function sortDiagnostics(diagnostics: PlanDiagnostic[]): void {
  diagnostics.sort((a, b) => a.start - b.start);
}
