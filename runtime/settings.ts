import { ObservedError } from "./errors.js";
import { registry, systemClock, type ErrorReporter } from "./registry.js";
import type { Clock } from "./types.js";

/** Process-wide runtime settings; each is optional, omitted ones are left as they are. */
export interface RuntimeSettings {
  /** Consecutive failures before an observer's circuit breaker trips (default 5). */
  maxFailures?: number;
  /** Receives every observer failure (and every failing `close()`); the default writes a warning with `console.warn`. A reporter that throws is ignored: its error reaches no caller and is no unhandled rejection. */
  onObserverError?: ErrorReporter;
  /**
   * Which values returned by a plain (non-`async`) observed function its call waits for before `POST_*` and
   * `COMPLETED`, so that they fire at settlement as for an async function:
   * - `"promises"` (default): a `Promise` (or subclass) only. Any other thenable may be lazy — a query builder
   *   (Knex, Mongoose's `Query`, Drizzle) runs its query each time `then()` is called — so the call settles when
   *   it returns, with the thenable as its value, and `then()` is left to the caller.
   * - `"all"`: any thenable (an object or function with a `then` method), whose `then` the runtime calls once
   *   to watch it. For code whose thenables are eager promises of another library (Bluebird, a `PromiseLike`
   *   of a client SDK); never with lazy ones, whose work would then run once more per call.
   *
   * Async functions always wait: the engine calls `then` once, observed or not.
   */
  thenables?: "promises" | "all";
}

/** Changes process-wide runtime settings; returns a function that restores the previous ones. */
export function configureRuntime(settings: RuntimeSettings): () => void {
  const previous = { maxFailures: registry.maxFailures, reporter: registry.reporter, awaitAnyThenable: registry.awaitAnyThenable };
  if (settings.maxFailures !== undefined) {
    if (!Number.isInteger(settings.maxFailures) || settings.maxFailures < 1) {
      throw new ObservedError(`ts-observed: maxFailures must be a whole number ≥ 1, got ${String(settings.maxFailures)}`);
    }
    registry.maxFailures = settings.maxFailures;
  }
  if (settings.thenables !== undefined) {
    if (settings.thenables !== "promises" && settings.thenables !== "all") {
      throw new ObservedError(`ts-observed: thenables must be "promises" or "all", got ${JSON.stringify(settings.thenables)}`);
    }
    registry.awaitAnyThenable = settings.thenables === "all";
  }
  if (settings.onObserverError !== undefined) registry.reporter = settings.onObserverError;
  return () => {
    registry.maxFailures = previous.maxFailures;
    registry.reporter = previous.reporter;
    registry.awaitAnyThenable = previous.awaitAnyThenable;
  };
}

/** Replaces the clock that times calls (tests use a fake one); returns a function that restores the previous clock. */
export function setClock(clock: Clock): () => void {
  const previous = registry.clock;
  registry.clock = clock;
  return () => {
    registry.clock = previous;
  };
}

/** The clock in use now. */
export function getClock(): Clock {
  return registry.clock;
}

export { systemClock };
