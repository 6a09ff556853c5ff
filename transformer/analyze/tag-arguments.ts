/**
 * Validates the arguments of `@observed` (groups), `@capture` (locals) and `@redact` (parameters) against
 * the function, turning each bad name into a located {@link TransformerError}. A captured name that is
 * redacted is kept (the runtime shows it as `"[REDACTED]"`) and pointed out with a warning.
 */
import type * as ts from "typescript";
import { DiagnosticCode, TransformerError } from "../errors.js";
import type { ParamPlan } from "../plan.js";
import type { CommentTags, TagOccurrence } from "./tags.js";
import { isIdentifierText } from "./syntax.js";

/** Groups, captured locals and redacted parameters of one function, plus problems found. */
export interface TagArguments {
  groups: string[];
  capture: string[];
  /**
   * Every name whose value never enters a context: each redacted parameter as named in `params`, then the
   * names it binds (for an identifier, its name again, listed once). The runtime redacts the parameters'
   * values by the first, and captured locals (`@capture`) by the second.
   */
  redact: string[];
  errors: TransformerError[];
}

const GROUP = /^[\w$.:/-]+$/;

/** Merges the tag comments of a function and validates every name. */
export function tagArguments(
  tags: CommentTags[],
  node: ts.Node,
  params: ParamPlan[],
  capturableNames: () => ReadonlySet<string>,
  functionLabel: string,
): TagArguments {
  // Computed only for a function with @capture (a walk of its body).
  let capturable: ReadonlySet<string> | undefined;
  const out: TagArguments = { groups: [], capture: [], redact: [], errors: [] };
  // Where each captured name was written, for the warning about redacted ones.
  const capturedAt = new Map<string, TagOccurrence>();
  const bad = (occurrence: TagOccurrence, code: TransformerError["code"], message: string): void => {
    out.errors.push(new TransformerError(code, message, node, { start: occurrence.pos, length: occurrence.length }));
  };
  for (const t of tags) {
    if (t.observed !== undefined) {
      for (const g of t.observed.args) {
        if (!GROUP.test(g)) {
          bad(t.observed, DiagnosticCode.BadTagArgument, `Group name "${g}" after @observed is not a word. Use letters, digits, _ $ . : / - only, separated by spaces.`);
        } else if (!out.groups.includes(g)) {
          out.groups.push(g);
        }
      }
    }
    for (const c of t.capture) {
      if (c.args.length === 0) bad(c, DiagnosticCode.BadTagArgument, "@capture names no variable. Write `@capture name, other`, or remove it.");
      for (const name of c.args) {
        if (!isIdentifierText(name)) {
          bad(c, DiagnosticCode.BadTagArgument, `@capture "${name}" is not a variable name. Write the names of locals separated by commas.`);
        } else if (!(capturable ??= capturableNames()).has(name)) {
          bad(c, DiagnosticCode.CaptureNotLocal, `@capture ${name}: ${functionLabel} has no parameter or top-level local named "${name}". Capture a parameter, a variable declared at the top level of the body, or a var; or remove the name.`);
        } else if (!out.capture.includes(name)) {
          out.capture.push(name);
          capturedAt.set(name, c);
        }
      }
    }
    for (const r of t.redact) {
      if (r.args.length === 0) bad(r, DiagnosticCode.BadTagArgument, "@redact names no parameter. Write `@redact password, token`, or remove it.");
      for (const name of r.args) {
        const param = params.find((p) => p.bindings.includes(name));
        if (!isIdentifierText(name)) {
          bad(r, DiagnosticCode.BadTagArgument, `@redact "${name}" is not a parameter name. Write parameter names separated by commas.`);
        } else if (param === undefined) {
          bad(r, DiagnosticCode.RedactNotParam, `@redact ${name}: ${functionLabel} has no parameter named "${name}". Redact one of: ${params.map((p) => p.name).join(", ") || "(no parameters)"}.`);
        } else if (!out.redact.includes(param.name)) {
          // A name bound by a destructuring parameter redacts that whole parameter: every name it binds.
          out.redact.push(param.name);
          for (const bound of param.bindings) if (!out.redact.includes(bound)) out.redact.push(bound);
        }
      }
    }
  }
  // After every tag comment was read: @capture and @redact may come in either order, or in different comments.
  for (const name of out.capture) {
    if (!out.redact.includes(name)) continue;
    const param = params.find((p) => p.bindings.includes(name))!;
    const occurrence = capturedAt.get(name)!;
    const what = param.name === name ? "a @redact'ed parameter" : `bound by "${param.name}", a @redact'ed parameter (redacted whole)`;
    const message =
      `@capture ${name}: "${name}" is ${what} of ${functionLabel}, so ctx.localVariables.${name} reads "[REDACTED]", as its argument does. ` +
      "Remove it from @capture, or remove the parameter from @redact if its value may be observed.";
    out.errors.push(new TransformerError(DiagnosticCode.CaptureRedacted, message, node, { category: "warning", start: occurrence.pos, length: occurrence.length }));
  }
  return out;
}
