/**
 * Text forms shared by both emitters, so that the tsc path and the source rewriter print the same
 * metadata and the same argument lists.
 */
import type { FunctionPlan, SiteMetaPlan } from "../plan.js";

/** The object literal passed to `site(...)`, as JavaScript source (fields in the documented order). */
export function siteMetaCode(meta: SiteMetaPlan): string {
  const ordered: SiteMetaPlan = {
    name: meta.name,
    qualifiedName: meta.qualifiedName,
    file: meta.file,
    line: meta.line,
    column: meta.column,
    kind: meta.kind,
    async: meta.async,
    generator: meta.generator,
    params: meta.params,
    rest: meta.rest,
    groups: meta.groups,
    redact: meta.redact,
    capture: meta.capture,
    awaits: meta.awaits,
  };
  return JSON.stringify(ordered);
}

/** The maximum number of argument values `enter` takes positionally; more go through `enterN`. */
export const ENTER_MAX_ARGS = 4;

/** Whether the function's entry call is `enterN` (more than {@link ENTER_MAX_ARGS} parameters). */
export function usesEnterN(fn: FunctionPlan): boolean {
  return fn.params.length > ENTER_MAX_ARGS;
}
