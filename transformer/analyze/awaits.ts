/**
 * Own `await` expressions of an async function (docs/EMIT.md "Awaits of async functions"): the emitter
 * wraps each with suspend/resume so the call stays the parent of observed calls made after it. Nested
 * functions and classes have their own awaits. A `for await` loop suspends where no wrapper can go, and so
 * does the disposal of an `await using` declared anywhere but at the top level of the body (it awaits where
 * its block ends, with the call still current: the caller's calls would get it as parent). A function
 * holding either gets no await instrumentation at all (`awaits: false`). A top-level `await using` is
 * disposed after the return or throw settled the call, when it is no longer current.
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";
import { isScopeBoundary } from "./syntax.js";

/** The awaits to wrap, or undefined when the function's awaits cannot all be wrapped (or it is not async). */
export function ownAwaits(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, isAsync: boolean): ts.AwaitExpression[] | undefined {
  if (!isAsync || fn.asteriskToken !== undefined || fn.body === undefined) return undefined;
  const out: ts.AwaitExpression[] = [];
  let unwrappable = false;
  const visit = (node: ts.Node): void => {
    if (isScopeBoundary(tsNs, node)) return;
    if (tsNs.isForOfStatement(node) && node.awaitModifier !== undefined) unwrappable = true;
    if (isNestedAwaitUsing(tsNs, node, fn.body!)) unwrappable = true;
    if (tsNs.isAwaitExpression(node)) out.push(node);
    tsNs.forEachChild(node, visit);
  };
  visit(fn.body);
  return unwrappable ? undefined : out;
}

/** An `await using` declaration list anywhere but in a statement at the top level of `body`. */
function isNestedAwaitUsing(tsNs: TsNamespace, node: ts.Node, body: ts.Node): boolean {
  if (!tsNs.isVariableDeclarationList(node)) return false;
  const { AwaitUsing, BlockScoped } = tsNs.NodeFlags;
  if ((node.flags & BlockScoped) !== AwaitUsing) return false;
  return !(tsNs.isVariableStatement(node.parent) && node.parent.parent === body);
}

/**
 * The `catch` and `finally` blocks where the body can continue after one of `awaits` (a function's own
 * wrapped awaits) rejected: a rejected `await` throws before its `resume` runs, so the call is not current
 * there. The catch block of a `try` whose try block holds one of them, and the finally block of a `try`
 * whose try block or catch clause holds one; each starts with `if (C !== null) C.resume(void 0);` (resume is
 * idempotent). These `try` statements are the function's own: they hold one of its own awaits. In source
 * order, each block once.
 */
export function resumeBlocks(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, awaits: readonly ts.AwaitExpression[]): ts.Block[] {
  const blocks = new Set<ts.Block>();
  for (const node of awaits) {
    for (let child: ts.Node = node, parent = node.parent; parent !== undefined && child !== fn.body; child = parent, parent = parent.parent) {
      if (!tsNs.isTryStatement(parent)) continue;
      if (child === parent.tryBlock && parent.catchClause !== undefined) blocks.add(parent.catchClause.block);
      if ((child === parent.tryBlock || child === parent.catchClause) && parent.finallyBlock !== undefined) blocks.add(parent.finallyBlock);
    }
  }
  return [...blocks].sort((a, b) => a.pos - b.pos);
}
