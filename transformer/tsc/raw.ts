/**
 * Verbatim code in a factory-built tree. The printer's cost grows with the number of nodes it prints,
 * and on a build where every function is observed the fixed parts of the emitted shape (the site
 * metadata, the early return, the catch and finally blocks) were about half of the plugin's cost as
 * structured nodes. Printed as one node each, they cost a fraction. Only text that no later transform
 * has to rewrite goes here: our own names, `null`, property names, and the metadata object — never `this`,
 * user identifiers inside the body, or anything a downlevel transform (ES5 arrows, `_this`) would touch.
 */
import type * as ts from "typescript";

/** An expression printed exactly as `code` (a synthesized identifier whose text is the code). */
export function rawExpression(factory: ts.NodeFactory, code: string): ts.Expression {
  return factory.createIdentifier(code);
}

/** A statement printed exactly as `code;`. */
export function rawStatement(factory: ts.NodeFactory, code: string): ts.Statement {
  return factory.createExpressionStatement(rawExpression(factory, code));
}

/**
 * A node printed exactly as `code` in a slot of another kind: the catch clause or the finally block of a
 * `try` statement. The printer emits a node by its kind whatever the slot (an identifier prints its text),
 * and TypeScript's transforms pass a node they have no rule for through unchanged (their slot checks are
 * debug assertions, off in tsc). Only where no transform of the target rewrites what the slot holds: a
 * catch clause or finally block of our own, with no return a downlevel transform must rewrite (see
 * function-body.ts, EmitStyle). Two nodes instead of six per catch clause, and TypeScript's catch-clause and
 * catch-variable printing never becomes hot.
 */
export function rawAs<T extends ts.Node>(factory: ts.NodeFactory, code: string): T {
  return factory.createIdentifier(code) as ts.Node as T;
}

/**
 * A statement printed exactly as `code`, without the `;` an expression statement adds: an identifier in a
 * statement list (see {@link rawAs}). For the text that opens and closes the flat `try` (function-body.ts).
 */
export function rawStatementText(factory: ts.NodeFactory, code: string): ts.Statement {
  return rawAs<ts.Statement>(factory, code);
}
