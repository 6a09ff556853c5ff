import type { SiteMetaPlan } from "../plan.js";

/**
 * Serializes site metadata as the object literal passed to `site(...)`, keys in the fixed order of
 * docs/EMIT.md. Strings go through JSON.stringify: its output is a valid JavaScript literal (ES2019+).
 */
export function siteLiteral(meta: SiteMetaPlan): string {
  return (
    `{ name: ${str(meta.name)}, qualifiedName: ${str(meta.qualifiedName)}, file: ${str(meta.file)}, ` +
    `line: ${meta.line}, column: ${meta.column}, kind: ${str(meta.kind)}, async: ${meta.async}, ` +
    `generator: ${meta.generator}, params: ${list(meta.params)}, rest: ${meta.rest}, ` +
    `groups: ${list(meta.groups)}, redact: ${list(meta.redact)}, capture: ${list(meta.capture)} }`
  );
}

function str(value: string): string {
  return JSON.stringify(value);
}

function list(values: readonly string[]): string {
  return values.length === 0 ? "[]" : `[${values.map(str).join(", ")}]`;
}
