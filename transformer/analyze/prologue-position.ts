/**
 * Where the prologue of an observed function goes: after the body's directives (`"use strict"` must stay
 * first to keep its meaning) and, in a derived class constructor, after the top-level `super(...)`
 * statement (`this` does not exist before it, so observation starts there).
 */
import type * as ts from "typescript";
import { DiagnosticCode, TransformerError } from "../errors.js";
import type { TsNamespace } from "./options.js";

/** Directives, super statement and the statement the prologue follows. */
export interface ProloguePosition {
  directiveCount: number;
  superStatement: ts.Statement | undefined;
  prologueAfter: ts.Statement | undefined;
}

/** Computes the prologue position of a block body; throws {@link TransformerError} for an unusable super(). */
export function prologuePosition(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, body: ts.Block): ProloguePosition {
  const statements = body.statements;
  let directiveCount = 0;
  while (directiveCount < statements.length) {
    const s = statements[directiveCount]!;
    if (!tsNs.isExpressionStatement(s) || !tsNs.isStringLiteral(s.expression)) break;
    directiveCount++;
  }
  let superStatement: ts.Statement | undefined;
  if (tsNs.isConstructorDeclaration(fn) && isDerived(tsNs, fn)) {
    superStatement = statements.find((s) => tsNs.isExpressionStatement(s) && isSuperCall(tsNs, s.expression));
    if (superStatement === undefined) {
      throw new TransformerError(
        DiagnosticCode.SuperNotTopLevel,
        "This derived class constructor calls super(...) inside another statement or expression, so there is no " +
          "single point where observation can start. Make `super(...);` a statement of its own at the top level " +
          "of the constructor body, or remove the tag.",
        fn,
      );
    }
  }
  const prologueAfter = superStatement ?? (directiveCount > 0 ? statements[directiveCount - 1] : undefined);
  return { directiveCount, superStatement, prologueAfter };
}

function isDerived(tsNs: TsNamespace, ctor: ts.ConstructorDeclaration): boolean {
  return ctor.parent.heritageClauses?.some((h) => h.token === tsNs.SyntaxKind.ExtendsKeyword) ?? false;
}

function isSuperCall(tsNs: TsNamespace, e: ts.Expression): boolean {
  return tsNs.isCallExpression(e) && e.expression.kind === tsNs.SyntaxKind.SuperKeyword;
}
