import { CallContext } from "../context.js";
import type { ExecutionContext } from "../types.js";

/**
 * True when a higher-priority observer already answered this call in PRE_EXECUTION (`returnEarly`
 * or `reject`). `ExecutionContext` does not expose this, and a second control call would silently
 * replace the first (a cache hit overriding a rate limit's rejection), so built-ins check it first.
 */
export function alreadyAnswered(context: ExecutionContext): boolean {
  return context instanceof CallContext && context.skip;
}
