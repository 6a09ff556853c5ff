/**
 * Bind plans: how `observe(fn)` finds a function's site. Top-level function declarations are bound in the
 * file header (they are hoisted, so an import cycle can call them before the module body ran); an anonymous
 * `export default function` is given a name to be bound by (see {@link BindPlan.anonymousDefault}). Members of
 * a named class *declaration* are bound right after the class statement. Private members, class
 * expressions, object literals, arrows and function expressions are not bound: they are observed by
 * qualified name, group or "*".
 */
import type * as ts from "typescript";
import type { BindPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { chooseNames } from "./names.js";
import { hasModifier, isIdentifierText } from "./syntax.js";

/** The bind plan of `fn`, or undefined when it is not bound. */
export function planBind(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): BindPlan | undefined {
  if (tsNs.isFunctionDeclaration(fn)) {
    if (!tsNs.isSourceFile(fn.parent)) return undefined;
    if (fn.name !== undefined) return { expressionCode: fn.name.text, afterStatement: "top" };
    if (!hasModifier(tsNs, fn, tsNs.SyntaxKind.DefaultKeyword)) return undefined;
    return planAnonymousDefault(fn.parent, fn);
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

/**
 * `export default function () {}` (async, generator): it has no binding the module can name, so it gets
 * one, `<prefix>_default` (every `<prefix>_` name is collision-free, see names.ts), written before its
 * parameter list (or type parameter list).
 */
function planAnonymousDefault(sourceFile: ts.SourceFile, fn: ts.FunctionDeclaration): BindPlan {
  const names = chooseNames(sourceFile.text);
  const name = names.site.slice(0, -"_site".length) + "_default";
  const namePosition = (fn.typeParameters ?? fn.parameters).pos - 1;
  const opening = sourceFile.text[namePosition];
  if (opening !== "(" && opening !== "<") {
    throw new Error(`the parameter list of an anonymous default function does not start at offset ${namePosition} (found ${JSON.stringify(opening)})`);
  }
  return { expressionCode: name, afterStatement: "top", anonymousDefault: { name, namePosition } };
}
