import { BaseObserver, builtInName } from "../observer.js";
import { getClock } from "../settings.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { functionKey } from "./function-key.js";

/** Thrown to the caller of a call refused by a {@link RateLimitObserver}. */
export class RateLimitError extends Error {
  /** Always `"RateLimitError"`: tells this error apart in logs and by `error.name`. */
  override name = "RateLimitError";
  /** Qualified name of the refused function. */
  readonly function: string;
  /** The bucket the call counted against: the function's own, or the key function's answer. */
  readonly key: string;
  /** Calls allowed per window. */
  readonly limit: number;
  /** Length of the sliding window in milliseconds. */
  readonly windowMs: number;
  /** Milliseconds until the oldest call in the window leaves it and a call is allowed again. */
  readonly retryAfterMs: number;

  /**
   * Creates the error with a message naming the function, the limit and the retry delay; the
   * {@link RateLimitObserver} makes it, callers only catch it.
   */
  constructor(details: Pick<RateLimitError, "function" | "key" | "limit" | "windowMs" | "retryAfterMs">) {
    super(`Rate limit exceeded for ${details.function}: ${details.limit} calls per ${details.windowMs} ms; retry after ${Math.ceil(details.retryAfterMs)} ms`);
    this.function = details.function;
    this.key = details.key;
    this.limit = details.limit;
    this.windowMs = details.windowMs;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** Options of {@link RateLimitObserver}. */
export interface RateLimitObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Calls allowed per window (per bucket). Required. */
  limit: number;
  /** Window length in milliseconds. Default 60 000. */
  windowMs?: number;
  /**
   * The bucket of a call, e.g. `(ctx) => String(ctx.arguments.userId)`; `undefined` lets the call through
   * uncounted. Buckets are shared by every function the observer is attached to, so `() => "all"` is a
   * global limit. Default: one bucket per function.
   */
  key?: (context: ExecutionContext) => string | undefined;
  /** Most buckets tracked; the least recently used is forgotten beyond it. Default 10 000. */
  maxKeys?: number;
}

/**
 * Limits how often functions may be called, with a sliding window: a call is refused when `limit` calls
 * of its bucket started in the last `windowMs` milliseconds. A refused call does not run and throws a
 * {@link RateLimitError} (via `ctx.reject`) telling when to retry; it does not count against the window.
 * Uses the runtime clock, so `FakeClock` drives it in tests.
 *
 * @example
 * observe("api", new RateLimitObserver({ limit: 5, windowMs: 1000, key: (ctx) => String(ctx.arguments.userId) }));
 */
export class RateLimitObserver extends BaseObserver {
  /** Calls allowed per window in each bucket (from the options). */
  readonly limit: number;
  /** Length of the sliding window in milliseconds of the runtime clock (from the options; default 60 000). */
  readonly windowMs: number;
  readonly #key: ((context: ExecutionContext) => string | undefined) | undefined;
  readonly #maxKeys: number;
  /** Start times (runtime clock, ascending) of the calls in each bucket's window. */
  #buckets = new Map<string, number[]>();
  #allowed = 0;
  #rejected = 0;

  /**
   * Creates an observer of PRE_EXECUTION with priority 100 unless `options.priority` says otherwise (so it
   * refuses a call before a cache answers it); the options are checked when it is first subscribed
   * ({@link RateLimitObserver.validate}).
   */
  constructor(options: RateLimitObserverOptions) {
    super({ priority: options.priority ?? 100, name: options.name ?? builtInName(new.target, RateLimitObserver, "RateLimitObserver"), maxFailures: options.maxFailures, states: [ExecutionState.PRE_EXECUTION], timing: false, nesting: false });
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.#key = options.key;
    this.#maxKeys = options.maxKeys ?? 10_000;
  }

  /** Refuses a limit below 1, a non-positive window or key bound. */
  validate(): string | undefined {
    if (!Number.isInteger(this.limit) || this.limit < 1) return `limit must be a whole number ≥ 1, got ${String(this.limit)}`;
    if (!(this.windowMs > 0)) return `windowMs must be > 0, got ${String(this.windowMs)}`;
    if (!Number.isInteger(this.#maxKeys) || this.#maxKeys < 1) return `maxKeys must be a whole number ≥ 1, got ${String(this.#maxKeys)}`;
    return undefined;
  }

  /** Counts the call in its bucket, or refuses it with a {@link RateLimitError}. */
  update(context: ExecutionContext): void {
    if (context.answered) return;
    const key = this.#key === undefined ? functionKey(context.functionSignature) : this.#key(context);
    if (key === undefined) return;
    const now = getClock().now();
    const times = this.#window(key, now);
    if (times.length >= this.limit) {
      this.#rejected++;
      const retryAfterMs = times[0]! + this.windowMs - now;
      context.reject(new RateLimitError({ function: context.functionSignature.qualifiedName, key, limit: this.limit, windowMs: this.windowMs, retryAfterMs }));
      return;
    }
    this.#allowed++;
    times.push(now);
  }

  /** The bucket's start times still inside the window, marked most recently used. */
  #window(key: string, now: number): number[] {
    let times = this.#buckets.get(key);
    if (times === undefined) times = [];
    else this.#buckets.delete(key);
    this.#buckets.set(key, times);
    const cutoff = now - this.windowMs;
    let expired = 0;
    while (expired < times.length && times[expired]! <= cutoff) expired++;
    if (expired > 0) times.splice(0, expired);
    if (this.#buckets.size > this.#maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return times;
  }

  /**
   * Calls left now in a bucket's window: give the key your key function returns, or, for the default
   * per-function buckets, the function's qualified name.
   */
  remaining(key: string): number {
    const times = this.#buckets.get(key) ?? this.#functionBucket(key);
    if (times === undefined) return this.limit;
    const cutoff = getClock().now() - this.windowMs;
    return Math.max(0, this.limit - times.filter((time) => time > cutoff).length);
  }

  #functionBucket(qualifiedName: string): number[] | undefined {
    if (this.#key !== undefined) return undefined;
    const prefix = `${qualifiedName}@`;
    for (const [key, times] of this.#buckets) if (key.startsWith(prefix)) return times;
    return undefined;
  }

  /** Calls allowed and refused since the last reset. */
  getStats(): {
    /** Calls counted and let through since the last reset (not counted: calls another observer already answered, and calls whose key function returned `undefined`). */
    readonly allowed: number;
    /** Calls refused with a {@link RateLimitError} since the last reset. */
    readonly rejected: number;
    /** Buckets tracked now (at most `maxKeys`). */
    readonly buckets: number;
  } {
    return { allowed: this.#allowed, rejected: this.#rejected, buckets: this.#buckets.size };
  }

  /** Forgets every window and counter. */
  reset(): void {
    this.#buckets = new Map();
    this.#allowed = 0;
    this.#rejected = 0;
  }
}
