import { ObservedError } from "./errors.js";
import { registry, systemClock, type ErrorReporter } from "./registry.js";
import type { Clock } from "./types.js";

/** Process-wide runtime settings; each is optional, omitted ones are left as they are. */
export interface RuntimeSettings {
  /** Consecutive failures before an observer's circuit breaker trips (default 5). */
  maxFailures?: number;
  /** Receives every observer failure (and every failing `close()`); the default writes a warning with `console.warn`. A reporter that throws is ignored: its error reaches no caller and is no unhandled rejection. */
  onObserverError?: ErrorReporter;
}

/** Changes process-wide runtime settings; returns a function that restores the previous ones. */
export function configureRuntime(settings: RuntimeSettings): () => void {
  const previous = { maxFailures: registry.maxFailures, reporter: registry.reporter };
  if (settings.maxFailures !== undefined) {
    if (!Number.isInteger(settings.maxFailures) || settings.maxFailures < 1) {
      throw new ObservedError(`ts-observed: maxFailures must be a whole number ≥ 1, got ${String(settings.maxFailures)}`);
    }
    registry.maxFailures = settings.maxFailures;
  }
  if (settings.onObserverError !== undefined) registry.reporter = settings.onObserverError;
  return () => {
    registry.maxFailures = previous.maxFailures;
    registry.reporter = previous.reporter;
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
