/**
 * `ts-observed/async-context` (Node only): opt-in tracking of the current observed call through
 * `AsyncLocalStorage`, so calls made from callbacks, timers and promise chains started inside an observed
 * call get it as `parent`. Synchronous nesting (and awaits the transformer instrumented) need none of this.
 * Costs an `enterWith` per observed call while enabled.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { registry } from "./registry.js";

/** Starts carrying the current observed call across asynchronous callbacks; returns a function that stops it. */
export function enableAsyncContext(): () => void {
  const previous = registry.store;
  registry.store = new AsyncLocalStorage<unknown>();
  return () => {
    registry.store = previous;
  };
}
