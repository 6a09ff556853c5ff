/**
 * Rules both emitters follow (docs/EMIT.md), kept in one place so the tsc path and the source rewriter
 * cannot drift: the entry guard, and when a returned or awaited expression is copied or evaluated once.
 */
import type { EmitNames } from "./plan.js";

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
 * The entry guard: `S !== undefined && S.on !== 0`. `S` is a `var` (undefined while its module has not
 * run: a hoisted function called from an import cycle runs unobserved). Strict comparisons, not `S?.on ?`:
 * TurboFan then skips a ToBoolean of an undefined-or-Smi value (measured in docs/BENCHMARKS.md).
 */
export function guardText(site: string): string {
  return `${site} !== undefined && ${site}.on !== 0`;
}
