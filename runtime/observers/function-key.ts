import type { FunctionSignature } from "../types.js";

/**
 * A key naming one observed function uniquely: its qualified name plus where it is defined. Two
 * modules may both export a `handler`; a cache or a rate limit keyed by name alone would mix them.
 * Built from content (not object identity) so contexts made by `createTestContext` share it too.
 */
export function functionKey(signature: FunctionSignature): string {
  return `${signature.qualifiedName}@${signature.file}:${signature.line}:${signature.column}`;
}
