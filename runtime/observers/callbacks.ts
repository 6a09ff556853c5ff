import { observer } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, FailedContext, Observer, ObserverOptions, SettledContext, SucceededContext } from "../types.js";

/** Options of the callback factories: everything but `states`, which each factory fixes. */
export type CallbackOptions = Omit<ObserverOptions, "states">;

function callbackObserver<C extends ExecutionContext>(
  state: ExecutionState,
  timing: boolean,
  callback: (context: C) => unknown,
  options: CallbackOptions,
): Observer<C> {
  return observer(callback, { timing, ...options, name: options.name ?? (callback.name || `on ${state}`), states: [state] });
}

/**
 * An observer that runs `callback` at PRE_EXECUTION (before the body). What the callback returns is
 * ignored, except a thenable, whose rejection is an observer failure (see `UpdateResult`).
 */
export function onCall<C extends ExecutionContext = ExecutionContext>(callback: (context: C) => unknown, options: CallbackOptions = {}): Observer<C> {
  return callbackObserver(ExecutionState.PRE_EXECUTION, false, callback, options);
}

/**
 * An observer that runs `callback` at POST_SUCCESS. The call succeeded, so `context.result` is an
 * `ExecutionSuccess` ({@link SucceededContext}: `context.result.value` needs no `ok` check). Inside `observe(fn, onSuccess(…))` the context is typed from `fn`.
 */
export function onSuccess<A extends readonly unknown[] = readonly unknown[], R = unknown>(
  callback: (context: SucceededContext<A, R>) => unknown,
  options: CallbackOptions = {},
): Observer<ExecutionContext<A, R>> {
  return settledObserver(ExecutionState.POST_SUCCESS, callback, options);
}

/**
 * An observer that runs `callback` at POST_FAILURE. The call failed, so `context.result` is an
 * `ExecutionFailure` ({@link FailedContext}: `context.result.exception` needs no `ok` check);
 * `context.recover(value)` may answer the failure.
 */
export function onFailure<A extends readonly unknown[] = readonly unknown[], R = unknown>(
  callback: (context: FailedContext<A, R>) => unknown,
  options: CallbackOptions = {},
): Observer<ExecutionContext<A, R>> {
  return settledObserver(ExecutionState.POST_FAILURE, callback, options);
}

/**
 * An observer that runs `callback` at COMPLETED (after success or failure). The call has settled, so
 * `context.result` is set ({@link SettledContext}).
 */
export function onCompletion<A extends readonly unknown[] = readonly unknown[], R = unknown>(
  callback: (context: SettledContext<A, R>) => unknown,
  options: CallbackOptions = {},
): Observer<ExecutionContext<A, R>> {
  return settledObserver(ExecutionState.COMPLETED, callback, options);
}

// Dispatched only in a settled state, where the runtime's context always has its `result`.
function settledObserver<A extends readonly unknown[], R, C extends SettledContext<A, R>>(
  state: ExecutionState,
  callback: (context: C) => unknown,
  options: CallbackOptions,
): Observer<ExecutionContext<A, R>> {
  return callbackObserver(state, true, callback as (context: ExecutionContext<A, R>) => unknown, options);
}
