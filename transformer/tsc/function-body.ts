/**
 * The function-level shape of the tsc path (docs/EMIT.md "Function level"): the entry line, the early
 * return, and the try/catch (try/catch/finally for generators) around the original statements. The original statements are reused
 * (visited), so their positions, comments and source-map entries are kept. Fixed text is printed raw
 * (see raw.ts); `this`, parameter and captured names and the user's expressions stay real nodes.
 */
import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "../plan.js";
import { ENTER_MAX_ARGS } from "../analyze/site-meta.js";
import { rawExpression, rawStatement } from "./raw.js";
import { bareReturnSettleText, canFallOffEnd, catchTexts, doneText, earlyText, guardText, settlesInBody, valueName } from "../emit-rules.js";

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
    return factory.updateBlock(body, [...head, ...prologue(tsNs, factory, names, fn, visit.usesValue(fn), style), tryStatement(tsNs, factory, names, fn, rest, fallsOff, style)]);
  }
  const expression = visit.expression(body);
  const single = visit.single(body, expression);
  const ret = tsNs.setTextRange(returnStatement(factory, names, expression, single, style), body);
  const block = factory.createBlock([...prologue(tsNs, factory, names, fn, single || visit.usesValue(fn), style), tryStatement(tsNs, factory, names, fn, [ret], false, style)], true);
  return tsNs.setTextRange(block, body);
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
  if (!realReturns(fn, style)) return rawStatement(factory, earlyText(names));
  return factory.createIfStatement(condition(factory, `${names.ctx} !== null && ${names.ctx}.skip`, style), factory.createReturnStatement(rawExpression(factory, `${names.ctx}.early()`)));
}

/**
 * `catch (E) { if (C === null) throw E; return C.fail(E); }` — the block one raw node (printed on one line),
 * or real statements. Below ES2015 the generator transform renames the catch variable of an async function;
 * a generated name is the one kind it renames everywhere, so E is then one generated identifier node.
 */
function catchClause(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, style: EmitStyle): ts.CatchClause {
  if (!realReturns(fn, style)) {
    const [rethrow, fail] = catchTexts(names);
    return factory.createCatchClause(names.err, factory.createBlock([rawStatement(factory, `${rethrow}; ${fail}`)], true));
  }
  const err = style.downlevel ? factory.createUniqueName(names.err, tsNs.GeneratedIdentifierFlags.Optimistic) : factory.createIdentifier(names.err);
  return factory.createCatchClause(
    factory.createVariableDeclaration(err),
    factory.createBlock(
      [
        factory.createIfStatement(condition(factory, `${names.ctx} === null`, style), factory.createThrowStatement(err)),
        factory.createReturnStatement(factory.createCallExpression(rawExpression(factory, `${names.ctx}.fail`), undefined, [err])),
      ],
      true,
    ),
  );
}

/**
 * `const C = S !== undefined && S.on !== 0 ? enter(S, this, …) : null;`, `if (C !== null && C.skip) return C.early();`
 * and `let V;` when used. With `style.rawDeclarations` (target ES2015 or later, where no transform rewrites a
 * `const`), the declaration is printed from a conditional whose test carries `const C = ` and the guard:
 * the same text from 9 nodes instead of 15. An ES5 target needs a real declaration (turned into `var`).
 */
function prologue(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, declaresValue: boolean, style: EmitStyle): ts.Statement[] {
  const site = `${names.sitePrefix}${fn.id}`;
  const values = fn.params.map((p): ts.Expression => {
    if (p.shape === "identifier") return factory.createIdentifier(p.bindings[0]!);
    return p.shape === "object"
      ? factory.createObjectLiteralExpression(p.bindings.map((b) => factory.createShorthandPropertyAssignment(b)), false)
      : factory.createArrayLiteralExpression(p.bindings.map((b) => factory.createIdentifier(b)), false);
  });
  const many = values.length > ENTER_MAX_ARGS;
  // `this` stays a real node: downlevel transforms rewrite it (arrows and derived constructors in ES5,
  // static initializers moved out of their class); parameter names too.
  const enterArgs = many
    ? [rawExpression(factory, site), factory.createThis(), factory.createArrayLiteralExpression(values, false)]
    : [rawExpression(factory, site), factory.createThis(), ...values];
  const enter = factory.createCallExpression(rawExpression(factory, many ? names.enterN : names.enter), undefined, enterArgs);
  const early = earlyStatement(factory, names, fn, style);
  if (style.rawDeclarations) {
    const declaration = factory.createExpressionStatement(
      factory.createConditionalExpression(rawExpression(factory, `const ${names.ctx} = ${guardText(site)}`), undefined, enter, undefined, rawExpression(factory, "null")),
    );
    // Declared outside `try` (before the user's statements) only when a return or await uses it.
    return declaresValue ? [declaration, early, rawStatement(factory, `let ${valueName(names)}`)] : [declaration, early];
  }
  const declaration = factory.createVariableStatement(
    undefined,
    factory.createVariableDeclarationList(
      [factory.createVariableDeclaration(names.ctx, undefined, undefined, factory.createConditionalExpression(rawExpression(factory, guardText(site)), undefined, enter, undefined, factory.createNull()))],
      tsNs.NodeFlags.Const,
    ),
  );
  if (!declaresValue) return [declaration, early];
  const value = factory.createVariableStatement(undefined, factory.createVariableDeclarationList([factory.createVariableDeclaration(valueName(names))], tsNs.NodeFlags.Let));
  return [declaration, early, value];
}

/**
 * `try { [capture;] …statements [if (C !== null) C.done();] } catch (E) { if (C === null) throw E; return C.fail(E); }`:
 * the body settles itself (emit-rules.ts, settlesInBody); `fallsOff` (a block body that does not end with
 * a return or throw, emit-rules.ts canFallOffEnd) appends the statement that settles a body that fell off its end. Generators keep `finally { if (C !== null) C.done(); }` instead.
 */
function tryStatement(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, statements: ts.Statement[], fallsOff: boolean, style: EmitStyle): ts.TryStatement {
  const settles = settlesInBody(fn.meta);
  const inner: ts.Statement[] = [];
  if (fn.meta.capture.length > 0) inner.push(captureStatement(factory, names, fn.meta.capture));
  inner.push(...statements);
  if (settles && fallsOff) inner.push(rawStatement(factory, doneText(names)));
  return factory.createTryStatement(
    factory.createBlock(inner, true),
    catchClause(tsNs, factory, names, fn, style),
    settles ? undefined : factory.createBlock([rawStatement(factory, doneText(names))], true),
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
