import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/** What the caller of a blocked function gets: which limit and when to retry. */
export class RateLimitExceededError extends Error {
  override name = "RateLimitExceededError";
  constructor(
    readonly key: string,
    readonly limit: number,
    /** Milliseconds until the oldest call in the window leaves it. */
    readonly retryAfterMs: number,
  ) {
    super(`Rate limit exceeded for ${key}: ${limit} calls per window; retry in ${retryAfterMs} ms`);
  }
}

export interface RateLimitOptions {
  /** Calls allowed per window (the seed's `max_calls_per_minute`). */
  maxCalls: number;
  /** Window length in milliseconds. Default one minute. */
  windowMs?: number;
  /**
   * What is limited: by default each function; return e.g. `String(ctx.arguments.userId)` to limit
   * each user of a function separately.
   */
  keyOf?: (context: ExecutionContext) => string;
}

/**
 * The seed's RateLimitObserver, finished: where the Python version raised inside the observer (which
 * the runtime isolates, so nothing was blocked), this one calls `ctx.reject(error)` in PRE_EXECUTION.
 * The body does not run and the caller gets the error. Sliding window per key.
 */
export class RateLimitObserver extends BaseObserver {
  readonly maxCalls: number;
  readonly windowMs: number;
  readonly #keyOf: (context: ExecutionContext) => string;
  /** Start times of the calls in the current window, per key, oldest first. */
  readonly #history = new Map<string, number[]>();
  #rejected = 0;

  constructor({ maxCalls, windowMs = 60_000, keyOf = (ctx) => ctx.functionSignature.qualifiedName }: RateLimitOptions) {
    // High priority: decide before the other observers do work for a call that will not run.
    super({ priority: 100, name: "RateLimit", states: [ExecutionState.PRE_EXECUTION], timing: false });
    this.maxCalls = maxCalls;
    this.windowMs = windowMs;
    this.#keyOf = keyOf;
  }

  validate(): string | undefined {
    if (!Number.isInteger(this.maxCalls) || this.maxCalls < 1) return `maxCalls must be a whole number ≥ 1, got ${this.maxCalls}`;
    if (!(this.windowMs > 0)) return `windowMs must be positive, got ${this.windowMs}`;
    return undefined;
  }

  update(context: ExecutionContext): void {
    // Another observer already answered (returned early or rejected): this call will not run, do not count it.
    if (context.answered) return;
    const key = this.#keyOf(context);
    // The call's start time, from the runtime's clock: a fake clock in tests moves it.
    const now = context.timestamp;
    const recent = (this.#history.get(key) ?? []).filter((time) => time > now - this.windowMs);
    if (recent.length >= this.maxCalls) {
      this.#history.set(key, recent);
      this.#rejected++;
      context.reject(new RateLimitExceededError(key, this.maxCalls, recent[0]! + this.windowMs - now));
      return;
    }
    recent.push(now);
    this.#history.set(key, recent);
  }

  /** Calls blocked so far. */
  get rejected(): number {
    return this.#rejected;
  }

  reset(): void {
    this.#history.clear();
    this.#rejected = 0;
  }
}
