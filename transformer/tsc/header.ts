/**
 * The file header of the tsc path (docs/EMIT.md "File level"): the runtime import (or, for CommonJS
 * output, `const { … } = require(…)`), one `var` per site, and the binds of hoisted top-level function
 * declarations.
 */
import type * as ts from "typescript";
import type { FilePlan, FunctionPlan } from "../plan.js";
import { siteMetaCode } from "../analyze/site-meta.js";
import { rawStatement } from "./raw.js";

/** Header statements for `plan` (none when it observes nothing). */
export function headerStatements(tsNs: typeof ts, factory: ts.NodeFactory, plan: FilePlan, commonJs: boolean): ts.Statement[] {
  if (plan.functions.length === 0) return [];
  const names = plan.names;
  const local: Record<string, string> = { site: names.site, bind: names.bind };
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
  // Every site declaration, and the binds of named top-level function declarations, in one raw statement:
  // `var` in any target, our names, the metadata, and names of top-level function declarations (which no
  // transform renames). Printed from one node instead of six per site and five per bind: on a build that
  // observes every function this header was a fifth of the nodes the transformer added.
  const lines = plan.functions.map((fn) => `var ${names.sitePrefix}${fn.id} = ${names.site}(${siteMetaCode(fn.meta)})`);
  for (const fn of plan.functions) {
    if (fn.bind?.anonymousDefault === undefined && fn.bind?.afterStatement === "top" && IDENTIFIER.test(fn.bind.expressionCode)) {
      lines.push(`${names.bind}(${names.sitePrefix}${fn.id}, ${fn.bind.expressionCode})`);
    }
  }
  out.push(rawStatement(factory, lines.join(";\n")));
  for (const fn of plan.functions) {
    if (fn.bind?.anonymousDefault !== undefined) out.push(bindStatementTo(factory, plan, fn.id, factory.getGeneratedNameForNode(fn.node)));
    else if (fn.bind?.afterStatement === "top" && !IDENTIFIER.test(fn.bind.expressionCode)) out.push(bindStatement(factory, plan, fn.id, fn.bind.expressionCode));
  }
  return out;
}

/**
 * An anonymous `export default function` (BindPlan.anonymousDefault): named with TypeScript's generated name
 * for the declaration, the one its CommonJS transform gives it anyway (`exports.default = default_1`) and the
 * header binds; other nodes are returned as they are.
 */
export function nameAnonymousDefault(tsNs: typeof ts, factory: ts.NodeFactory, fn: FunctionPlan, node: ts.Node): ts.Node {
  if (fn.bind?.anonymousDefault === undefined || !tsNs.isFunctionDeclaration(node) || node.name !== undefined) return node;
  const name = factory.getGeneratedNameForNode(fn.node);
  return factory.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, name, node.typeParameters, node.parameters, node.type, node.body);
}

/**
 * `Object.defineProperty(default_1, "name", { value: "default" });`, placed after the declaration statement
 * of an anonymous default function in ES module output: there a plain build's function is named `default`
 * (a CommonJS build's is `default_1`, which the generated name already is).
 */
export function defaultNameStatement(factory: ts.NodeFactory, fn: FunctionPlan): ts.Statement {
  const define = factory.createPropertyAccessExpression(factory.createIdentifier("Object"), "defineProperty");
  const descriptor = factory.createObjectLiteralExpression([factory.createPropertyAssignment("value", factory.createStringLiteral("default"))]);
  return factory.createExpressionStatement(
    factory.createCallExpression(define, undefined, [factory.getGeneratedNameForNode(fn.node), factory.createStringLiteral("name"), descriptor]),
  );
}

/** `bind(site, <expression>)` for one function. */
export function bindStatement(factory: ts.NodeFactory, plan: FilePlan, id: number, expressionCode: string): ts.Statement {
  return bindStatementTo(factory, plan, id, bindTarget(factory, expressionCode));
}

function bindStatementTo(factory: ts.NodeFactory, plan: FilePlan, id: number, target: ts.Expression): ts.Statement {
  return factory.createExpressionStatement(
    factory.createCallExpression(factory.createIdentifier(plan.names.bind), undefined, [factory.createIdentifier(`${plan.names.sitePrefix}${id}`), target]),
  );
}

const IDENTIFIER = /^[\w$]+$/;
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
