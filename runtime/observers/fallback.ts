import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";

/** A class of errors: anything `instanceof` can test against. */
export type ErrorClass = abstract new (...args: never[]) => unknown;

/** Which failures to recover from: error classes (any match), or a predicate on the thrown value. */
export type FallbackMatcher = readonly ErrorClass[] | ((error: unknown, context: ExecutionContext) => boolean);

/** Options of {@link FallbackObserver}. */
export interface FallbackObserverOptions<R = unknown> extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** The failures to turn into a value (the original's `exception_classes`). Default: every failure. */
  exceptions?: FallbackMatcher;
  /** The value the caller gets instead (the original's `default_return`). */
  value?: R;
  /** Computes the value from the failed call instead; takes precedence over `value`. */
  compute?: (context: ExecutionContext, error: unknown) => R;
}

/**
 * Turns matching failures into a fallback value with `ctx.recover`: the caller gets the value, observers
 * still see POST_FAILURE and then a COMPLETED with `recovered: true`. The first fallback to recover a
 * call wins (highest priority first). Recovery from a plain function's returned promise is impossible
 * (it was already handed to the caller): make such functions `async`.
 *
 * @example
 * observe(fetchPrices, new FallbackObserver({ exceptions: [TimeoutError], value: [] }));
 */
export class FallbackObserver<R = unknown> extends BaseObserver {
  readonly #matches: (error: unknown, context: ExecutionContext) => boolean;
  readonly #value: (context: ExecutionContext, error: unknown) => R | undefined;
  #recovered = 0;

  /**
   * Creates an observer of POST_FAILURE only (priority 0 unless `options.priority` says otherwise); with
   * neither `value` nor `compute`, matching failures are recovered with `undefined`.
   */
  constructor(options: FallbackObserverOptions<R> = {}) {
    super({ priority: options.priority, name: options.name ?? builtInName(new.target, FallbackObserver, "FallbackObserver"), maxFailures: options.maxFailures, states: [ExecutionState.POST_FAILURE], timing: false, nesting: false });
    const exceptions = options.exceptions;
    if (exceptions === undefined) this.#matches = () => true;
    else if (typeof exceptions === "function") this.#matches = exceptions;
    else this.#matches = (error) => exceptions.some((type) => error instanceof type);
    const { compute, value } = options;
    this.#value = compute ?? (() => value);
  }

  /** Recovers the failure when it matches and no other observer recovered it already. */
  update(context: ExecutionContext): void {
    if (context.recovered) return;
    const outcome = context.result;
    if (outcome === undefined || outcome.ok) return;
    if (!this.#matches(outcome.exception, context)) return;
    context.recover(this.#value(context, outcome.exception));
    this.#recovered++;
  }

  /** How many failures this observer recovered. */
  get recoveredCount(): number {
    return this.#recovered;
  }

  /** Zeroes the recovery count. */
  reset(): void {
    this.#recovered = 0;
  }
}
