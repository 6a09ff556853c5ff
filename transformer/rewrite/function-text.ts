import type { EmitNames, FunctionPlan } from "../plan.js";
import { catchTexts, doneText, earlyText, entryText, guardText, settlesInBody, valueName } from "../emit-rules.js";

/**
 * The statements that open an observed body (docs/EMIT.md, function level), ending with `try {`: the guard
 * that costs one load and one branch when nothing observes the site, the early return, and the capture arrow.
 */
export function prologueText(fn: FunctionPlan, names: EmitNames, declaresValue: boolean): string {
  const c = names.ctx;
  const enter = entryText(names, fn);
  // The value local (see function.ts) is declared outside `try` only when a return or await uses it.
  const value = declaresValue ? ` let ${valueName(names)};` : "";
  let text = `const ${c} = ${guardText(names, fn)} ? ${enter} : null; ${earlyText(names, fn)};${value} try {`;
  const capture = fn.meta.capture;
  if (capture.length > 0) text += ` ${c} !== null && ${c}.capture((${names.key}) => ${captureSelect(capture, names.key)});`;
  return text;
}

/**
 * Closes the `try` opened by {@link prologueText}: failure dispatch (or recovery). A function that settles in
 * its body (emit-rules.ts, settlesInBody) has no `finally`; a block body that can fall off its end
 * (`fallsOff`, emit-rules.ts canFallOffEnd) ends with {@link doneText}, after a `;` that ends a last statement
 * written without one. A generator keeps the `finally`.
 */
export function epilogueText(fn: FunctionPlan, names: EmitNames, fallsOff: boolean): string {
  const [rethrow, fail] = catchTexts(names, fn);
  const tail = `} catch (${names.err}) { ${rethrow}; ${fail}; }`;
  if (!settlesInBody(fn.meta)) return `${tail} finally { ${doneText(names)}; }`;
  return fallsOff ? `; ${doneText(names)}; ${tail}` : tail;
}

/** `k === 0 ? a : k === 1 ? b : c` — one arrow reads every captured local by index, without allocating. */
function captureSelect(capture: readonly string[], key: string): string {
  let text = capture[capture.length - 1] ?? "undefined";
  for (let i = capture.length - 2; i >= 0; i--) text = `${key} === ${i} ? ${capture[i]} : ${text}`;
  return text;
}

