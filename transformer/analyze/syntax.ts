/**
 * Small syntax predicates over the passed-in `typescript` namespace (never imported: see options.ts).
 */
import type * as ts from "typescript";
import type { TsNamespace } from "./options.js";

/** Function-like nodes that can have a body and can be observed. */
export function isObservableKind(tsNs: TsNamespace, node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    tsNs.isFunctionDeclaration(node) ||
    tsNs.isFunctionExpression(node) ||
    tsNs.isArrowFunction(node) ||
    tsNs.isMethodDeclaration(node) ||
    tsNs.isConstructorDeclaration(node) ||
    tsNs.isGetAccessorDeclaration(node) ||
    tsNs.isSetAccessorDeclaration(node)
  );
}

/**
 * Whether `node` is parentheses, `as`, `satisfies`, `<T>x` or `x!` around an expression: nodes that keep its
 * value (and, once types are stripped, an anonymous function's inferred `name`).
 */
export function isExpressionWrapper(
  tsNs: TsNamespace,
  node: ts.Node,
): node is ts.ParenthesizedExpression | ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion | ts.NonNullExpression {
  return (
    tsNs.isParenthesizedExpression(node) ||
    tsNs.isAsExpression(node) ||
    tsNs.isSatisfiesExpression(node) ||
    tsNs.isTypeAssertionExpression(node) ||
    tsNs.isNonNullExpression(node)
  );
}

/** Strips parentheses, `as`, `satisfies`, `<T>x` and `x!` around an expression. */
export function unwrapExpression(tsNs: TsNamespace, node: ts.Expression): ts.Expression {
  let current = node;
  while (isExpressionWrapper(tsNs, current)) current = current.expression;
  return current;
}

/** Whether `node` carries the modifier `kind` (export, default, async, static, declare, abstract, private). */
export function hasModifier(tsNs: TsNamespace, node: ts.Node, kind: ts.SyntaxKind): boolean {
  if (!tsNs.canHaveModifiers(node)) return false;
  // A loop over the node's own list (getModifiers would copy it without the decorators, which never match):
  // no array and no closure per call, on a path run several times per function.
  const modifiers = node.modifiers;
  if (modifiers === undefined) return false;
  for (const m of modifiers) if (m.kind === kind) return true;
  return false;
}

/** Whether the node is in an ambient context (`declare`, a .d.ts file), where there is no code to rewrite. */
export function isAmbient(tsNs: TsNamespace, node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n !== undefined; n = n.parent) {
    if (tsNs.isSourceFile(n)) return n.isDeclarationFile;
    if (hasModifier(tsNs, n, tsNs.SyntaxKind.DeclareKeyword)) return true;
  }
  return false;
}

/** Names bound by a binding name (identifier or destructuring pattern), in source order. */
export function boundNames(tsNs: TsNamespace, name: ts.BindingName, out: string[] = []): string[] {
  if (tsNs.isIdentifier(name)) {
    out.push(name.text);
  } else if (tsNs.isObjectBindingPattern(name)) {
    for (const element of name.elements) boundNames(tsNs, element.name, out);
  } else {
    for (const element of name.elements) if (!tsNs.isOmittedExpression(element)) boundNames(tsNs, element.name, out);
  }
  return out;
}

/** Text of a property name as the runtime sees it: `a`, `#a`, `"a-b"` → `a-b`, `[expr]`. */
export function propertyNameText(tsNs: TsNamespace, name: ts.PropertyName, sourceFile: ts.SourceFile): string {
  if (tsNs.isIdentifier(name) || tsNs.isPrivateIdentifier(name)) return name.text;
  if (tsNs.isStringLiteral(name) || tsNs.isNumericLiteral(name) || tsNs.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return name.getText(sourceFile);
}

/** Whether a name is a valid JavaScript identifier (ASCII subset plus any non-ASCII letter). */
export function isIdentifierText(text: string): boolean {
  return /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*$/.test(text);
}

/** The statements of a function's block body, or undefined for an expression-bodied arrow. */
export function blockStatements(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): readonly ts.Statement[] | undefined {
  const body = fn.body;
  return body !== undefined && tsNs.isBlock(body) ? body.statements : undefined;
}

/** Nodes that start a new function scope for `return`, `var` and `this` purposes (classes included). */
export function isScopeBoundary(tsNs: TsNamespace, node: ts.Node): boolean {
  return tsNs.isFunctionLike(node) || tsNs.isClassLike(node);
}
