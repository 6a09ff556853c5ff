import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "../plan.js";
import type { EditIndex } from "./edit-index.js";
import type { CopiedText } from "./copy-mappings.js";
import type { EditQueue } from "./edit-queue.js";
import { epilogueText, prologueText } from "./function-text.js";
import { MAX_COPIED_LENGTH, bareReturnSettleText, canFallOffEnd, resumeText, valueName } from "../emit-rules.js";
import { parserTs } from "./parse.js";


/** The file-wide things a function's rewrite needs. */
export interface FunctionEmitContext {
  /** The analyzed source text. */
  text: string;
  names: EmitNames;
  /** Where rewritten code lies (decides copy or single evaluation). */
  edits: EditIndex;
  /** Receives the insertions. */
  queue: EditQueue;
  /** Receives each copied expression, whose source-map segments emit.ts adds (copy-mappings.ts). */
  copies: CopiedText[];
}

/**
 * Rewrites one function in place. Openings are `prependRight`ed and closings `appendLeft`ed so that, with
 * inner functions (and inner awaits) first, text inserted at a shared position nests correctly: the outer
 * opening before the inner one, the outer closing after.
 */
export function rewriteFunction(cx: FunctionEmitContext, fn: FunctionPlan): void {
  const { queue, names } = cx;
  const body = fn.body;
  let usesValue = false;
  for (const node of narrowestFirst(fn.awaits)) usesValue = wrapAwait(cx, node) || usesValue;
  for (const ret of fn.returns) {
    if (ret.expression !== undefined) usesValue = wrapReturned(cx, ret.expression, "") || usesValue;
  }
  // `return;` → `{ if (C !== null) C.ok(void 0); return; }` (no `finally` settles it; emit-rules.ts).
  for (const ret of fn.bareReturns) {
    queue.prependRight(ret.getStart(), `{ ${bareReturnSettleText(names)}; `);
    queue.appendLeft(ret.end, " }");
  }
  // A catch or finally block entered after an own await rejected: `{ if (C !== null) C.resume(void 0);` (left
  // of anything a statement starting right after the `{` gets, e.g. a wrapped await's `;(`).
  for (const block of fn.resumeBlocks) queue.appendLeft(block.getStart() + 1, ` ${resumeText(names)};`);
  if (parserTs.isBlock(body)) {
    const after = fn.prologueAfter;
    // After a statement written without `;` (`super(x)` + newline, `"use strict"`), ASI would not apply.
    const separator = after !== undefined && cx.text.charCodeAt(after.end - 1) !== 59 ? ";" : "";
    queue.appendLeft(after !== undefined ? after.end : body.getStart() + 1, separator + prologueText(fn, names, usesValue));
    queue.appendLeft(body.end - 1, epilogueText(fn, names, canFallOffEnd(parserTs, body.statements)));
    return;
  }
  // The wrap's own opening is prepended first so that the block's opening lands before it.
  usesValue = wrapReturned(cx, body, `; ${epilogueText(fn, names, false)} }`) || usesValue;
  queue.prependRight(body.getStart(), `{ ${prologueText(fn, names, usesValue)} return `);
}

/** `X` → `c === null ? X : c.ok(X)` (or the single-evaluation form); true when it used the value local. */
function wrapReturned(cx: FunctionEmitContext, expr: ts.Expression, after: string): boolean {
  const { queue, names } = cx;
  const c = names.ctx;
  const start = expr.getStart();
  const comma = isComma(expr);
  const copy = copyOf(cx, start, expr.end);
  if (copy !== undefined) {
    const before = `${c} === null ? ${comma ? "(" : ""}`;
    const head = `${comma ? ")" : ""} : ${c}.ok(${comma ? "(" : ""}`;
    const inserted = `${head}${copy}${comma ? ")" : ""})${after}`;
    queue.prependRight(start, before);
    queue.appendLeft(expr.end, inserted);
    cx.copies.push({ start, end: expr.end, from: start, before, anchor: expr.end, inserted, offset: head.length });
    return false;
  }
  const v = valueName(names);
  queue.prependRight(start, `(${v} = ${comma ? "(" : ""}`);
  queue.appendLeft(expr.end, `${comma ? ")" : ""}, ${c} === null ? ${v} : ${c}.ok(${v}))${after}`);
  return true;
}

/**
 * `await E` → `(c === null ? await E : c.resume(await c.suspend(E)))` (docs/EMIT.md, awaits), or the
 * single-evaluation form. When the await starts an expression statement, a `;` keeps the `(` from
 * continuing the previous line's statement. True when it used the value local.
 */
function wrapAwait(cx: FunctionEmitContext, node: ts.AwaitExpression): boolean {
  const { queue, names } = cx;
  const c = names.ctx;
  const operand = node.expression;
  const start = node.getStart();
  const guard = startsStatementInList(node) ? ";" : "";
  const copy = copyOf(cx, operand.getStart(), operand.end);
  if (copy !== undefined) {
    const before = `${guard}(${c} === null ? `;
    const head = ` : ${c}.resume(await ${c}.suspend(`;
    const inserted = `${head}${copy})))`;
    queue.prependRight(start, before);
    queue.appendLeft(node.end, inserted);
    cx.copies.push({ start: operand.getStart(), end: operand.end, from: start, before, anchor: node.end, inserted, offset: head.length });
    return false;
  }
  const v = valueName(names);
  queue.overwrite(start, operand.getStart(), `${guard}(${v} = `);
  queue.appendLeft(node.end, `, ${c} === null ? await ${v} : ${c}.resume(await ${c}.suspend(${v})))`);
  return true;
}

/** The original text of a range when it may be written twice: short and holding no rewritten code. */
function copyOf(cx: FunctionEmitContext, start: number, end: number): string | undefined {
  if (end - start > MAX_COPIED_LENGTH || cx.edits.editedWithin(start, end)) return undefined;
  return cx.text.slice(start, end);
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
export function narrowestFirst<T extends ts.Node>(nodes: readonly T[]): T[] {
  return [...nodes].sort((a, b) => a.end - a.pos - (b.end - b.pos));
}

function isComma(expr: ts.Expression): boolean {
  return parserTs.isBinaryExpression(expr) && expr.operatorToken.kind === parserTs.SyntaxKind.CommaToken;
}
