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
export function observedBody(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, visit: BodyVisitors, rawDeclarations: boolean): ts.Block {
  const body = fn.body;
  if (tsNs.isBlock(body)) {
    const statements = body.statements;
    const split = fn.prologueAfter === undefined ? 0 : statements.indexOf(fn.prologueAfter) + 1;
    const head = visit.statements(statements.slice(0, split));
    const rest = visit.statements(statements.slice(split));
    const fallsOff = canFallOffEnd(tsNs, statements);
    return factory.updateBlock(body, [...head, ...prologue(tsNs, factory, names, fn, visit.usesValue(fn), rawDeclarations), tryStatement(factory, names, fn, rest, fallsOff)]);
  }
  const expression = visit.expression(body);
  const single = visit.single(body, expression);
  const ret = tsNs.setTextRange(returnStatement(factory, names, expression, single), body);
  const block = factory.createBlock([...prologue(tsNs, factory, names, fn, single || visit.usesValue(fn), rawDeclarations), tryStatement(factory, names, fn, [ret], false)], true);
  return tsNs.setTextRange(block, body);
}

/**
 * `return C === null ? X : C.ok(X);` — X is evaluated once either way; with `single`,
 * `return (V = X, C === null ? V : C.ok(V));` so that X is also printed once (emit-rules.ts).
 */
export function returnStatement(factory: ts.NodeFactory, names: EmitNames, expression: ts.Expression, single: boolean): ts.ReturnStatement {
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
      rawExpression(factory, `${names.ctx} === null`),
      undefined,
      expression,
      undefined,
      factory.createCallExpression(rawExpression(factory, `${names.ctx}.ok`), undefined, [expression]),
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
export function awaitExpression(factory: ts.NodeFactory, names: EmitNames, operand: ts.Expression, single: boolean): ts.Expression {
  if (single) {
    const v = valueName(names);
    return factory.createParenthesizedExpression(
      factory.createComma(
        factory.createAssignment(factory.createIdentifier(v), operand),
        rawExpression(factory, `${names.ctx} === null ? await ${v} : ${names.ctx}.resume(await ${names.ctx}.suspend(${v}))`),
      ),
    );
  }
  const suspended = factory.createCallExpression(rawExpression(factory, `${names.ctx}.suspend`), undefined, [operand]);
  const resumed = factory.createCallExpression(rawExpression(factory, `${names.ctx}.resume`), undefined, [factory.createAwaitExpression(suspended)]);
  return factory.createParenthesizedExpression(
    factory.createConditionalExpression(rawExpression(factory, `${names.ctx} === null`), undefined, factory.createAwaitExpression(operand), undefined, resumed),
  );
}

/**
 * `const C = S !== undefined && S.on !== 0 ? enter(S, this, …) : null;`, `if (C !== null && C.skip) return C.early();`
 * and `let V;` when used. With `rawDeclarations` (target ES2015 or later, where no transform rewrites a
 * `const`), the declaration is printed from a conditional whose test carries `const C = ` and the guard:
 * the same text from 9 nodes instead of 15. An ES5 target needs a real declaration (turned into `var`).
 */
function prologue(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, declaresValue: boolean, rawDeclarations: boolean): ts.Statement[] {
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
  const early = rawStatement(factory, earlyText(names));
  if (rawDeclarations) {
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
function tryStatement(factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, statements: ts.Statement[], fallsOff: boolean): ts.TryStatement {
  const { err } = names;
  const settles = settlesInBody(fn.meta);
  const inner: ts.Statement[] = [];
  if (fn.meta.capture.length > 0) inner.push(captureStatement(factory, names, fn.meta.capture));
  inner.push(...statements);
  if (settles && fallsOff) inner.push(rawStatement(factory, doneText(names)));
  const [rethrow, fail] = catchTexts(names);
  return factory.createTryStatement(
    factory.createBlock(inner, true),
    // Both statements of the catch block in one raw node (printed on one line).
    factory.createCatchClause(factory.createVariableDeclaration(err), factory.createBlock([rawStatement(factory, `${rethrow}; ${fail}`)], true)),
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
