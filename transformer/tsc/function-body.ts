/**
 * The function-level shape of the tsc path (docs/EMIT.md "Function level"): the entry line, the early
 * return, and the try/catch/finally around the original statements, built with `ts.factory`. The original
 * statements are reused (visited), so their positions, comments and source-map entries are kept.
 */
import type * as ts from "typescript";
import type { EmitNames, FunctionPlan } from "../plan.js";
import { ENTER_MAX_ARGS } from "../analyze/site-meta.js";

/** Visitors of the file transformer, applied to the original statements and expressions. */
export interface BodyVisitors {
  statements(statements: readonly ts.Statement[]): ts.Statement[];
  expression(expression: ts.Expression): ts.Expression;
}

/** The new body of an observed function. */
export function observedBody(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, visit: BodyVisitors): ts.Block {
  const body = fn.body;
  if (tsNs.isBlock(body)) {
    const statements = body.statements;
    const split = fn.prologueAfter === undefined ? 0 : statements.indexOf(fn.prologueAfter) + 1;
    const head = visit.statements(statements.slice(0, split));
    const rest = visit.statements(statements.slice(split));
    return factory.updateBlock(body, [...head, ...prologue(tsNs, factory, names, fn), tryStatement(factory, names, fn, rest)]);
  }
  const expression = visit.expression(body);
  const ret = tsNs.setTextRange(returnStatement(factory, names, expression), body);
  const block = factory.createBlock([...prologue(tsNs, factory, names, fn), tryStatement(factory, names, fn, [ret])], true);
  return tsNs.setTextRange(block, body);
}

/** `return C === null ? X : C.ok(X);` — X is evaluated once either way. */
export function returnStatement(factory: ts.NodeFactory, names: EmitNames, expression: ts.Expression): ts.ReturnStatement {
  const ctx = factory.createIdentifier(names.ctx);
  return factory.createReturnStatement(
    factory.createConditionalExpression(
      factory.createStrictEquality(ctx, factory.createNull()),
      undefined,
      expression,
      undefined,
      factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier(names.ctx), "ok"), undefined, [expression]),
    ),
  );
}

/** `(C === null ? await E : C.resume(await C.suspend(E)))` — E is evaluated once either way. */
export function awaitExpression(factory: ts.NodeFactory, names: EmitNames, operand: ts.Expression): ts.Expression {
  const ctx = (): ts.Identifier => factory.createIdentifier(names.ctx);
  const suspended = factory.createCallExpression(factory.createPropertyAccessExpression(ctx(), "suspend"), undefined, [operand]);
  const resumed = factory.createCallExpression(factory.createPropertyAccessExpression(ctx(), "resume"), undefined, [factory.createAwaitExpression(suspended)]);
  return factory.createParenthesizedExpression(
    factory.createConditionalExpression(factory.createStrictEquality(ctx(), factory.createNull()), undefined, factory.createAwaitExpression(operand), undefined, resumed),
  );
}

/** `const C = S?.on ? enter(S, this, …) : null;` and `if (C !== null && C.skip) return C.early();`. */
function prologue(tsNs: typeof ts, factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan): ts.Statement[] {
  const site = (): ts.Identifier => factory.createIdentifier(`${names.sitePrefix}${fn.id}`);
  const ctx = (): ts.Identifier => factory.createIdentifier(names.ctx);
  const values = fn.params.map((p): ts.Expression => {
    if (p.shape === "identifier") return factory.createIdentifier(p.bindings[0]!);
    const ids = p.bindings.map((b) => factory.createIdentifier(b));
    return p.shape === "object"
      ? factory.createObjectLiteralExpression(p.bindings.map((b) => factory.createShorthandPropertyAssignment(b)), false)
      : factory.createArrayLiteralExpression(ids, false);
  });
  const enterArgs: ts.Expression[] =
    values.length > ENTER_MAX_ARGS ? [site(), factory.createThis(), factory.createArrayLiteralExpression(values, false)] : [site(), factory.createThis(), ...values];
  const enter = factory.createCallExpression(factory.createIdentifier(values.length > ENTER_MAX_ARGS ? names.enterN : names.enter), undefined, enterArgs);
  const on = factory.createPropertyAccessChain(site(), factory.createToken(tsNs.SyntaxKind.QuestionDotToken), "on");
  const declaration = factory.createVariableStatement(
    undefined,
    factory.createVariableDeclarationList(
      [factory.createVariableDeclaration(names.ctx, undefined, undefined, factory.createConditionalExpression(on, undefined, enter, undefined, factory.createNull()))],
      tsNs.NodeFlags.Const,
    ),
  );
  const early = factory.createIfStatement(
    factory.createLogicalAnd(factory.createStrictInequality(ctx(), factory.createNull()), factory.createPropertyAccessExpression(ctx(), "skip")),
    factory.createReturnStatement(factory.createCallExpression(factory.createPropertyAccessExpression(ctx(), "early"), undefined, [])),
  );
  return [declaration, early];
}

/** `try { [capture;] …statements } catch (E) { if (C === null) throw E; return C.fail(E); } finally { if (C !== null) C.done(); }` */
function tryStatement(factory: ts.NodeFactory, names: EmitNames, fn: FunctionPlan, statements: ts.Statement[]): ts.TryStatement {
  const ctx = (): ts.Identifier => factory.createIdentifier(names.ctx);
  const err = (): ts.Identifier => factory.createIdentifier(names.err);
  const inner: ts.Statement[] = [];
  if (fn.meta.capture.length > 0) inner.push(captureStatement(factory, names, fn.meta.capture));
  inner.push(...statements);
  const catchBlock = factory.createBlock(
    [
      factory.createIfStatement(factory.createStrictEquality(ctx(), factory.createNull()), factory.createThrowStatement(err())),
      factory.createReturnStatement(factory.createCallExpression(factory.createPropertyAccessExpression(ctx(), "fail"), undefined, [err()])),
    ],
    true,
  );
  const finallyBlock = factory.createBlock(
    [
      factory.createIfStatement(
        factory.createStrictInequality(ctx(), factory.createNull()),
        factory.createExpressionStatement(factory.createCallExpression(factory.createPropertyAccessExpression(ctx(), "done"), undefined, [])),
      ),
    ],
    true,
  );
  return factory.createTryStatement(
    factory.createBlock(inner, true),
    factory.createCatchClause(factory.createVariableDeclaration(names.err), catchBlock),
    finallyBlock,
  );
}

/** `C !== null && C.capture((K) => K === 0 ? a : K === 1 ? b : c);` */
function captureStatement(factory: ts.NodeFactory, names: EmitNames, capture: string[]): ts.Statement {
  const key = (): ts.Identifier => factory.createIdentifier(names.key);
  let chooser: ts.Expression = factory.createIdentifier(capture[capture.length - 1]!);
  for (let i = capture.length - 2; i >= 0; i--) {
    chooser = factory.createConditionalExpression(
      factory.createStrictEquality(key(), factory.createNumericLiteral(i)),
      undefined,
      factory.createIdentifier(capture[i]!),
      undefined,
      chooser,
    );
  }
  const reader = factory.createArrowFunction(
    undefined,
    undefined,
    [factory.createParameterDeclaration(undefined, undefined, names.key)],
    undefined,
    undefined,
    chooser,
  );
  return factory.createExpressionStatement(
    factory.createLogicalAnd(
      factory.createStrictInequality(factory.createIdentifier(names.ctx), factory.createNull()),
      factory.createCallExpression(factory.createPropertyAccessExpression(factory.createIdentifier(names.ctx), "capture"), undefined, [reader]),
    ),
  );
}
