/**
 * The function-level shape of the tsc path (docs/EMIT.md "Function level"): the entry line, the early
 * return, and the try/catch (try/catch/finally for generators) around the original statements. The original statements are reused
 * (visited), so their positions, comments and source-map entries are kept. Fixed text is printed raw
 * (see raw.ts); `this`, parameter and captured names and the user's expressions stay real nodes.
 */
import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "../plan.js";
import { usesEnterN } from "../analyze/site-meta.js";
import { rawAs, rawExpression, rawStatement, rawStatementText } from "./raw.js";
import { bareReturnSettleText, canFallOffEnd, catchTexts, doneText, earlyText, entryParts, entryText, guardText, resumeText, returnsNoValue, settlesInBody, valueName } from "../emit-rules.js";

/**
 * What the compilation target allows (transform-file.ts, emitStyleFor). Raw text is opaque to TypeScript's
 * own transforms, so it must hold nothing they would rewrite.
 */
export interface EmitStyle {
  /** ES2015 or later: `const`/`let` may be raw text (ES5's transform turns real declarations into `var`). */
  rawDeclarations: boolean;
  /**
   * Below ES2015 the generator transform rewrites async function bodies into a state machine: it negates
   * conditions (`!(c)`: a raw condition is parenthesized) and turns each `return X` into `return [2, X]`
   * (the early return and the catch block are then real statements).
   */
  downlevel: boolean;
  /** ES2018 or later: native async generators. Below, their `return X` is rewritten too: real statements. */
  nativeAsyncGenerators: boolean;
}

/** Visitors of the file transformer, applied to the original statements and expressions. */
export interface BodyVisitors {
  statements(statements: readonly ts.Statement[]): ts.Statement[];
  expression(expression: ts.Expression): ts.Expression;
  /** Whether `X` must be evaluated once into the value local (long, or holding rewritten code). */
  single(original: ts.Expression, visited: ts.Expression): boolean;
  /** Whether a return or await of this function used the value local (asked after its body was visited). */
  usesValue(fn: FunctionPlan): boolean;
}

/** The new body of an observed function. */
export function observedBody(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, visit: BodyVisitors, style: EmitStyle): ts.Block {
  const body = fn.body;
  if (tsNs.isBlock(body)) {
    const statements = body.statements;
    const split = fn.prologueAfter === undefined ? 0 : statements.indexOf(fn.prologueAfter) + 1;
    const head = visit.statements(statements.slice(0, split));
    const rest = visit.statements(statements.slice(split));
    const fallsOff = canFallOffEnd(tsNs, statements);
    if (flatTry(tsNs, fn, style, statements)) {
      return factory.updateBlock(body, [...head, ...flatPrologue(tsNs, factory, names, fn, visit.usesValue(fn)), ...rest, flatEpilogue(factory, names, fn, fallsOff)]);
    }
    return factory.updateBlock(body, [...head, ...prologue(tsNs, factory, names, fn, visit.usesValue(fn), style), tryStatement(tsNs, factory, names, fn, rest, fallsOff, style)]);
  }
  const expression = visit.expression(body);
  const single = visit.single(body, expression);
  const ret = tsNs.setTextRange(returnStatement(factory, names, expression, single, style), body);
  const statements = flatTry(tsNs, fn, style, [])
    ? [...flatPrologue(tsNs, factory, names, fn, single || visit.usesValue(fn)), ret, flatEpilogue(factory, names, fn, false)]
    : [...prologue(tsNs, factory, names, fn, single || visit.usesValue(fn), style), tryStatement(tsNs, factory, names, fn, [ret], false, style)];
  return tsNs.setTextRange(factory.createBlock(statements, true), body);
}

/**
 * Whether the `try` is printed flat (ES2015+): `try {` and the catch clause as raw statements around the
 * original statements, which are then the function body's own. Two fixed statements instead of a try
 * statement, its block, its catch clause and the prologue's nodes; the printed code is the same (only the
 * indentation of the wrapped statements differs). Not where a transform must see the `try`: below ES2015 and
 * for the returns of an async generator below ES2018 ({@link realReturns}), and not when the wrapped
 * statements hold a `using` declaration at their top level: TypeScript's transform then wraps statements of
 * the body in its own `try` (TypeScript 5.9 wraps all of them, which would still nest; a transform that
 * started its `try` at the first `using` would cut across ours), so the `try` stays a real statement.
 */
function flatTry(tsNs: typeof ts, fn: FunctionPlan, style: EmitStyle, statements: readonly ts.Statement[]): boolean {
  if (!style.rawDeclarations || realReturns(fn, style)) return false;
  for (const s of statements) {
    if (tsNs.isVariableStatement(s) && (s.declarationList.flags & tsNs.NodeFlags.Using) !== 0) return false;
  }
  return true;
}

/**
 * The flat prologue: `const C = …; if (C !== null && C.skip) return C.early(); [let V;] try { [capture;]` as
 * one raw statement, or (an arrow, whose `this` stays a real node, see {@link rawThis}) the declaration and
 * the rest as a raw statement.
 */
function flatPrologue(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, declaresValue: boolean): ts.Statement[] {
  const value = declaresValue ? ` let ${valueName(names)};` : "";
  const capture = fn.meta.capture.length > 0 ? ` ${captureText(names, fn.meta.capture)};` : "";
  const rest = `${earlyText(names, fn)};${value} try {${capture}`;
  if (rawThis(tsNs, fn)) return [rawStatementText(factory, `const ${names.ctx} = ${guardText(names, fn)} ? ${entryText(names, fn)} : null; ${rest}`)];
  const declaration = factory.createExpressionStatement(
    factory.createConditionalExpression(rawExpression(factory, `const ${names.ctx} = ${guardText(names, fn)}`), undefined, enterCall(factory, names, fn), undefined, rawExpression(factory, "null")),
  );
  return [declaration, rawStatementText(factory, rest)];
}

/** The flat epilogue: `[if (C !== null) C.done();] } catch (E) { if (C === null) throw E; return C.fail(E); } [finally { … }]`. */
function flatEpilogue(factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, fallsOff: boolean): ts.Statement {
  const settles = settlesInBody(fn.meta);
  const [rethrow, fail] = catchTexts(names, fn);
  const done = settles && fallsOff ? `${doneText(names)}; ` : "";
  const fin = settles ? "" : ` finally { ${doneText(names)}; }`;
  return rawStatementText(factory, `${done}} catch (${names.err}) { ${rethrow}; ${fail}; }${fin}`);
}

/**
 * `return C === null ? X : C.ok(X);` — X is evaluated once either way; with `single`,
 * `return (V = X, C === null ? V : C.ok(V));` so that X is also printed once (emit-rules.ts).
 */
export function returnStatement(factory: ts.NodeFactory, names: EmitNames, expression: ts.Expression, single: boolean, style: EmitStyle): ts.ReturnStatement {
  if (single) {
    const v = valueName(names);
    return factory.createReturnStatement(
      factory.createParenthesizedExpression(
        factory.createComma(factory.createAssignment(factory.createIdentifier(v), expression), rawExpression(factory, `${names.ctx} === null ? ${v} : ${names.ctx}.ok(${v})`)),
      ),
    );
  }
  return factory.createReturnStatement(
    factory.createConditionalExpression(
      condition(factory, `${names.ctx} === null`, style),
      undefined,
      expression,
      undefined,
      factory.createCallExpression(method(factory, names, "ok", style), undefined, [expression]),
    ),
  );
}

/** `{ if (C !== null) C.ok(void 0); return; }` — a bare `return;` of a function that settles in its body (emit-rules.ts). */
export function bareReturnStatement(factory: ts.NodeFactory, names: EmitNames): ts.Block {
  return factory.createBlock([rawStatement(factory, bareReturnSettleText(names)), factory.createReturnStatement()], false);
}

/**
 * A catch or finally block the body can enter after an own await rejected (FunctionPlan.resumeBlocks), with
 * `if (C !== null) C.resume(void 0);` first. Raw on every target: it holds only our own names, and below
 * ES2017 the generator transform emits a statement without `await` or `return` as it is.
 */
export function resumeBlock(factory: ts.NodeFactory, names: EmitNames, block: ts.Block, statements: readonly ts.Statement[]): ts.Block {
  return factory.updateBlock(block, [rawStatement(factory, resumeText(names)), ...statements]);
}

/**
 * `(C === null ? await E : C.resume(await C.suspend(E)))` — E is evaluated once either way; with `single`,
 * `(V = E, C === null ? await V : C.resume(await C.suspend(V)))`.
 */
export function awaitExpression(factory: ts.NodeFactory, names: EmitNames, operand: ts.Expression, single: boolean, style: EmitStyle): ts.Expression {
  const test = condition(factory, `${names.ctx} === null`, style);
  const resumed = (value: ts.Expression): ts.Expression =>
    factory.createCallExpression(method(factory, names, "resume", style), undefined, [
      factory.createAwaitExpression(factory.createCallExpression(method(factory, names, "suspend", style), undefined, [value])),
    ]);
  if (single) {
    // The awaits stay real nodes: an async function of a target below ES2017 is rewritten into a generator.
    const v = valueName(names);
    return factory.createParenthesizedExpression(
      factory.createComma(
        factory.createAssignment(factory.createIdentifier(v), operand),
        factory.createConditionalExpression(test, undefined, factory.createAwaitExpression(rawExpression(factory, v)), undefined, resumed(rawExpression(factory, v))),
      ),
    );
  }
  return factory.createParenthesizedExpression(factory.createConditionalExpression(test, undefined, factory.createAwaitExpression(operand), undefined, resumed(operand)));
}

/** A raw condition; parenthesized for the generator transform, which prints `!(test)` as `!test` (see {@link EmitStyle}). */
function condition(factory: ts.NodeFactory, code: string, style: EmitStyle): ts.Expression {
  const raw = rawExpression(factory, code);
  return style.downlevel ? factory.createParenthesizedExpression(raw) : raw;
}

/**
 * `C.name` as a callee. Below ES2015 a real property access: the generator transform splits a call whose
 * arguments hold an `await` and keeps the receiver only of a real member call.
 */
function method(factory: ts.NodeFactory, names: EmitNames, name: string, style: EmitStyle): ts.Expression {
  return style.downlevel ? factory.createPropertyAccessExpression(factory.createIdentifier(names.ctx), name) : rawExpression(factory, `${names.ctx}.${name}`);
}

/** Whether the early return and the catch block must be real statements (see {@link EmitStyle}). */
function realReturns(fn: FunctionPlan, style: EmitStyle): boolean {
  return style.downlevel || (fn.meta.async && fn.meta.generator && !style.nativeAsyncGenerators);
}

/** `if (C !== null && C.skip) return C.early();` */
function earlyStatement(factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, style: EmitStyle): ts.Statement {
  if (!realReturns(fn, style)) return rawStatement(factory, earlyText(names, fn));
  const early = rawExpression(factory, `${names.ctx}.early()`);
  const then = returnsNoValue(fn) ? factory.createBlock([factory.createExpressionStatement(early), factory.createReturnStatement()]) : factory.createReturnStatement(early);
  return factory.createIfStatement(condition(factory, `${names.ctx} !== null && ${names.ctx}.skip`, style), then);
}

/** `return C.fail(E);`, or in a setter `C.fail(E);` (emit-rules.ts `returnsNoValue`). */
function failStatement(factory: ts.NodeFactory, fn: FunctionPlan, fail: ts.Expression): ts.Statement {
  return returnsNoValue(fn) ? factory.createExpressionStatement(fail) : factory.createReturnStatement(fail);
}

/**
 * `catch (E) { if (C === null) throw E; return C.fail(E); }` — the block one raw node (printed on one line),
 * or real statements. Below ES2015 the generator transform renames the catch variable of an async function;
 * a generated name is the one kind it renames everywhere, so E is then one generated identifier node.
 */
function catchClause(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, style: EmitStyle): ts.CatchClause {
  if (!realReturns(fn, style)) {
    const [rethrow, fail] = catchTexts(names, fn);
    return rawAs<ts.CatchClause>(factory, `catch (${names.err}) { ${rethrow}; ${fail}; }`);
  }
  const err = style.downlevel ? factory.createUniqueName(names.err, tsNs.GeneratedIdentifierFlags.Optimistic) : factory.createIdentifier(names.err);
  return factory.createCatchClause(
    factory.createVariableDeclaration(err),
    factory.createBlock(
      [
        factory.createIfStatement(condition(factory, `${names.ctx} === null`, style), factory.createThrowStatement(err)),
        failStatement(factory, fn, factory.createCallExpression(rawExpression(factory, `${names.ctx}.fail`), undefined, [err])),
      ],
      true,
    ),
  );
}

/**
 * `const C = I > 0 ? S.enter(this, …) : null;`, `if (C !== null && C.skip) return C.early();`
 * and `let V;` when used, before a real `try` statement (see {@link flatTry} for the usual ES2015+ form). With
 * `style.rawDeclarations` (target ES2015 or later, where no transform rewrites a `const` or a parameter name)
 * the declaration is raw text, one raw statement with the early return where `this` may be raw too
 * ({@link rawThis}); else a conditional whose test carries `const C = ` and the guard, with a real `this`.
 * An ES5 target needs a real declaration (turned into `var`) and real names.
 */
function prologue(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, declaresValue: boolean, style: EmitStyle): ts.Statement[] {
  if (style.rawDeclarations && rawThis(tsNs, fn) && !realReturns(fn, style)) {
    // One raw statement: the declaration, the early return and `let V`.
    const value = declaresValue ? `; let ${valueName(names)}` : "";
    return [rawStatement(factory, `const ${names.ctx} = ${guardText(names, fn)} ? ${entryText(names, fn)} : null; ${earlyText(names, fn)}${value}`)];
  }
  const early = earlyStatement(factory, names, fn, style);
  if (style.rawDeclarations) {
    // ES2015+: parameter names are never renamed (only ES5's block scoping renames locals), so the values are
    // raw text; `this` too where it is the function's own (not an arrow's lexical `this`, which the class
    // fields transform rewrites in static initializers): the whole declaration is then one raw statement.
    const declaration = rawThis(tsNs, fn)
      ? rawStatement(factory, `const ${names.ctx} = ${guardText(names, fn)} ? ${entryText(names, fn)} : null`)
      : factory.createExpressionStatement(
          factory.createConditionalExpression(rawExpression(factory, `const ${names.ctx} = ${guardText(names, fn)}`), undefined, enterCall(factory, names, fn), undefined, rawExpression(factory, "null")),
        );
    // Declared outside `try` (before the user's statements) only when a return or await uses it.
    return declaresValue ? [declaration, early, rawStatement(factory, `let ${valueName(names)}`)] : [declaration, early];
  }
  const values = fn.params.map((p): ts.Expression => {
    if (p.shape === "identifier") return factory.createIdentifier(p.bindings[0]!);
    return p.shape === "object"
      ? factory.createObjectLiteralExpression(p.bindings.map((b) => factory.createShorthandPropertyAssignment(b)), false)
      : factory.createArrayLiteralExpression(p.bindings.map((b) => factory.createIdentifier(b)), false);
  });
  const many = usesEnterN(fn);
  // `this` stays a real node: downlevel transforms rewrite it (arrows and derived constructors in ES5,
  // static initializers moved out of their class); parameter names too.
  const { callee, thisArg } = entryParts(names, fn);
  const enterArgs = many ? [thisNode(factory, thisArg), factory.createArrayLiteralExpression(values, false)] : [thisNode(factory, thisArg), ...values];
  const enter = factory.createCallExpression(rawExpression(factory, callee), undefined, enterArgs);
  const declaration = factory.createVariableStatement(
    undefined,
    factory.createVariableDeclarationList(
      [factory.createVariableDeclaration(names.ctx, undefined, undefined, factory.createConditionalExpression(rawExpression(factory, guardText(names, fn)), undefined, enter, undefined, factory.createNull()))],
      tsNs.NodeFlags.Const,
    ),
  );
  if (!declaresValue) return [declaration, early];
  const value = factory.createVariableStatement(undefined, factory.createVariableDeclarationList([factory.createVariableDeclaration(valueName(names))], tsNs.NodeFlags.Let));
  return [declaration, early, value];
}

/**
 * Whether `this` in the entry call may be raw text (ES2015+). There, only the class fields and decorators
 * transforms rewrite `this` (in static initializers and static blocks moved out of their class, `this` → the
 * class), never a function's own `this`. So every kind but arrows; an arrow when its lexical `this` is a
 * function's own or the module's (no class between it and the closest enclosing non-arrow function).
 */
function rawThis(tsNs: typeof ts, fn: FunctionPlan): boolean {
  if (fn.meta.kind !== "arrow") return true;
  for (let node: ts.Node | undefined = fn.node.parent; node !== undefined; node = node.parent) {
    if (tsNs.isClassLike(node)) return false;
    if (tsNs.isFunctionLike(node) && !tsNs.isArrowFunction(node)) return true;
  }
  return true;
}

/** The entry call with a real `this` (an arrow's, see {@link rawThis}) and raw values (ES2015+). */
function enterCall(factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan): ts.Expression {
  const { callee, thisArg, values } = entryParts(names, fn);
  const args: ts.Expression[] = [thisNode(factory, thisArg)];
  if (values !== "") args.push(rawExpression(factory, values));
  return factory.createCallExpression(rawExpression(factory, callee), undefined, args);
}

/**
 * The entry call's first argument as a node: a real `this` (which downlevel transforms rewrite), or `void 0`
 * where the plan passes that for the module's top-level `this` (emit-rules.ts `entryParts`).
 */
function thisNode(factory: ts.NodeFactory, thisArg: "this" | "void 0"): ts.Expression {
  return thisArg === "this" ? factory.createThis() : factory.createVoidZero();
}

/**
 * `try { [capture;] …statements [if (C !== null) C.done();] } catch (E) { if (C === null) throw E; return C.fail(E); }`:
 * the body settles itself (emit-rules.ts, settlesInBody); `fallsOff` (a block body that does not end with
 * a return or throw, emit-rules.ts canFallOffEnd) appends the statement that settles a body that fell off its end. Generators keep `finally { if (C !== null) C.done(); }` instead.
 */
function tryStatement(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, statements: ts.Statement[], fallsOff: boolean, style: EmitStyle): ts.TryStatement {
  const settles = settlesInBody(fn.meta);
  const inner: ts.Statement[] = [];
  if (fn.meta.capture.length > 0) inner.push(style.rawDeclarations ? rawStatement(factory, captureText(names, fn.meta.capture)) : captureStatement(factory, names, fn.meta.capture));
  inner.push(...statements);
  if (settles && fallsOff) inner.push(rawStatement(factory, doneText(names)));
  return factory.createTryStatement(
    factory.createBlock(inner, true),
    catchClause(tsNs, factory, names, fn, style),
    settles ? undefined : style.downlevel ? factory.createBlock([rawStatement(factory, doneText(names))], true) : rawAs<ts.Block>(factory, `{ ${doneText(names)}; }`),
  );
}

/** `C !== null && C.capture((K) => K === 0 ? a : K === 1 ? b : c);` — the captured names stay real identifiers. */
function captureStatement(factory: ts.NodeFactory, names: EmitNames, capture: string[]): ts.Statement {
  let chooser: ts.Expression = factory.createIdentifier(capture[capture.length - 1]!);
  for (let i = capture.length - 2; i >= 0; i--) {
    chooser = factory.createConditionalExpression(rawExpression(factory, `${names.key} === ${i}`), undefined, factory.createIdentifier(capture[i]!), undefined, chooser);
  }
  const reader = factory.createArrowFunction(undefined, undefined, [factory.createParameterDeclaration(undefined, undefined, names.key)], undefined, undefined, chooser);
  return factory.createExpressionStatement(
    factory.createLogicalAnd(rawExpression(factory, `${names.ctx} !== null`), factory.createCallExpression(rawExpression(factory, `${names.ctx}.capture`), undefined, [reader])),
  );
}

/**
 * {@link captureStatement} as text, for ES2015+ targets: no transform there renames a parameter or a local of
 * the body's top level (ES5's block scoping does), and the arrow is native.
 */
function captureText(names: EmitNames, capture: string[]): string {
  let chooser = capture[capture.length - 1]!;
  for (let i = capture.length - 2; i >= 0; i--) chooser = `${names.key} === ${i} ? ${capture[i]} : ${chooser}`;
  return `${names.ctx} !== null && ${names.ctx}.capture((${names.key}) => ${chooser})`;
}
