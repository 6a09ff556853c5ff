/**
 * The file header of the tsc path (docs/EMIT.md "File level"): the runtime import (or, for CommonJS
 * output, `const { … } = require(…)`), one `var` per site, and the binds of hoisted top-level function
 * declarations.
 */
import type * as ts from "typescript";
import type { FilePlan } from "../plan.js";
import { siteMetaCode } from "../analyze/site-meta.js";
import { rawExpression } from "./raw.js";

/** Header statements for `plan` (none when it observes nothing). */
export function headerStatements(tsNs: typeof ts, factory: ts.NodeFactory, plan: FilePlan, commonJs: boolean): ts.Statement[] {
  if (plan.functions.length === 0) return [];
  const names = plan.names;
  const local: Record<string, string> = { site: names.site, enter: names.enter, enterN: names.enterN, bind: names.bind };
  const out: ts.Statement[] = [];
  if (commonJs) {
    out.push(
      factory.createVariableStatement(
        undefined,
        factory.createVariableDeclarationList(
          [
            factory.createVariableDeclaration(
              factory.createObjectBindingPattern(plan.imports.map((n) => factory.createBindingElement(undefined, n, local[n]!))),
              undefined,
              undefined,
              factory.createCallExpression(factory.createIdentifier("require"), undefined, [factory.createStringLiteral(plan.runtimeImport)]),
            ),
          ],
          tsNs.NodeFlags.Const,
        ),
      ),
    );
  } else {
    out.push(
      factory.createImportDeclaration(
        undefined,
        factory.createImportClause(
          undefined,
          undefined,
          factory.createNamedImports(
            plan.imports.map((n) => factory.createImportSpecifier(false, factory.createIdentifier(n), factory.createIdentifier(local[n]!))),
          ),
        ),
        factory.createStringLiteral(plan.runtimeImport),
      ),
    );
  }
  for (const fn of plan.functions) {
    out.push(
      factory.createVariableStatement(
        undefined,
        factory.createVariableDeclarationList(
          [
            factory.createVariableDeclaration(
              `${names.sitePrefix}${fn.id}`,
              undefined,
              undefined,
              factory.createCallExpression(factory.createIdentifier(names.site), undefined, [rawExpression(factory, siteMetaCode(fn.meta))]),
            ),
          ],
          tsNs.NodeFlags.None,
        ),
      ),
    );
  }
  for (const fn of plan.functions) {
    if (fn.bind?.afterStatement === "top") out.push(bindStatement(factory, plan, fn.id, fn.bind.expressionCode));
  }
  return out;
}

/** `bind(site, <expression>)` for one function. */
export function bindStatement(factory: ts.NodeFactory, plan: FilePlan, id: number, expressionCode: string): ts.Statement {
  return factory.createExpressionStatement(
    factory.createCallExpression(factory.createIdentifier(plan.names.bind), undefined, [
      factory.createIdentifier(`${plan.names.sitePrefix}${id}`),
      bindTarget(factory, expressionCode),
    ]),
  );
}

const DESCRIPTOR = /^Object\.getOwnPropertyDescriptor\((.+), ("(?:[^"\\]|\\.)*")\)\.(get|set)$/;
const ACCESS = /^([\w$]+(?:\.[\w$]+)*)(?:\[("(?:[^"\\]|\\.)*")\])?$/;

/**
 * Nodes for a bind expression of the analysis (see analyze/bind.ts, which produces only these forms):
 * `a`, `A.prototype.m`, `A.prototype["m-n"]`, `Object.getOwnPropertyDescriptor(A.prototype, "k").get`.
 */
export function bindTarget(factory: ts.NodeFactory, code: string): ts.Expression {
  const descriptor = DESCRIPTOR.exec(code);
  if (descriptor !== null) {
    const lookup = factory.createCallExpression(
      factory.createPropertyAccessExpression(factory.createIdentifier("Object"), "getOwnPropertyDescriptor"),
      undefined,
      [bindTarget(factory, descriptor[1]!), factory.createStringLiteral(JSON.parse(descriptor[2]!) as string)],
    );
    return factory.createPropertyAccessExpression(lookup, descriptor[3]!);
  }
  const access = ACCESS.exec(code);
  if (access === null) throw new Error(`unexpected bind expression ${code}`);
  const [first, ...rest] = access[1]!.split(".");
  let expression: ts.Expression = factory.createIdentifier(first!);
  for (const part of rest) expression = factory.createPropertyAccessExpression(expression, part);
  if (access[2] !== undefined) expression = factory.createElementAccessExpression(expression, factory.createStringLiteral(JSON.parse(access[2]) as string));
  return expression;
}
