/**
 * Text forms shared by both emitters, so that the tsc path and the source rewriter print the same
 * metadata and the same argument lists.
 */
import type { FunctionPlan, SiteMetaPlan } from "../plan.js";

/**
 * The object literal passed to `site(...)`, as JavaScript source: the fields of SiteMeta in the documented
 * order, without those at their default (`qualifiedName` equal to `name`, `kind` "function", false flags,
 * empty lists), which `site()` fills in (runtime/site.ts, expandMeta). Half the text of the full object on
 * a typical function, and this text is printed at every build, parsed at every load and shipped in bundles.
 */
export function siteMetaCode(meta: SiteMetaPlan): string {
  const text = JSON.stringify;
  let code = `{ name: ${text(meta.name)}`;
  if (meta.qualifiedName !== meta.name) code += `, qualifiedName: ${text(meta.qualifiedName)}`;
  code += `, file: ${text(meta.file)}, line: ${meta.line}, column: ${meta.column}`;
  if (meta.kind !== "function") code += `, kind: ${text(meta.kind)}`;
  if (meta.async) code += ", async: true";
  if (meta.generator) code += ", generator: true";
  if (meta.params.length > 0) code += `, params: ${text(meta.params)}`;
  if (meta.rest) code += ", rest: true";
  if (meta.groups.length > 0) code += `, groups: ${text(meta.groups)}`;
  if (meta.redact.length > 0) code += `, redact: ${text(meta.redact)}`;
  if (meta.capture.length > 0) code += `, capture: ${text(meta.capture)}`;
  if (meta.awaits) code += ", awaits: true";
  return `${code} }`;
}

/** The maximum number of argument values `enter` takes positionally; more go through `enterN`. */
export const ENTER_MAX_ARGS = 4;

/** Whether the function's entry call is `enterN` (more than {@link ENTER_MAX_ARGS} parameters). */
export function usesEnterN(fn: FunctionPlan): boolean {
  return fn.params.length > ENTER_MAX_ARGS;
}
