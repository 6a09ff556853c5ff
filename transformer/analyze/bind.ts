/**
 * Bind plans: how `observe(fn)` finds a function's site. Top-level function declarations are bound in the
 * file header (they are hoisted, so an import cycle can call them before the module body ran). Members of
 * a named class *declaration* are bound right after the class statement. Private members, class
 * expressions, object literals, arrows and function expressions are not bound: they are observed by
 * qualified name, group or "*".
 */
import type * as ts from "typescript";
import type { BindPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { hasModifier, isIdentifierText } from "./syntax.js";

/** The bind plan of `fn`, or undefined when it is not bound. */
export function planBind(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): BindPlan | undefined {
  if (tsNs.isFunctionDeclaration(fn)) {
    if (fn.name === undefined || !tsNs.isSourceFile(fn.parent)) return undefined;
    return { expressionCode: fn.name.text, afterStatement: "top" };
  }
  const cls = fn.parent;
  if (!tsNs.isClassDeclaration(cls) || cls.name === undefined) return undefined;
  const statementParent = cls.parent;
  if (!tsNs.isSourceFile(statementParent) && !tsNs.isBlock(statementParent) && !tsNs.isModuleBlock(statementParent)) return undefined;
  const className = cls.name.text;
  if (tsNs.isConstructorDeclaration(fn)) return { expressionCode: className, afterStatement: cls };
  if (!tsNs.isMethodDeclaration(fn) && !tsNs.isGetAccessorDeclaration(fn) && !tsNs.isSetAccessorDeclaration(fn)) return undefined;
  const name = fn.name;
  let key: string;
  if (tsNs.isIdentifier(name) || tsNs.isStringLiteral(name) || tsNs.isNumericLiteral(name)) key = name.text;
  else return undefined; // #private or computed: not reachable by a static expression
  const owner = hasModifier(tsNs, fn, tsNs.SyntaxKind.StaticKeyword) ? className : `${className}.prototype`;
  if (tsNs.isMethodDeclaration(fn)) {
    const access = isIdentifierText(key) ? `${owner}.${key}` : `${owner}[${JSON.stringify(key)}]`;
    return { expressionCode: access, afterStatement: cls };
  }
  const which = tsNs.isGetAccessorDeclaration(fn) ? "get" : "set";
  return { expressionCode: `Object.getOwnPropertyDescriptor(${owner}, ${JSON.stringify(key)}).${which}`, afterStatement: cls };
}
