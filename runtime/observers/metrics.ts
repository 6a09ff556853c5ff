import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";

/** Call counts and timings of one function, or of all of them. Times are in milliseconds. */
export interface CallMetrics {
  /** Settled calls: `successes + failures`. */
  readonly calls: number;
  /** Calls that settled with POST_SUCCESS (cache hits and other early returns included). */
  readonly successes: number;
  /** Calls that settled with POST_FAILURE (rate-limit rejections and recovered failures included). */
  readonly failures: number;
  /** Sum of the calls' durations, in milliseconds of the runtime clock. */
  readonly totalTimeMs: number;
  /** 0 when there were no calls, as are `minTimeMs` and `maxTimeMs`. */
  readonly meanTimeMs: number;
  /** Shortest call, in milliseconds; 0 when there were no calls. */
  readonly minTimeMs: number;
  /** Longest call, in milliseconds; 0 when there were no calls. */
  readonly maxTimeMs: number;
}

/** What {@link MetricsObserver.getMetrics} returns. */
export interface MetricsSnapshot {
  /** All functions together. */
  readonly overall: CallMetrics;
  /** Per function, by qualified name. */
  readonly functions: { readonly [qualifiedName: string]: CallMetrics };
}

/** Options of {@link MetricsObserver}. */
export type MetricsObserverOptions = Pick<ObserverOptions, "priority" | "name" | "maxFailures">;

/** Mutable accumulator; snapshots are copies so callers never see it change. */
class Accumulator {
  successes = 0;
  failures = 0;
  totalTimeMs = 0;
  minTimeMs = Infinity;
  maxTimeMs = -Infinity;

  add(ok: boolean, ms: number): void {
    if (ok) this.successes++;
    else this.failures++;
    // NaN only if timing were off; counting the call still matters.
    if (Number.isNaN(ms)) return;
    this.totalTimeMs += ms;
    if (ms < this.minTimeMs) this.minTimeMs = ms;
    if (ms > this.maxTimeMs) this.maxTimeMs = ms;
  }

  snapshot(): CallMetrics {
    const calls = this.successes + this.failures;
    const timed = this.minTimeMs !== Infinity;
    return {
      calls,
      successes: this.successes,
      failures: this.failures,
      totalTimeMs: this.totalTimeMs,
      meanTimeMs: calls === 0 ? 0 : this.totalTimeMs / calls,
      minTimeMs: timed ? this.minTimeMs : 0,
      maxTimeMs: timed ? this.maxTimeMs : 0,
    };
  }
}

/**
 * Counts calls, successes and failures and sums their durations, per function and overall. It listens
 * only to POST_SUCCESS and POST_FAILURE: a call is counted when it settles (a cache hit is a success, a
 * rate-limit rejection a failure, a recovered failure a failure).
 *
 * @example
 * const metrics = new MetricsObserver();
 * observe("*", metrics);
 * metrics.getMetrics().functions["Cart.checkout"]?.meanTimeMs;
 */
export class MetricsObserver extends BaseObserver {
  #overall = new Accumulator();
  #functions = new Map<string, Accumulator>();

  /** Creates an observer of POST_SUCCESS and POST_FAILURE with priority 100 unless `options.priority` says otherwise. */
  constructor(options: MetricsObserverOptions = {}) {
    super({ priority: options.priority ?? 100, name: options.name ?? builtInName(new.target, MetricsObserver, "MetricsObserver"), maxFailures: options.maxFailures, states: [ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE], timing: true, nesting: false });
  }

  /** Counts one settled call. */
  update(context: ExecutionContext): void {
    const name = context.functionSignature.qualifiedName;
    let accumulator = this.#functions.get(name);
    if (accumulator === undefined) {
      accumulator = new Accumulator();
      this.#functions.set(name, accumulator);
    }
    const ok = context.state === ExecutionState.POST_SUCCESS;
    const ms = context.result?.executionTime ?? NaN;
    accumulator.add(ok, ms);
    this.#overall.add(ok, ms);
  }

  /** A snapshot of the counters: overall and per function. */
  getMetrics(): MetricsSnapshot {
    const functions: { [qualifiedName: string]: CallMetrics } = {};
    for (const [name, accumulator] of this.#functions) functions[name] = accumulator.snapshot();
    return { overall: this.#overall.snapshot(), functions };
  }

  /** The counters of one function by qualified name, or `undefined` if it was never called. */
  getFunctionMetrics(qualifiedName: string): CallMetrics | undefined {
    return this.#functions.get(qualifiedName)?.snapshot();
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.#overall = new Accumulator();
    this.#functions = new Map();
  }
}
