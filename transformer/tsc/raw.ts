/**
 * Verbatim code in a factory-built tree. The printer's cost grows with the number of nodes it prints,
 * and on a build where every function is observed the fixed parts of the emitted shape (the site
 * metadata, the early return, the catch and finally blocks) were about half of the plugin's cost as
 * structured nodes. Printed as one node each, they cost a fraction. Only text that no later transform
 * has to rewrite goes here: our own names, `null`, property names, and the metadata JSON — never `this`,
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
