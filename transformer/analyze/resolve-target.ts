/**
 * Resolves the node a tag comment is attached to into the function it observes: the function itself,
 * the function held by a variable / property / assignment / `export default`, or the implementation of
 * an overload set. Anything else is a {@link TransformerError}.
 */
import type * as ts from "typescript";
import { DiagnosticCode, TransformerError } from "../errors.js";
import type { TsNamespace } from "./options.js";
import { isObservableKind, unwrapExpression } from "./syntax.js";

/** The function observed by a tag attached to `node`. Throws a {@link TransformerError} when there is none. */
export function resolveTarget(tsNs: TsNamespace, node: ts.Node, tagName: string): ts.FunctionLikeDeclaration {
  const fn = functionOf(tsNs, node);
  if (fn === undefined) {
    throw new TransformerError(
      DiagnosticCode.NotAFunction,
      `@${tagName} is on ${describe(tsNs, node)}, which is not a function. Put it on a function, method, ` +
        `arrow function or a variable holding one, or remove it.`,
      node,
    );
  }
  if (fn.body !== undefined) return fn;
  const implementation = overloadImplementation(tsNs, fn);
  if (implementation !== undefined) return implementation;
  throw new TransformerError(
    DiagnosticCode.NoBody,
    `@${tagName} is on a function without a body (an overload signature without implementation, an abstract ` +
      `method or a declaration), so there is no code to observe. Put it on the implementation.`,
    node,
  );
}

function functionOf(tsNs: TsNamespace, node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (isObservableKind(tsNs, node)) return node;
  if (tsNs.isVariableStatement(node)) return fromDeclarations(tsNs, node.declarationList.declarations);
  if (tsNs.isVariableDeclarationList(node)) return fromDeclarations(tsNs, node.declarations);
  if (tsNs.isVariableDeclaration(node) || tsNs.isPropertyDeclaration(node) || tsNs.isPropertyAssignment(node)) {
    return node.initializer === undefined ? undefined : fromExpression(tsNs, node.initializer);
  }
  if (tsNs.isExportAssignment(node)) return fromExpression(tsNs, node.expression);
  if (tsNs.isExpressionStatement(node)) return fromExpression(tsNs, node.expression);
  if (tsNs.isExpression(node)) return fromExpression(tsNs, node);
  return undefined;
}

function fromDeclarations(tsNs: TsNamespace, declarations: readonly ts.VariableDeclaration[]): ts.FunctionLikeDeclaration | undefined {
  const functions = declarations
    .map((d) => (d.initializer === undefined ? undefined : fromExpression(tsNs, d.initializer)))
    .filter((f): f is ts.FunctionLikeDeclaration => f !== undefined);
  return functions.length === 1 ? functions[0] : undefined;
}

function fromExpression(tsNs: TsNamespace, expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  let e = unwrapExpression(tsNs, expression);
  // `x = function () {}` and `a.b = () => {}`: the assigned function.
  while (tsNs.isBinaryExpression(e) && e.operatorToken.kind === tsNs.SyntaxKind.EqualsToken) {
    e = unwrapExpression(tsNs, e.right);
  }
  return isObservableKind(tsNs, e) ? e : undefined;
}

/** The implementation (the declaration with a body) of the overload set `signature` belongs to. */
function overloadImplementation(tsNs: TsNamespace, signature: ts.FunctionLikeDeclaration): ts.FunctionLikeDeclaration | undefined {
  const parent = signature.parent;
  let siblings: readonly ts.Node[] | undefined;
  if (tsNs.isSourceFile(parent) || tsNs.isBlock(parent) || tsNs.isModuleBlock(parent)) siblings = parent.statements;
  else if (tsNs.isClassLike(parent)) siblings = parent.members;
  else if (tsNs.isObjectLiteralExpression(parent)) siblings = parent.properties;
  if (siblings === undefined) return undefined;
  const key = signatureKey(tsNs, signature);
  if (key === undefined) return undefined;
  const start = siblings.indexOf(signature);
  for (let i = start + 1; i < siblings.length; i++) {
    const next = siblings[i]!;
    if (next.kind !== signature.kind || !isObservableKind(tsNs, next) || signatureKey(tsNs, next) !== key) return undefined;
    if (next.body !== undefined) return next;
  }
  return undefined;
}

function signatureKey(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): string | undefined {
  if (tsNs.isConstructorDeclaration(fn)) return "constructor";
  const name = fn.name;
  if (name === undefined) return tsNs.isFunctionDeclaration(fn) ? "default" : undefined;
  if (tsNs.isIdentifier(name) || tsNs.isPrivateIdentifier(name) || tsNs.isStringLiteral(name)) return name.text;
  return undefined;
}

function describe(tsNs: TsNamespace, node: ts.Node): string {
  if (tsNs.isClassLike(node)) return "a class (tag its methods instead)";
  if (tsNs.isVariableStatement(node) || tsNs.isVariableDeclaration(node)) return "a variable";
  if (tsNs.isPropertyDeclaration(node) || tsNs.isPropertyAssignment(node)) return "a property";
  if (tsNs.isInterfaceDeclaration(node) || tsNs.isTypeAliasDeclaration(node)) return "a type";
  if (tsNs.isParameter(node)) return "a parameter";
  if (tsNs.isEnumDeclaration(node)) return "an enum";
  if (tsNs.isModuleDeclaration(node)) return "a namespace";
  if (tsNs.isImportDeclaration(node) || tsNs.isImportEqualsDeclaration(node)) return "an import";
  if (tsNs.isExportDeclaration(node)) return "an export list";
  if (tsNs.isExpressionStatement(node) || tsNs.isExpression(node)) return "an expression";
  return "a statement";
}
