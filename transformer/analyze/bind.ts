/**
 * Bind plans: how `observe(fn)` finds a function's site. Top-level function declarations are bound in the
 * file header (they are hoisted, so an import cycle can call them before the module body ran); an anonymous
 * `export default function` is given a name to be bound by (see {@link BindPlan.anonymousDefault}). Members of
 * a class *declaration* are bound right after the class statement (an anonymous `export default class` is
 * given a name for it too). Private members, class expressions, object literals, arrows and function
 * expressions are not bound: they are observed by qualified name, group or "*".
 */
import type * as ts from "typescript";
import type { AnonymousDefaultPlan, BindPlan } from "../plan.js";
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
  if (!tsNs.isClassDeclaration(cls)) return undefined;
  const statementParent = cls.parent;
  if (!tsNs.isSourceFile(statementParent) && !tsNs.isBlock(statementParent) && !tsNs.isModuleBlock(statementParent)) return undefined;
  let anonymousDefault: AnonymousDefaultPlan | undefined;
  if (cls.name === undefined) {
    // Only `export default class { … }` has no name (a class declaration elsewhere must have one).
    if (!tsNs.isSourceFile(statementParent) || !hasModifier(tsNs, cls, tsNs.SyntaxKind.DefaultKeyword)) return undefined;
    // A class decorator is given the class (a TC39 one also `context.name`) while the class is being defined,
    // before anything after the statement could put `name` back, and TypeScript's TC39 emit (ES2022+) takes
    // the name from the declaration: naming the class would change what the decorator sees. Not bound.
    if (decorated(tsNs, cls)) return undefined;
    anonymousDefault = planAnonymousDefaultClass(tsNs, statementParent, cls);
  }
  const className = anonymousDefault?.name ?? cls.name!.text;
  const plan = (expressionCode: string): BindPlan =>
    anonymousDefault === undefined ? { expressionCode, afterStatement: cls } : { expressionCode, afterStatement: cls, anonymousDefault };
  if (tsNs.isConstructorDeclaration(fn)) return plan(className);
  if (!tsNs.isMethodDeclaration(fn) && !tsNs.isGetAccessorDeclaration(fn) && !tsNs.isSetAccessorDeclaration(fn)) return undefined;
  const name = fn.name;
  let key: string;
  if (tsNs.isIdentifier(name) || tsNs.isStringLiteral(name) || tsNs.isNumericLiteral(name)) key = name.text;
  else return undefined; // #private or computed: not reachable by a static expression
  const owner = hasModifier(tsNs, fn, tsNs.SyntaxKind.StaticKeyword) ? className : `${className}.prototype`;
  if (tsNs.isMethodDeclaration(fn)) {
    const access = isIdentifierText(key) ? `${owner}.${key}` : `${owner}[${JSON.stringify(key)}]`;
    return plan(access);
  }
  const which = tsNs.isGetAccessorDeclaration(fn) ? "get" : "set";
  return plan(`Object.getOwnPropertyDescriptor(${owner}, ${JSON.stringify(key)}).${which}`);
}

/**
 * `export default function () {}` (async, generator): it has no binding the module can name, so it gets
 * one, `<prefix>_default` (every `<prefix>_` name is collision-free, see names.ts), written before its
 * parameter list (or type parameter list).
 */
function planAnonymousDefault(sourceFile: ts.SourceFile, fn: ts.FunctionDeclaration): BindPlan {
  const name = defaultName(sourceFile);
  const namePosition = (fn.typeParameters ?? fn.parameters).pos - 1;
  const opening = sourceFile.text[namePosition];
  if (opening !== "(" && opening !== "<") {
    throw new Error(`the parameter list of an anonymous default function does not start at offset ${namePosition} (found ${JSON.stringify(opening)})`);
  }
  return {
    expressionCode: name,
    afterStatement: "top",
    anonymousDefault: { name, namePosition, declaration: fn, restoreName: true, namedByTypeScript: false },
  };
}

/** `<prefix>_default` for `sourceFile` (every `<prefix>_` name is collision-free, see names.ts). */
function defaultName(sourceFile: ts.SourceFile): string {
  return chooseNames(sourceFile.text).site.slice(0, -"_site".length) + "_default";
}

/** One plan per class, shared by the BindPlans of its members (the emitters name the class once). */
const classPlans = new WeakMap<ts.ClassDeclaration, AnonymousDefaultPlan>();

/**
 * `export default class { … }` (abstract, generic, derived, with decorated members; not a decorated class): its members are bound after the
 * class statement by the name `<prefix>_default`, written right after the `class` keyword (before type
 * parameters, `extends`, `implements` and the body). An anonymous class cannot refer to itself by name, so the
 * name is invisible inside it except through `name`, which is put back unless the class has its own.
 */
function planAnonymousDefaultClass(tsNs: TsNamespace, sourceFile: ts.SourceFile, cls: ts.ClassDeclaration): AnonymousDefaultPlan {
  const cached = classPlans.get(cls);
  if (cached !== undefined) return cached;
  const text = sourceFile.text;
  // The modifiers (decorators included, before or after `export default`) end before the `class` keyword.
  const modifiers = cls.modifiers;
  const keyword = skipTrivia(text, modifiers !== undefined && modifiers.length > 0 ? modifiers.end : cls.pos);
  if (!text.startsWith("class", keyword)) {
    throw new Error(`an anonymous default class does not have its class keyword at offset ${keyword} (found ${JSON.stringify(text.slice(keyword, keyword + 5))})`);
  }
  let ownName = false;
  // What makes TypeScript name the class `default_1` itself, in any module format and decorator mode.
  let namedByTypeScript = false;
  for (const member of cls.members) {
    const isStatic = hasModifier(tsNs, member, tsNs.SyntaxKind.StaticKeyword);
    if (isStatic && !hasModifier(tsNs, member, tsNs.SyntaxKind.DeclareKeyword) && staticName(tsNs, member.name) === "name") ownName = true;
    if (isStatic && tsNs.isPropertyDeclaration(member) && member.initializer !== undefined) namedByTypeScript = true;
    if (decorated(tsNs, member)) namedByTypeScript = true;
    if (tsNs.isFunctionLike(member) && member.parameters.some((p) => decorated(tsNs, p))) namedByTypeScript = true;
  }
  const plan: AnonymousDefaultPlan = {
    name: defaultName(sourceFile),
    namePosition: keyword + "class".length,
    declaration: cls,
    restoreName: !ownName,
    namedByTypeScript,
  };
  classPlans.set(cls, plan);
  return plan;
}

function decorated(tsNs: TsNamespace, node: ts.Node): boolean {
  return tsNs.canHaveDecorators(node) && (tsNs.getDecorators(node)?.length ?? 0) > 0;
}

/** The static name of a member name: identifier, string or numeric literal, or a computed string literal. */
function staticName(tsNs: TsNamespace, name: ts.PropertyName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (tsNs.isIdentifier(name) || tsNs.isStringLiteral(name) || tsNs.isNumericLiteral(name) || tsNs.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (tsNs.isComputedPropertyName(name)) {
    const expression = name.expression;
    if (tsNs.isStringLiteral(expression) || tsNs.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  }
  return undefined;
}

/** The offset of the first character at or after `position` that is not white space or a comment. */
function skipTrivia(text: string, position: number): number {
  let i = position;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xfeff || c === 0xa0 || c === 0x2028 || c === 0x2029) i++;
    else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf("*/", i + 2);
      i = close === -1 ? text.length : close + 2;
    } else return i;
  }
}
