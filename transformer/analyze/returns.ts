/**
 * The function's own `return` statements: not those of nested functions or classes. Only statement nodes
 * are searched: a `return` can sit inside an expression only through a nested function, which is not ours.
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";

/** Own `return X;` statements of a block body, in source order (`bare`: own bare `return;` statements instead). */
export function ownReturns(tsNs: TsNamespace, body: ts.Block, bare = false): ts.ReturnStatement[] {
  const out: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (tsNs.isReturnStatement(node)) {
      if ((node.expression === undefined) === bare) out.push(node);
      return;
    }
    if (isStatementContainer(tsNs, node)) tsNs.forEachChild(node, visit);
  };
  for (const statement of body.statements) visit(statement);
  return out;
}

/** Statements (and statement parts) that can contain further statements of the same function. */
export function isStatementContainer(tsNs: TsNamespace, node: ts.Node): boolean {
  return (
    tsNs.isBlock(node) || tsNs.isIfStatement(node) || tsNs.isForStatement(node) || tsNs.isForInStatement(node) ||
    tsNs.isForOfStatement(node) || tsNs.isWhileStatement(node) || tsNs.isDoStatement(node) || tsNs.isTryStatement(node) ||
    tsNs.isCatchClause(node) || tsNs.isSwitchStatement(node) || tsNs.isCaseBlock(node) || tsNs.isCaseClause(node) ||
    tsNs.isDefaultClause(node) || tsNs.isLabeledStatement(node) || tsNs.isWithStatement(node)
  );
}
