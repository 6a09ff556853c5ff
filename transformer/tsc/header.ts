/**
 * The file header of the tsc path (docs/EMIT.md "File level"): the runtime import (or, for CommonJS
 * output, `const { … } = require(…)`), one `var` per site, and the binds of hoisted top-level function
 * declarations.
 */
import type * as ts from "typescript";
import type { AnonymousDefaultPlan, BindPlan, FilePlan } from "../plan.js";
import { siteDeclarationText } from "../emit-rules.js";
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
  const lines = plan.functions.map((fn) => siteDeclarationText(names, fn));
  for (const fn of plan.functions) {
    if (fn.bind?.afterStatement === "top" && fn.bind.anonymousDefault === undefined && IDENTIFIER.test(fn.bind.expressionCode)) {
      lines.push(`${names.bind}(${names.sitePrefix}${fn.id}, ${fn.bind.expressionCode})`);
    }
  }
  out.push(rawStatement(factory, lines.join(";\n")));
  for (const fn of plan.functions) {
    if (fn.bind?.afterStatement !== "top") continue;
    const anonymous = fn.bind.anonymousDefault;
    if (anonymous !== undefined) out.push(bindStatementTo(factory, plan, fn.id, factory.getGeneratedNameForNode(anonymous.declaration)));
    else if (!IDENTIFIER.test(fn.bind.expressionCode)) out.push(bindStatement(tsNs, factory, plan, fn.id, fn.bind));
  }
  return out;
}

/**
 * An anonymous `export default function` or `class` (BindPlan.anonymousDefault), as visited: named with
 * TypeScript's generated name for the declaration, the one its CommonJS transform gives it anyway
 * (`exports.default = default_1`) and the binds use; other nodes are returned as they are.
 */
export function nameAnonymousDefault(tsNs: typeof ts, factory: ts.NodeFactory, anonymous: AnonymousDefaultPlan, node: ts.Node): ts.Node {
  const name = factory.getGeneratedNameForNode(anonymous.declaration);
  if (tsNs.isFunctionDeclaration(node) && node.name === undefined) {
    return factory.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, name, node.typeParameters, node.parameters, node.type, node.body);
  }
  if (tsNs.isClassDeclaration(node) && node.name === undefined) {
    return factory.updateClassDeclaration(node, node.modifiers, name, node.typeParameters, node.heritageClauses, node.members);
  }
  return node;
}

/**
 * `Object.defineProperty(default_1, "name", { value: "default" });`, placed after the declaration statement
 * of an anonymous default function or class in ES module output where a plain build's name is `default`
 * (a CommonJS build's is `default_1`, which the generated name already is; see transform-file.ts).
 */
export function defaultNameStatement(factory: ts.NodeFactory, anonymous: AnonymousDefaultPlan): ts.Statement {
  const define = factory.createPropertyAccessExpression(factory.createIdentifier("Object"), "defineProperty");
  const descriptor = factory.createObjectLiteralExpression([factory.createPropertyAssignment("value", factory.createStringLiteral("default"))]);
  return factory.createExpressionStatement(
    factory.createCallExpression(define, undefined, [factory.getGeneratedNameForNode(anonymous.declaration), factory.createStringLiteral("name"), descriptor]),
  );
}

/**
 * `bind(site, <expression>)` for one function. The expression's first name is a node made for it when the
 * plan has one: a member of an anonymous default class is reached through the class's generated name (which
 * stands for the planned name), a value held by a top-level variable through an identifier whose original node is
 * the variable's name: TypeScript's transforms then treat it as a reference to the variable (CommonJS: `exports.api`).
 */
export function bindStatement(tsNs: typeof ts, factory: ts.NodeFactory, plan: FilePlan, id: number, bind: BindPlan): ts.Statement {
  const anonymous = bind.anonymousDefault;
  const variable = bind.variable;
  const root =
    anonymous !== undefined
      ? { name: anonymous.name, node: () => factory.getGeneratedNameForNode(anonymous.declaration) }
      : variable !== undefined
        ? { name: variable.text, node: () => tsNs.setOriginalNode(factory.createIdentifier(variable.text), variable) }
        : undefined;
  return bindStatementTo(factory, plan, id, bindTarget(factory, bind.expressionCode, root));
}

function bindStatementTo(factory: ts.NodeFactory, plan: FilePlan, id: number, target: ts.Expression): ts.Statement {
  return factory.createExpressionStatement(
    factory.createCallExpression(factory.createIdentifier(plan.names.bind), undefined, [factory.createIdentifier(`${plan.names.sitePrefix}${id}`), target]),
  );
}

const IDENTIFIER = /^[\w$]+$/;
const STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const DESCRIPTOR = new RegExp(String.raw`^Object\.getOwnPropertyDescriptor\((.+), (${STRING})\)\.(get|set)$`);
// A name, then `.name` and `["key"]` steps (a name here is any run of identifier characters, which no step syntax holds).
const ACCESS = new RegExp(String.raw`^([^.[\]"(), ]+)((?:\.[^.[\]"(), ]+|\[${STRING}\])*)$`);
const STEP = new RegExp(String.raw`\.([^.[\]"(), ]+)|\[(${STRING})\]`, "g");

/**
 * Nodes for a bind expression of the analysis (see analyze/bind.ts, which produces only these forms): a name
 * followed by property steps, `a`, `A.prototype.m`, `api.users["m-n"]`, or an accessor of one,
 * `Object.getOwnPropertyDescriptor(A.prototype, "k").get`. `root` replaces the first name when it matches.
 */
export function bindTarget(factory: ts.NodeFactory, code: string, root?: { name: string; node: () => ts.Expression }): ts.Expression {
  const descriptor = DESCRIPTOR.exec(code);
  if (descriptor !== null) {
    const lookup = factory.createCallExpression(
      factory.createPropertyAccessExpression(factory.createIdentifier("Object"), "getOwnPropertyDescriptor"),
      undefined,
      [bindTarget(factory, descriptor[1]!, root), factory.createStringLiteral(JSON.parse(descriptor[2]!) as string)],
    );
    return factory.createPropertyAccessExpression(lookup, descriptor[3]!);
  }
  const access = ACCESS.exec(code);
  if (access === null) throw new Error(`unexpected bind expression ${code}`);
  const first = access[1]!;
  let expression: ts.Expression = root !== undefined && first === root.name ? root.node() : factory.createIdentifier(first);
  for (const step of access[2]!.matchAll(STEP)) {
    expression =
      step[1] !== undefined
        ? factory.createPropertyAccessExpression(expression, step[1])
        : factory.createElementAccessExpression(expression, factory.createStringLiteral(JSON.parse(step[2]!) as string));
  }
  return expression;
}
