/**
 * Names of an observed function. `name` is the function's JavaScript `name` (what `fn.name` returns);
 * `qualifiedName` prefixes it with its named containers, joined by dots: class (`Cart.checkout`,
 * `Cart.#secret`, `Cart.constructor`), object literal held by a name (`obj.method`), namespace, and
 * enclosing named function (`outer.inner`). `a.b = function () {}` is `a.b`; `Foo.prototype.bar` is `Foo.bar`.
 * `export default` without a name is `default`; an anonymous function is `<anonymous>`.
 */
import type * as ts from "typescript";
import type { SiteMetaPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { isExpressionWrapper, propertyNameText } from "./syntax.js";

const ANONYMOUS = "<anonymous>";

/** The `kind` field of a site. */
export function functionKind(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): SiteMetaPlan["kind"] {
  if (tsNs.isArrowFunction(fn)) return "arrow";
  if (tsNs.isMethodDeclaration(fn)) return "method";
  if (tsNs.isGetAccessorDeclaration(fn)) return "getter";
  if (tsNs.isSetAccessorDeclaration(fn)) return "setter";
  if (tsNs.isConstructorDeclaration(fn)) return "constructor";
  return "function";
}

/** The function's own name and the node it comes from (for the site's line and column). */
export function functionName(tsNs: TsNamespace, fn: ts.Node, sourceFile: ts.SourceFile): { name: string; nameNode: ts.Node | undefined; prefix: string | undefined } {
  if (tsNs.isConstructorDeclaration(fn)) return { name: "constructor", nameNode: undefined, prefix: undefined };
  if (tsNs.isClassLike(fn) || tsNs.isFunctionDeclaration(fn) || tsNs.isFunctionExpression(fn)) {
    if (fn.name !== undefined) return { name: fn.name.text, nameNode: fn.name, prefix: undefined };
    if (tsNs.isFunctionDeclaration(fn) || tsNs.isClassDeclaration(fn)) return { name: "default", nameNode: undefined, prefix: undefined };
  }
  if ((tsNs.isMethodDeclaration(fn) || tsNs.isGetAccessorDeclaration(fn) || tsNs.isSetAccessorDeclaration(fn)) && fn.name !== undefined) {
    return { name: propertyNameText(tsNs, fn.name, sourceFile), nameNode: fn.name, prefix: undefined };
  }
  return nameFromHolder(tsNs, fn, sourceFile);
}

/** An anonymous function or class takes its name from what holds it: variable, property, assignment, export. */
function nameFromHolder(tsNs: TsNamespace, fn: ts.Node, sourceFile: ts.SourceFile): { name: string; nameNode: ts.Node | undefined; prefix: string | undefined } {
  let holder = fn.parent;
  while (holder !== undefined && isExpressionWrapper(tsNs, holder)) {
    holder = holder.parent;
  }
  if (holder === undefined) return { name: "", nameNode: undefined, prefix: undefined };
  if ((tsNs.isVariableDeclaration(holder) || tsNs.isParameter(holder) || tsNs.isBindingElement(holder)) && tsNs.isIdentifier(holder.name)) {
    return { name: holder.name.text, nameNode: undefined, prefix: undefined };
  }
  if ((tsNs.isPropertyAssignment(holder) || tsNs.isPropertyDeclaration(holder)) && holder.initializer !== undefined) {
    return { name: propertyNameText(tsNs, holder.name, sourceFile), nameNode: undefined, prefix: undefined };
  }
  if (tsNs.isExportAssignment(holder)) return { name: "default", nameNode: undefined, prefix: undefined };
  if (tsNs.isBinaryExpression(holder) && holder.operatorToken.kind === tsNs.SyntaxKind.EqualsToken) {
    const left = holder.left;
    if (tsNs.isIdentifier(left)) return { name: left.text, nameNode: undefined, prefix: undefined };
    if (tsNs.isPropertyAccessExpression(left)) {
      const owner = left.expression.getText(sourceFile).replace(/\.prototype$/, "");
      return { name: left.name.text, nameNode: undefined, prefix: owner };
    }
  }
  return { name: "", nameNode: undefined, prefix: undefined };
}

/** The qualified name of `fn`: its named containers and its name, joined by dots. */
export function qualifiedName(
  tsNs: TsNamespace,
  fn: ts.FunctionLikeDeclaration,
  sourceFile: ts.SourceFile,
  own: ReturnType<typeof functionName> = functionName(tsNs, fn, sourceFile),
): string {
  const parts: string[] = [own.name === "" ? ANONYMOUS : own.name];
  if (own.prefix !== undefined) parts.unshift(own.prefix);
  for (let node: ts.Node | undefined = fn.parent; node !== undefined && !tsNs.isSourceFile(node); node = node.parent) {
    const part = containerName(tsNs, node, sourceFile);
    if (part !== undefined) {
      if (part.name !== "") parts.unshift(part.name);
      if (part.prefix !== undefined) {
        parts.unshift(part.prefix);
        break; // `a.b = …` already spells the full path of its owner
      }
    }
  }
  return parts.join(".");
}

function containerName(tsNs: TsNamespace, node: ts.Node, sourceFile: ts.SourceFile): { name: string; prefix: string | undefined } | undefined {
  if (tsNs.isClassLike(node)) {
    const n = functionName(tsNs, node, sourceFile);
    return { name: n.name === "" ? ANONYMOUS : n.name, prefix: n.prefix };
  }
  if (tsNs.isObjectLiteralExpression(node)) {
    const n = nameFromHolder(tsNs, node, sourceFile);
    return n.name === "" ? undefined : { name: n.name, prefix: n.prefix };
  }
  if (tsNs.isModuleDeclaration(node)) return { name: node.name.text, prefix: undefined };
  if (tsNs.isFunctionDeclaration(node) || tsNs.isFunctionExpression(node) || tsNs.isArrowFunction(node) || tsNs.isMethodDeclaration(node) || tsNs.isGetAccessorDeclaration(node) || tsNs.isSetAccessorDeclaration(node) || tsNs.isConstructorDeclaration(node)) {
    // A method's own name is followed by its class, found further up.
    const n = functionName(tsNs, node, sourceFile);
    return n.name === "" ? undefined : { name: n.name, prefix: n.prefix };
  }
  return undefined;
}
