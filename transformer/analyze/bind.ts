/**
 * Bind plans: how `observe(fn)` finds a function's site (docs/EMIT.md, "Binds"). A function is bound when a
 * static expression reaches it right after the statement that creates it, and nothing before that point can
 * have replaced it:
 * - top-level function declarations, in the file header (they are hoisted, so an import cycle can call them
 *   before the module body ran); an anonymous `export default function` is given a name to be bound by (see
 *   {@link BindPlan.anonymousDefault});
 * - members of a class *declaration*, right after the class statement (an anonymous `export default class`
 *   is given a name for it too);
 * - values held by a top-level variable (`const`, `let` or `var`, exported or not), right after the variable
 *   statement: a function expression or arrow (`handler`), the members of a class expression (`Cart.prototype.total`)
 *   and the methods, accessors and function-valued properties of an object literal (`api.get`), also through
 *   object literals held by properties (`api.users.get`). `let`/`var`: the initial value is bound.
 * Not bound (observed by qualified name, group or "*"): functions created in another function or a block (a
 * closure per call would have to be bound at each creation), `#private` and computed members, class field
 * arrows (one per instance), `export default` of an expression, and values something could replace before
 * the bind runs (a later property with the same key or a spread in the object literal, a later declarator of
 * the statement that runs code).
 */
import type * as ts from "typescript";
import type { AnonymousDefaultPlan, BindPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { chooseNames } from "./names.js";
import { hasModifier, isAmbient, isExpressionWrapper } from "./syntax.js";

/** The bind plan of `fn`, or undefined when it is not bound. */
export function planBind(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration): BindPlan | undefined {
  if (tsNs.isFunctionDeclaration(fn)) {
    if (!tsNs.isSourceFile(fn.parent)) return undefined;
    if (fn.name !== undefined) return { expressionCode: fn.name.text, afterStatement: "top" };
    if (!hasModifier(tsNs, fn, tsNs.SyntaxKind.DefaultKeyword)) return undefined;
    return planAnonymousDefault(fn.parent, fn);
  }
  if (tsNs.isFunctionExpression(fn) || tsNs.isArrowFunction(fn)) {
    const held = heldValue(tsNs, fn);
    return held === undefined ? undefined : heldPlan(held, held.code);
  }
  const owner = fn.parent;
  if (tsNs.isObjectLiteralExpression(owner)) return planObjectMember(tsNs, fn, owner);
  if (tsNs.isClassExpression(owner)) {
    const held = heldValue(tsNs, owner);
    if (held === undefined) return undefined;
    const code = memberCode(tsNs, fn, held.code);
    return code === undefined ? undefined : heldPlan(held, code);
  }
  const cls = owner;
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
  const expressionCode = memberCode(tsNs, fn, anonymousDefault?.name ?? cls.name!.text);
  if (expressionCode === undefined) return undefined;
  return anonymousDefault === undefined ? { expressionCode, afterStatement: cls } : { expressionCode, afterStatement: cls, anonymousDefault };
}

/**
 * How a class member is reached from an expression for its class: the class itself for a constructor,
 * `C.m` / `C.prototype.m` for a method, the descriptor's `get`/`set` for an accessor; undefined for a
 * `#private`, computed or field member.
 */
function memberCode(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, classCode: string): string | undefined {
  if (tsNs.isConstructorDeclaration(fn)) return classCode;
  if (!tsNs.isMethodDeclaration(fn) && !tsNs.isGetAccessorDeclaration(fn) && !tsNs.isSetAccessorDeclaration(fn)) return undefined;
  const key = staticName(tsNs, fn.name);
  if (key === undefined) return undefined; // #private or computed: not reachable by a static expression
  const owner = hasModifier(tsNs, fn, tsNs.SyntaxKind.StaticKeyword) ? classCode : `${classCode}.prototype`;
  if (tsNs.isMethodDeclaration(fn)) return propertyCode(tsNs, owner, key);
  return descriptorCode(owner, key, tsNs.isGetAccessorDeclaration(fn) ? "get" : "set");
}

/** A method or accessor of an object literal: `api.get`, `Object.getOwnPropertyDescriptor(api, "size").get`. */
function planObjectMember(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, object: ts.ObjectLiteralExpression): BindPlan | undefined {
  if (!tsNs.isMethodDeclaration(fn) && !tsNs.isGetAccessorDeclaration(fn) && !tsNs.isSetAccessorDeclaration(fn)) return undefined;
  const key = staticName(tsNs, fn.name);
  if (key === undefined || key === "__proto__" || replacedLater(tsNs, object, fn)) return undefined;
  const held = heldValue(tsNs, object);
  if (held === undefined) return undefined;
  const code = tsNs.isMethodDeclaration(fn) ? propertyCode(tsNs, held.code, key) : descriptorCode(held.code, key, tsNs.isGetAccessorDeclaration(fn) ? "get" : "set");
  return heldPlan(held, code);
}

/** A value reached from a top-level variable right after its statement (see {@link heldValue}). */
interface Held {
  /** `handler`, `api`, `api.users`. */
  code: string;
  statement: ts.VariableStatement;
  /** The variable's declared name (BindPlan.variable). */
  variable: ts.Identifier;
}

function heldPlan(held: Held, expressionCode: string): BindPlan {
  return { expressionCode, afterStatement: held.statement, variable: held.variable };
}

/**
 * How the value of `node` (a function, class or object literal expression) is reached right after the
 * variable statement that creates it: the variable when `node` is its initializer (through parentheses and
 * type assertions, which keep the value and its inferred `name`), or a property of such an object literal.
 * Undefined when it is not held that way, or when something could replace it before the statement ends.
 */
function heldValue(tsNs: TsNamespace, node: ts.Expression): Held | undefined {
  let value: ts.Node = node;
  while (isExpressionWrapper(tsNs, value.parent)) value = value.parent;
  const holder = value.parent;
  if (tsNs.isPropertyAssignment(holder) && holder.initializer === value && tsNs.isObjectLiteralExpression(holder.parent)) {
    const key = staticName(tsNs, holder.name);
    if (key === undefined || key === "__proto__" || replacedLater(tsNs, holder.parent, holder)) return undefined;
    const owner = heldValue(tsNs, holder.parent);
    return owner === undefined ? undefined : { ...owner, code: propertyCode(tsNs, owner.code, key) };
  }
  if (!tsNs.isVariableDeclaration(holder) || holder.initializer !== value || !tsNs.isIdentifier(holder.name)) return undefined;
  const list = holder.parent;
  if (!tsNs.isVariableDeclarationList(list)) return undefined;
  const statement = list.parent;
  if (!tsNs.isVariableStatement(statement) || !tsNs.isSourceFile(statement.parent) || isAmbient(tsNs, statement)) return undefined;
  const flags = list.flags;
  // `using` / `await using` hold disposables (and TypeScript lowers them into a try block).
  if ((flags & tsNs.NodeFlags.Using) !== 0) return undefined;
  // A later declarator of the statement runs before the bind: with `let`/`var` it could reassign the variable,
  // and with any kind change a property the bind reads. Only declarators that run no code may follow, except
  // for a function held by a `const` itself, which nothing can replace.
  const isConst = (flags & tsNs.NodeFlags.BlockScoped) === tsNs.NodeFlags.Const;
  if (!(isConst && (tsNs.isFunctionExpression(node) || tsNs.isArrowFunction(node)))) {
    if (list.declarations.indexOf(holder) < lastActiveDeclarator(tsNs, list)) return undefined;
  }
  return { code: holder.name.text, statement, variable: holder.name };
}

/** `owner.key`, or `owner["key"]` when the key is not an identifier. */
function propertyCode(tsNs: TsNamespace, owner: string, key: string): string {
  return IDENTIFIER_NAME.test(key) ? `${owner}.${key}` : `${owner}[${JSON.stringify(key)}]`;
}

/** An IdentifierName as ECMAScript defines it (reserved words included: they are valid after a dot). */
const IDENTIFIER_NAME = /^[$_\p{ID_Start}][$\u200c\u200d\p{ID_Continue}]*$/u;

function descriptorCode(owner: string, key: string, which: "get" | "set"): string {
  return `Object.getOwnPropertyDescriptor(${owner}, ${JSON.stringify(key)}).${which}`;
}

const DATA = 1;
const GET = 2;
const SET = 4;
/** Per object literal, its members that a later member may replace (computed once, in one backward pass). */
const replacedMembers = new WeakMap<ts.ObjectLiteralExpression, Set<ts.Node>>();

/**
 * Whether a later member of `object` may replace `member`'s property: one with the same key (a setter after a
 * getter, or a getter after a setter, only completes the accessor), or a spread or computed key that could be it.
 */
function replacedLater(tsNs: TsNamespace, object: ts.ObjectLiteralExpression, member: ts.Node): boolean {
  let replaced = replacedMembers.get(object);
  if (replaced === undefined) {
    replaced = new Set();
    const later = new Map<string, number>();
    let unknown = false;
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const p = object.properties[i]!;
      if (tsNs.isSpreadAssignment(p)) {
        unknown = true;
        continue;
      }
      const key = tsNs.isShorthandPropertyAssignment(p) ? p.name.text : staticName(tsNs, p.name);
      if (key === undefined) {
        unknown = true;
        continue;
      }
      const kind = tsNs.isGetAccessorDeclaration(p) ? GET : tsNs.isSetAccessorDeclaration(p) ? SET : DATA;
      const seen = later.get(key) ?? 0;
      if (unknown || (kind === DATA ? seen !== 0 : (seen & (DATA | kind)) !== 0)) replaced.add(p);
      later.set(key, seen | kind);
    }
    replacedMembers.set(object, replaced);
  }
  return replaced.has(member);
}

/** Per declaration list, the index of its last declarator whose initializer may run code (-1: none). */
const activeDeclarators = new WeakMap<ts.VariableDeclarationList, number>();

function lastActiveDeclarator(tsNs: TsNamespace, list: ts.VariableDeclarationList): number {
  let last = activeDeclarators.get(list);
  if (last === undefined) {
    last = -1;
    list.declarations.forEach((d, i) => {
      if (!tsNs.isIdentifier(d.name) || (d.initializer !== undefined && !runsNoCode(tsNs, d.initializer))) last = i;
    });
    activeDeclarators.set(list, last);
  }
  return last;
}

/**
 * Expressions whose evaluation runs no user code: functions and arrows, literals, names, and object and array
 * literals of those (no spread, no computed key). Anything else may call something that changes a binding.
 */
function runsNoCode(tsNs: TsNamespace, expression: ts.Expression): boolean {
  let e = expression;
  while (isExpressionWrapper(tsNs, e)) e = e.expression;
  switch (e.kind) {
    case tsNs.SyntaxKind.FunctionExpression:
    case tsNs.SyntaxKind.ArrowFunction:
    case tsNs.SyntaxKind.Identifier:
    case tsNs.SyntaxKind.NumericLiteral:
    case tsNs.SyntaxKind.BigIntLiteral:
    case tsNs.SyntaxKind.StringLiteral:
    case tsNs.SyntaxKind.NoSubstitutionTemplateLiteral:
    case tsNs.SyntaxKind.RegularExpressionLiteral:
    case tsNs.SyntaxKind.TrueKeyword:
    case tsNs.SyntaxKind.FalseKeyword:
    case tsNs.SyntaxKind.NullKeyword:
      return true;
  }
  if (tsNs.isObjectLiteralExpression(e)) {
    return e.properties.every((p) => {
      if (tsNs.isSpreadAssignment(p)) return false;
      if (tsNs.isShorthandPropertyAssignment(p)) return p.objectAssignmentInitializer === undefined;
      if (staticName(tsNs, p.name) === undefined) return false;
      return !tsNs.isPropertyAssignment(p) || runsNoCode(tsNs, p.initializer);
    });
  }
  if (tsNs.isArrayLiteralExpression(e)) return e.elements.every((el) => tsNs.isOmittedExpression(el) || (!tsNs.isSpreadElement(el) && runsNoCode(tsNs, el)));
  return false;
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
