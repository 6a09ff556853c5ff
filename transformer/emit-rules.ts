/**
 * Rules both emitters follow (docs/EMIT.md), kept in one place so the tsc path and the source rewriter
 * cannot drift: the entry guard, when a returned or awaited expression is copied or evaluated once, and the
 * settlement without `finally`.
 */
import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "./plan.js";
import type { TsNamespace } from "./analyze/options.js";
import { siteMetaCode, usesEnterN } from "./analyze/site-meta.js";

/**
 * Longest expression written twice (`c === null ? X : c.ok(X)`). A longer one, or one that holds
 * rewritten code (a nested observed function, a wrapped await), is evaluated once into a local:
 * `(v = X, c === null ? v : c.ok(v))`. Same behaviour and the same one branch when nothing observes, but
 * without it code size doubles per nesting level — exponential on curried or module-pattern code.
 */
export const MAX_COPIED_LENGTH = 160;

/** The per-function local that holds a returned or awaited value evaluated once. */
export function valueName(names: EmitNames): string {
  return names.ctx.slice(0, -1) + "v";
}

/**
 * The site declaration of one function, in the file header: `var I = 0, S = site({…}, function (v) { I = v; })`.
 * `I` is the site's interest (`site.on`), which the runtime writes through the function whenever
 * subscriptions change: the guard then reads a module variable holding a small integer instead of a field of
 * the site object (no undefined check, no hidden-class check: 6 of its 14 instructions, docs/BENCHMARKS.md).
 * `var`, not `const`: a hoisted function called from an import cycle before the header ran sees `undefined`.
 * A `function`, not an arrow: the header is printed as it is for every target, ES5 included.
 */
export function siteDeclarationText(names: EmitNames, fn: FunctionPlan): string {
  const interest = `${names.interestPrefix}${fn.id}`;
  return `var ${interest} = 0, ${names.sitePrefix}${fn.id} = ${names.site}(${siteMetaCode(fn.meta)}, function (v) { ${interest} = v; })`;
}

/**
 * The entry guard: `I > 0`, where `I` holds the site's interest (see {@link siteDeclarationText}): one load
 * and one branch. `undefined > 0` is false, so a hoisted function called from an import cycle before its
 * module's header ran runs unobserved. A relational compare, not `I !== 0`: that would be true for `undefined`.
 */
export function guardText(names: EmitNames, fn: FunctionPlan): string {
  return `${names.interestPrefix}${fn.id} > 0`;
}

/**
 * The entry call's callee, `S.enter` (or `S.enterN` past four values), its first argument and its values
 * after that: `a, b` / `[a, …]`. The first argument is `this`, or `void 0` for an arrow whose `this` is the
 * module's top-level `this` in an ES module (FunctionPlan.thisArgCode, analyze/this-arg.ts): the same value,
 * undefined, without a top-level `this` a bundler warns about (Rollup: `"this" has been rewritten to "undefined"`).
 */
export function entryParts(names: EmitNames, fn: FunctionPlan): { callee: string; thisArg: "this" | "void 0"; values: string } {
  const values = fn.params.map((p) => p.valueCode).join(", ");
  const many = usesEnterN(fn);
  return { callee: `${names.sitePrefix}${fn.id}.${many ? "enterN" : "enter"}`, thisArg: fn.thisArgCode, values: many ? `[${values}]` : values };
}

/** The entry call as text: `S.enter(this, a, b)` / `S.enterN(this, [a, b, c, d, e])` (`void 0` for `this`: {@link entryParts}). */
export function entryText(names: EmitNames, fn: FunctionPlan): string {
  const { callee, thisArg, values } = entryParts(names, fn);
  return `${callee}(${thisArg}${values === "" ? "" : `, ${values}`})`;
}

/**
 * Whether the body settles and completes the call itself, without `finally` (docs/EMIT.md): every function
 * but generators. A `try/finally` costs ~0.8 ns per call even when nothing observes (docs/BENCHMARKS.md);
 * `try/catch` alone is free. So `ok(X)` and `fail(e)` also pop the nesting and dispatch COMPLETED, a bare
 * `return;` first calls {@link bareReturnSettleText}, and {@link doneText} ends the `try` block for a body
 * that falls off its end. A generator keeps `finally`: a consumer's early `return()` runs only that.
 */
export function settlesInBody(meta: { readonly generator: boolean }): boolean {
  return !meta.generator;
}

/**
 * What a bare `return;` becomes when the body settles itself: `{ if (C !== null) C.ok(void 0); return; }`
 * (one compare without observer). The `return;` stays bare: tsc's ES5 class transform turns it into
 * `return _this;` in a derived constructor, which `return C === null ? void 0 : …` would defeat.
 */
export function bareReturnSettleText(names: EmitNames): string {
  return `if (${names.ctx} !== null) ${names.ctx}.ok(void 0)`;
}

/**
 * `if (C !== null) C.done()`: the last statement of the `try` block when the body settles itself (a body that
 * fell off its end), and the `finally` block of a generator (see {@link settlesInBody}).
 */
export function doneText(names: EmitNames): string {
  return `if (${names.ctx} !== null) ${names.ctx}.done()`;
}

/**
 * Whether a block body can fall off its end, i.e. {@link doneText} after its statements is reachable: false
 * when its last statement is a `return` or `throw` (the settlement would be dead code; both emitters leave
 * it out). Conservative: any other last statement counts as reachable.
 */
export function canFallOffEnd(tsNs: TsNamespace, statements: readonly ts.Statement[]): boolean {
  const last = statements[statements.length - 1];
  return last === undefined || !(tsNs.isReturnStatement(last) || tsNs.isThrowStatement(last));
}

/**
 * `if (C !== null) C.resume(void 0)`: the first statement of a catch or finally block the body can enter after
 * an own await rejected (FunctionPlan.resumeBlocks). The rejection threw before the await's `resume` ran, so
 * the call is made current again there; `resume` pushes only a running call that is not current already.
 */
export function resumeText(names: EmitNames): string {
  return `if (${names.ctx} !== null) ${names.ctx}.resume(void 0)`;
}

/**
 * The early return after the entry: `if (C !== null && C.skip) return C.early()` (returnEarly / reject from PRE).
 * A setter gets `if (C !== null && C.skip) { C.early(); return; }`: a `return` with a value is TS2408 ("Setters
 * cannot return a value") to a loader that type-checks the bundler path's output, and a setter's value is
 * dropped anyway (`early()` still throws for `reject`).
 */
export function earlyText(names: EmitNames, fn: FunctionPlan): string {
  const c = names.ctx;
  return returnsNoValue(fn) ? `if (${c} !== null && ${c}.skip) { ${c}.early(); return; }` : `if (${c} !== null && ${c}.skip) return ${c}.early()`;
}

/**
 * The statements of the catch clause: `if (C === null) throw E; return C.fail(E);` (fail rethrows unless
 * recovered); in a setter `C.fail(E)` without `return` (see {@link earlyText}): the body then falls off its end.
 */
export function catchTexts(names: EmitNames, fn: FunctionPlan): [string, string] {
  const fail = `${names.ctx}.fail(${names.err})`;
  return [`if (${names.ctx} === null) throw ${names.err}`, returnsNoValue(fn) ? fail : `return ${fail}`];
}

/** Whether the emitted early return and catch clause must not return a value: a setter's (see {@link earlyText}). */
export function returnsNoValue(fn: FunctionPlan): boolean {
  return fn.meta.kind === "setter";
}
