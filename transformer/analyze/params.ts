/**
 * The parameters of an observed function as they are passed to `enter`: one value per declared parameter
 * (the `this` parameter excluded), read at body start, i.e. after defaults were applied.
 */
import type * as ts from "typescript";
import type { ParamPlan } from "../plan.js";
import type { TsNamespace } from "./options.js";
import { boundNames } from "./syntax.js";

/** Parameter plans and whether the last one is a rest parameter. */
export function planParams(tsNs: TsNamespace, fn: ts.FunctionLikeDeclaration, sourceFile: ts.SourceFile): { params: ParamPlan[]; rest: boolean } {
  const params: ParamPlan[] = [];
  let rest = false;
  for (const p of fn.parameters) {
    if (tsNs.isIdentifier(p.name) && p.name.text === "this") continue;
    rest = p.dotDotDotToken !== undefined;
    if (tsNs.isIdentifier(p.name)) {
      params.push({ name: p.name.text, valueCode: p.name.text, shape: "identifier", bindings: [p.name.text] });
      continue;
    }
    const bindings = boundNames(tsNs, p.name);
    const shape = tsNs.isObjectBindingPattern(p.name) ? "object" : "array";
    const inner = bindings.join(", ");
    params.push({
      name: p.name.getText(sourceFile).replace(/\s+/g, " "),
      valueCode: shape === "object" ? (inner === "" ? "{}" : `{ ${inner} }`) : `[${inner}]`,
      shape,
      bindings,
    });
  }
  return { params, rest };
}
