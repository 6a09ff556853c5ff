import { registry as sharedRegistry } from "./registry.js";
import { refreshAll } from "./interest.js";
import type { Site } from "./site.js";
import { ExecutionState } from "./states.js";
import type { Registration } from "./subscription-record.js";
import type { ExecutionContext, ObserverFailure } from "./types.js";

const ERROR_INDEX = 4;
// A module-local copy: optimized code reads an imported binding through its cell, with a hole check (context.ts).
const registry = sharedRegistry;

/** The part of a context that dispatch writes. */
export interface Dispatchable extends ExecutionContext {
  readonly site: Site;
  state: ExecutionState;
  /** Sets `state` to the state of list `index` (states.ts `INDEX_OF`). */
  enterState(index: number): void;
  observerFailure: ObserverFailure | undefined;
}

/**
 * Runs the observers of one state, in priority order. An observer that throws, or whose returned promise
 * rejects, never reaches the caller: it is reported, counted, and dispatched as ERROR. `index` is the
 * state's list (states.ts `INDEX_OF`), which also names the state; callers pass it as a constant.
 */
export function dispatch(context: Dispatchable, index: number): void {
  // Inside an observer (further up the stack) an observed call dispatches nothing: an observer of "*" whose
  // own callback observe-all instruments would call itself forever. Here, not in startCall: one test per
  // dispatch, out of the entry code every observed function inlines (measured: docs/BENCHMARKS.md).
  if (registry.inObserver !== 0) return;
  context.enterState(index);
  notify(context, context.site.lists[index]!);
}

/**
 * {@link dispatch} of COMPLETED for a context whose `state` the caller already set: the exit path of a call
 * sets it in the same store of its flags that settles and completes the call (context.ts, `exit`). The list is
 * the site's `completed` field, one load instead of the array of lists, its map and its bounds check.
 */
export function dispatchCompleted(context: Dispatchable): void {
  if (registry.inObserver !== 0) return;
  notify(context, context.site.completed);
}

// A `const` (a function declaration's binding is re-checked by optimized code on every call: context.ts).
const notify = (context: Dispatchable, list: readonly Registration[]): void => {
  for (let i = 0; i < list.length; i++) {
    const registration = list[i]!;
    const breaker = registration.breaker;
    // A breaker can trip during this very loop; the lists are refreshed after it. (Strict compares here:
    // a boolean or a maybe-undefined value in a condition costs TurboFan a generic ToBoolean.)
    if (breaker.disabled === true) continue;
    // While the observer runs, observed calls it makes dispatch nothing (above), so no dispatch runs
    // inside another: the flag goes from 0 to 1 and back, never further.
    try {
      registry.inObserver = 1;
      const returned = registration.receiver.update(context);
      registry.inObserver = 0;
      // A thenable (an object or function with a callable `then`) is watched; any other value is ignored.
      if (returned !== undefined && returned !== null && typeof (returned as { then?: unknown }).then === "function") {
        watch(returned as PromiseLike<unknown>, registration, context, context.state);
      } else if (breaker.failures !== 0) breaker.failures = 0;
    } catch (error) {
      registry.inObserver = 0;
      observerFailed(registration, context, context.state, error);
    }
  }
};

function watch(pending: PromiseLike<unknown>, registration: Registration, context: Dispatchable, state: ExecutionState): void {
  // Counted until it settles, so that shutdown() can wait for it (an async observer's write in flight). A field
  // of the registration, not a map: this runs for every call an async observer sees.
  registration.pending++;
  const succeeded = (): void => {
    settled(registration);
    registration.breaker.failures = 0;
  };
  const failed = (error: unknown): void => {
    settled(registration);
    observerFailed(registration, context, state, error);
  };
  try {
    Promise.resolve(pending).then(succeeded, failed);
  } catch (error) {
    failed(error);
  }
}

/** A thenable an observer returned settled: uncount it, and tell a waiting `shutdown()`. */
function settled(registration: Registration): void {
  registration.pending--;
  const waiters = registry.updateWaiters;
  if (waiters.size !== 0) for (const waiter of waiters) waiter();
}

/** Counts a failure (tripping the breaker at `maxFailures`), reports it, and dispatches ERROR once. */
function observerFailed(registration: Registration, context: Dispatchable, state: ExecutionState, error: unknown): void {
  const breaker = registration.breaker;
  breaker.failures++;
  const tripped = !breaker.disabled && breaker.failures >= registration.maxFailures;
  if (tripped) breaker.disabled = true;
  const failure: ObserverFailure = Object.freeze({
    observer: registration.name,
    state,
    error,
    consecutiveFailures: breaker.failures,
    disabled: tripped,
    function: context.site.meta.qualifiedName,
  });
  try {
    registry.reporter(failure);
  } catch {
    // A failing reporter must not reach the caller either.
  }
  if (tripped) refreshAll();
  // ERROR observers failing themselves are reported but not dispatched again (no loops).
  if (state !== ExecutionState.ERROR && context.site.lists[ERROR_INDEX]!.length > 0) {
    const resumeState = context.state;
    context.observerFailure = failure;
    dispatch(context, ERROR_INDEX);
    context.state = resumeState;
  }
}
