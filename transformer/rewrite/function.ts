import type MagicString from "magic-string";
import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "../plan.js";
import { epilogueText, prologueText } from "./function-text.js";
import { parserTs } from "./parse.js";

/**
 * Rewrites one function in place. Functions nested in it must already be rewritten: a returned expression
 * is copied (`c === null ? X : c.ok(X)`) with `MagicString#slice`, which includes the edits inside it.
 * Openings are `prependRight`ed and closings `appendLeft`ed so that, with inner functions first, text
 * inserted at a shared position nests correctly (the outer opening before, the outer closing after).
 */
export function rewriteFunction(ms: MagicString, fn: FunctionPlan, names: EmitNames): void {
  const body = fn.body;
  // Awaits before returns (a returned expression may hold awaits), inner awaits before the ones holding them.
  for (const node of narrowestFirst(fn.awaits)) wrapAwait(ms, node, names);
  for (const ret of fn.returns) {
    if (ret.expression !== undefined) wrapReturned(ms, ret.expression, names, "");
  }
  if (parserTs.isBlock(body)) {
    ms.appendLeft(openingPosition(fn, body), prologueText(fn, names));
    ms.appendLeft(body.end - 1, epilogueText(names));
    return;
  }
  // The wrap's own opening is prepended first so that the block's opening lands before it.
  wrapReturned(ms, body, names, `; ${epilogueText(names)} }`);
  ms.prependRight(body.getStart(), `{ ${prologueText(fn, names)} return `);
}

/** `X` → `c === null ? X : c.ok(X)`; a comma expression is parenthesized so it stays one operand. */
function wrapReturned(ms: MagicString, expr: ts.Expression, names: EmitNames, after: string): void {
  const start = expr.getStart();
  const copy = ms.slice(start, expr.end);
  const comma = isComma(expr);
  const value = comma ? `(${copy})` : copy;
  ms.prependRight(start, `${names.ctx} === null ? ${comma ? "(" : ""}`);
  ms.appendLeft(expr.end, `${comma ? ")" : ""} : ${names.ctx}.ok(${value})${after}`);
}

/**
 * `await E` → `(c === null ? await E : c.resume(await c.suspend(E)))` (docs/EMIT.md, awaits). When the
 * await starts an expression statement, a `;` keeps the `(` from continuing the previous line's statement.
 */
function wrapAwait(ms: MagicString, node: ts.AwaitExpression, names: EmitNames): void {
  const c = names.ctx;
  const operand = node.expression;
  const copy = ms.slice(operand.getStart(), operand.end);
  const start = node.getStart();
  ms.prependRight(start, `${startsStatementInList(node) ? ";" : ""}(${c} === null ? `);
  ms.appendLeft(node.end, ` : ${c}.resume(await ${c}.suspend(${copy})))`);
}

/** True when `node` is the first token of an expression statement that sits in a statement list. */
function startsStatementInList(node: ts.Node): boolean {
  const start = node.getStart();
  let current: ts.Node = node;
  while (!parserTs.isExpressionStatement(current)) {
    const parent = current.parent;
    if (parent === undefined || parent.getStart() !== start || parserTs.isBlock(parent) || parserTs.isSourceFile(parent)) return false;
    current = parent;
  }
  const list = current.parent;
  return parserTs.isBlock(list) || parserTs.isSourceFile(list) || parserTs.isCaseClause(list) || parserTs.isDefaultClause(list) || parserTs.isModuleBlock(list);
}

/** Narrower nodes first: a node nested in another has a strictly smaller range. */
function narrowestFirst<T extends ts.Node>(nodes: readonly T[]): T[] {
  return [...nodes].sort((a, b) => a.end - a.pos - (b.end - b.pos));
}

function isComma(expr: ts.Expression): boolean {
  return parserTs.isBinaryExpression(expr) && expr.operatorToken.kind === parserTs.SyntaxKind.CommaToken;
}

/**
 * Where the prologue goes in a block body: after `super(...)` in a derived constructor or after the
 * directive prologue (`"use strict"` must stay first to keep its meaning), as the plan says; else after `{`.
 */
function openingPosition(fn: FunctionPlan, body: ts.Block): number {
  return fn.prologueAfter !== undefined ? fn.prologueAfter.end : body.getStart() + 1;
}
