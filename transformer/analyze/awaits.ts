/**
 * Own `await` expressions of an async function (docs/EMIT.md "Awaits of async functions"): the emitter
 * wraps each with suspend/resume so the call stays the parent of observed calls made after it. Nested
 * functions and classes have their own awaits. A `for await` loop suspends where no wrapper can go, so a
 * function holding one gets no await instrumentation at all (`awaits: false`).
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";
import { isScopeBoundary } from "./syntax.js";

/** The awaits to wrap, or undefined when the function's awaits cannot all be wrapped (or it is not async). */
export function ownAwaits(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, isAsync: boolean): ts.AwaitExpression[] | undefined {
  if (!isAsync || fn.asteriskToken !== undefined || fn.body === undefined) return undefined;
  const out: ts.AwaitExpression[] = [];
  let forAwait = false;
  const visit = (node: ts.Node): void => {
    if (isScopeBoundary(tsNs, node)) return;
    if (tsNs.isForOfStatement(node) && node.awaitModifier !== undefined) forAwait = true;
    if (tsNs.isAwaitExpression(node)) out.push(node);
    tsNs.forEachChild(node, visit);
  };
  visit(fn.body);
  return forAwait ? undefined : out;
}
