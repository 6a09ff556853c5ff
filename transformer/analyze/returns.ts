/**
 * The function's own `return` statements: not those of nested functions or classes. Only statement nodes
 * are searched: a `return` can sit inside an expression only through a nested function, which is not ours.
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";

/** Own `return X;` statements (`values`) and own bare `return;` statements (`bare`) of a block body, in source order: one walk. */
export function ownReturns(tsNs: TsNamespace, body: ts.Block): { values: ts.ReturnStatement[]; bare: ts.ReturnStatement[] } {
  const values: ts.ReturnStatement[] = [];
  const bare: ts.ReturnStatement[] = [];
  const containers = statementContainerKinds(tsNs);
  const visit = (node: ts.Node): void => {
    if (tsNs.isReturnStatement(node)) {
      (node.expression === undefined ? bare : values).push(node);
      return;
    }
    if (containers.has(node.kind)) tsNs.forEachChild(node, visit);
  };
  for (const statement of body.statements) visit(statement);
  return { values, bare };
}

/** Statements (and statement parts) that can contain further statements of the same function. */
export function isStatementContainer(tsNs: TsNamespace, node: ts.Node): boolean {
  return statementContainerKinds(tsNs).has(node.kind);
}

// SyntaxKind numbers differ between TypeScript versions (options.ts): one set per namespace.
const containerKinds = new WeakMap<object, ReadonlySet<ts.SyntaxKind>>();

/** The kinds {@link isStatementContainer} accepts (a set lookup instead of fifteen predicates per node). */
export function statementContainerKinds(tsNs: TsNamespace): ReadonlySet<ts.SyntaxKind> {
  let kinds = containerKinds.get(tsNs);
  if (kinds === undefined) {
    const k = tsNs.SyntaxKind;
    kinds = new Set([
      k.Block, k.IfStatement, k.ForStatement, k.ForInStatement, k.ForOfStatement, k.WhileStatement, k.DoStatement, k.TryStatement,
      k.CatchClause, k.SwitchStatement, k.CaseBlock, k.CaseClause, k.DefaultClause, k.LabeledStatement, k.WithStatement,
    ]);
    containerKinds.set(tsNs, kinds);
  }
  return kinds;
}
