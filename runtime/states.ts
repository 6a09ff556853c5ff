/**
 * The states of one observed call, in the order they are dispatched:
 * PRE_EXECUTION → POST_SUCCESS | POST_FAILURE → COMPLETED, each exactly once per call.
 * ERROR is dispatched when an observer itself failed.
 */
export const ExecutionState = {
  /** Before the body runs, with the arguments: the only state in which `returnEarly` and `reject` are allowed. */
  PRE_EXECUTION: "PRE_EXECUTION",
  /** The call returned (for an async function or a returned thenable: its value settled); `result.ok` is true. */
  POST_SUCCESS: "POST_SUCCESS",
  /** The call threw, its promise rejected, or an observer `reject`ed it; `result.ok` is false. The only state for `recover`. */
  POST_FAILURE: "POST_FAILURE",
  /** Last state of every call, after POST_SUCCESS or POST_FAILURE (a generator's: when its `finally` runs). */
  COMPLETED: "COMPLETED",
  /** Not a step of the call: another observer failed while handling it; `observerFailure` says which and how. */
  ERROR: "ERROR",
} as const;

/** One of the {@link ExecutionState} values. */
export type ExecutionState = (typeof ExecutionState)[keyof typeof ExecutionState];

/** Every state, in dispatch order. */
export const ALL_STATES: readonly ExecutionState[] = Object.values(ExecutionState);

// Interest bits. A site's `on` field is the OR of its observers' bits; 0 means nobody listens.
export const PRE = 1;
export const SUCCESS = 2;
export const FAILURE = 4;
export const COMPLETE = 8;
export const ERROR = 16;
/** Not a state: some observer wants `executionTime` (the clock is read only then). */
export const TIMING = 32;
/**
 * Not a state: calls of this site track nesting (`parent`): some attached observer reads it and the site can
 * nest (see `Site.traits`). Folded into `on` so a call reads one field to know everything it has to do.
 */
export const NEST = 64;
/** Not a state: the site has `@redact`ed parameters (`Site.redactMask`); in `on` so a call tests a bit it already holds. */
export const REDACT = 128;
// Site traits: what kind of function this is, as bits of one small integer (`Site.traits`), so the hot path
// tests a bit instead of a boolean field (a boolean field costs TurboFan a generic ToBoolean).
/**
 * The call is the parent of observed calls it makes: synchronous functions, and async functions whose
 * awaits the transformer instrumented. Generators never nest: the body suspends at uninstrumented yields.
 */
export const NESTS = 1;
/** A returned thenable is settled before POST_* (everything but sync generators). */
export const AWAITS_THENABLES = 2;
/**
 * `ok` also unnests and completes: every function but generators, whose emitted body has no `finally`
 * (docs/EMIT.md). A generator completes in its `finally` (`done`), which a consumer's `return()` also runs.
 */
export const COMPLETES_ON_RETURN = 4;

/** Bits that make a call worth a context: ERROR alone never does (it fires only when another observer fails). */
export const CALL_BITS = PRE | SUCCESS | FAILURE | COMPLETE;

const BIT_OF: Record<ExecutionState, number> = {
  PRE_EXECUTION: PRE,
  POST_SUCCESS: SUCCESS,
  POST_FAILURE: FAILURE,
  COMPLETED: COMPLETE,
  ERROR,
};

/** Index of each state's observer list on a site (`site.lists[index]`). */
export const INDEX_OF: Record<ExecutionState, number> = {
  PRE_EXECUTION: 0,
  POST_SUCCESS: 1,
  POST_FAILURE: 2,
  COMPLETED: 3,
  ERROR: 4,
};

/** The interest bit of one state. */
export function bitOf(state: ExecutionState): number {
  return BIT_OF[state];
}

/** The interest mask of a list of states; throws on a value that is not a state. */
export function maskOf(states: Iterable<ExecutionState>): number {
  let mask = 0;
  for (const state of states) {
    const bit = BIT_OF[state];
    if (bit === undefined) throw new TypeError(`ts-observed: unknown state ${JSON.stringify(state)}; use ExecutionState.*`);
    mask |= bit;
  }
  return mask;
}
