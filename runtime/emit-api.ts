/**
 * `ts-observed/runtime`: the entry generated code imports (see docs/EMIT.md). Not for hand use.
 * The hot path is in the generated code itself: `site.on` is read once per call and, when it is 0,
 * nothing here runs.
 */
import { startCall as sharedStartCall, type CallContext as Context } from "./context.js";
import type { Site } from "./site.js";

export { site, bind } from "./site.js";
export type { Site } from "./site.js";
export type { CallContext } from "./context.js";

// A module-local copy: optimized code reads an imported binding through its cell, with a TDZ check, on
// every call; a module-local `const` is a constant in the code (see runtime/context.ts).
const startCall = sharedStartCall;

/** Starts an observed call with up to four declared parameter values (no array is allocated). */
export function enter(site: Site, thisArg: unknown, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): Context {
  return startCall(site, thisArg, a0, a1, a2, a3, undefined);
}

/** Starts an observed call of a function with more than four parameters. */
export function enterN(site: Site, thisArg: unknown, values: unknown[]): Context {
  return startCall(site, thisArg, undefined, undefined, undefined, undefined, values);
}
