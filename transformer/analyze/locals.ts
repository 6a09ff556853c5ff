/**
 * Names `@capture` may read: parameters, declarations at the top level of the body, and `var`s anywhere
 * in the body outside nested functions. Those are exactly the names in scope where the capture reader
 * sits (the start of the `try` block), whatever statement ends up throwing.
 */
import type * as ts from "typescript";
import type { ParamPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { isStatementContainer } from "./returns.js";
import { boundNames } from "./syntax.js";

/** Every name `@capture` can name in this function. */
export function capturableNames(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, params: ParamPlan[]): Set<string> {
  const names = new Set<string>();
  for (const p of params) for (const b of p.bindings) names.add(b);
  const body = fn.body;
  if (body === undefined || !tsNs.isBlock(body)) return names;
  for (const s of body.statements) {
    if (tsNs.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) for (const n of boundNames(tsNs, d.name)) names.add(n);
    } else if ((tsNs.isFunctionDeclaration(s) || tsNs.isClassDeclaration(s)) && s.name !== undefined) {
      names.add(s.name.text);
    } else if (tsNs.isEnumDeclaration(s)) {
      names.add(s.name.text);
    }
  }
  const addVars = (list: ts.VariableDeclarationList): void => {
    if ((list.flags & (tsNs.NodeFlags.Let | tsNs.NodeFlags.Const)) !== 0) return;
    for (const d of list.declarations) for (const n of boundNames(tsNs, d.name)) names.add(n);
  };
  const visit = (node: ts.Node): void => {
    if (tsNs.isVariableStatement(node)) addVars(node.declarationList);
    else if ((tsNs.isForStatement(node) || tsNs.isForInStatement(node) || tsNs.isForOfStatement(node)) && node.initializer !== undefined && tsNs.isVariableDeclarationList(node.initializer)) {
      addVars(node.initializer);
    }
    if (isStatementContainer(tsNs, node)) tsNs.forEachChild(node, visit);
  };
  for (const s of body.statements) visit(s);
  return names;
}
