/** Builds expression nodes for JSON-like values (the site metadata object). */
import type * as ts from "typescript";

/** A JSON-like value. */
export type Literal = string | number | boolean | null | readonly Literal[] | { readonly [key: string]: Literal };

/** The expression of `value`, built with `factory`. */
export function literalExpression(factory: ts.NodeFactory, value: Literal): ts.Expression {
  if (value === null) return factory.createNull();
  if (typeof value === "string") return factory.createStringLiteral(value);
  if (typeof value === "number") return factory.createNumericLiteral(value);
  if (typeof value === "boolean") return value ? factory.createTrue() : factory.createFalse();
  if (isArray(value)) return factory.createArrayLiteralExpression(value.map((v) => literalExpression(factory, v)), false);
  return factory.createObjectLiteralExpression(
    Object.entries(value).map(([k, v]) => factory.createPropertyAssignment(factory.createIdentifier(k), literalExpression(factory, v))),
    false,
  );
}

function isArray(value: Literal): value is readonly Literal[] {
  return Array.isArray(value);
}
