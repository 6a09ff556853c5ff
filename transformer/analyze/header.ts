/**
 * Where the file header (runtime import, site declarations, top-level binds) goes: after a shebang and
 * the directive prologue (`"use strict"`, `"use client"`), which must stay first to keep their meaning.
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";

/** Offset after the shebang line and the file's directive prologue. */
export function headerPosition(tsNs: TsNamespace, sourceFile: ts.SourceFile): number {
  let position = 0;
  const text = sourceFile.text;
  if (text.startsWith("#!")) {
    const newline = text.indexOf("\n");
    position = newline === -1 ? text.length : newline + 1;
  }
  for (const s of sourceFile.statements) {
    if (!tsNs.isExpressionStatement(s) || !tsNs.isStringLiteral(s.expression)) break;
    position = s.end;
  }
  return position;
}

/** Number of directive statements at the top of the file. */
export function fileDirectiveCount(tsNs: TsNamespace, sourceFile: ts.SourceFile): number {
  let count = 0;
  for (const s of sourceFile.statements) {
    if (!tsNs.isExpressionStatement(s) || !tsNs.isStringLiteral(s.expression)) break;
    count++;
  }
  return count;
}
