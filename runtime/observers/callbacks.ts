import { observer } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, Observer, ObserverOptions, UpdateResult } from "../types.js";

/** Options of the callback factories: everything but `states`, which each factory fixes. */
export type CallbackOptions = Omit<ObserverOptions, "states">;

function callbackFor(state: ExecutionState, timing: boolean) {
  return <C extends ExecutionContext = ExecutionContext>(callback: (context: C) => UpdateResult, options: CallbackOptions = {}): Observer<C> =>
    observer(callback, { timing, ...options, name: options.name ?? (callback.name || `on ${state}`), states: [state] });
}

/** An observer that runs `callback` at PRE_EXECUTION (before the body). */
export const onCall = callbackFor(ExecutionState.PRE_EXECUTION, false);
/** An observer that runs `callback` at POST_SUCCESS. */
export const onSuccess = callbackFor(ExecutionState.POST_SUCCESS, true);
/** An observer that runs `callback` at POST_FAILURE. */
export const onFailure = callbackFor(ExecutionState.POST_FAILURE, true);
/** An observer that runs `callback` at COMPLETED (after success or failure). */
export const onCompletion = callbackFor(ExecutionState.COMPLETED, true);
