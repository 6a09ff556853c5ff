import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";

/** One call that took longer than the threshold. */
export interface SlowCall {
  /** Qualified name of the function. */
  readonly function: string;
  /** The call's {@link ExecutionContext.callId}: unique and increasing within the process. */
  readonly callId: number;
  /** How long the call took, in milliseconds of the runtime clock (its `result.executionTime`). */
  readonly durationMs: number;
  /** The observer's threshold in milliseconds when the call was recorded: `durationMs` exceeded it. */
  readonly thresholdMs: number;
  /** Whether the call succeeded. */
  readonly ok: boolean;
  /** Wall-clock epoch milliseconds when the call started. */
  readonly timestamp: number;
}

/** Options of {@link TimingObserver}. */
export interface TimingObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Calls taking longer than this many milliseconds are slow. Default 1000. */
  thresholdMs?: number;
  /** Slow calls kept for {@link TimingObserver.getSlowCalls}; the oldest go first. Default 100. */
  maxRecords?: number;
  /** Told of each slow call; default: a `console.warn` line. `null` for none. */
  warn?: ((slow: SlowCall) => void) | null;
}

function consoleWarn(slow: SlowCall): void {
  console.warn(`[ts-observed] slow call: ${slow.function} took ${slow.durationMs.toFixed(1)} ms (threshold ${slow.thresholdMs} ms)`);
}

/**
 * Records calls slower than a threshold and warns about each one. Only the most recent `maxRecords`
 * are kept (the count of all of them is in `slowCallCount`), so a persistently slow function cannot
 * grow memory.
 *
 * @example
 * observe("db", new TimingObserver({ thresholdMs: 200, warn: (slow) => logger.warn(slow, "slow query") }));
 */
export class TimingObserver extends BaseObserver {
  /** Calls that take longer than this many milliseconds are recorded as slow (from the options; default 1000). */
  readonly thresholdMs: number;
  readonly #maxRecords: number;
  readonly #warn: ((slow: SlowCall) => void) | null;
  #records: SlowCall[] = [];
  #count = 0;

  /**
   * Creates an observer of POST_SUCCESS and POST_FAILURE with priority 75 unless `options.priority` says
   * otherwise; the options are checked when it is first subscribed ({@link TimingObserver.validate}).
   */
  constructor(options: TimingObserverOptions = {}) {
    super({ priority: options.priority ?? 75, name: options.name ?? builtInName(new.target, TimingObserver, "TimingObserver"), maxFailures: options.maxFailures, states: [ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE], timing: true, nesting: false });
    this.thresholdMs = options.thresholdMs ?? 1000;
    this.#maxRecords = options.maxRecords ?? 100;
    this.#warn = options.warn === undefined ? consoleWarn : options.warn;
  }

  /** Refuses a negative or non-numeric threshold and a record bound below 1. */
  validate(): string | undefined {
    if (!(this.thresholdMs >= 0)) return `thresholdMs must be a number ≥ 0, got ${String(this.thresholdMs)}`;
    if (!Number.isInteger(this.#maxRecords) || this.#maxRecords < 1) return `maxRecords must be a whole number ≥ 1, got ${String(this.#maxRecords)}`;
    return undefined;
  }

  /** Checks one settled call against the threshold. */
  update(context: ExecutionContext): void {
    const durationMs = context.result?.executionTime ?? NaN;
    if (!(durationMs > this.thresholdMs)) return;
    const slow: SlowCall = {
      function: context.functionSignature.qualifiedName,
      callId: context.callId,
      durationMs,
      thresholdMs: this.thresholdMs,
      ok: context.state === ExecutionState.POST_SUCCESS,
      timestamp: context.timestamp,
    };
    this.#count++;
    this.#records.push(slow);
    if (this.#records.length > this.#maxRecords) this.#records.shift();
    this.#warn?.(slow);
  }

  /** The most recent slow calls, oldest first. */
  getSlowCalls(): readonly SlowCall[] {
    return [...this.#records];
  }

  /** How many slow calls were seen since the last reset, including those no longer kept. */
  get slowCallCount(): number {
    return this.#count;
  }

  /** Forgets every recorded slow call. */
  reset(): void {
    this.#records = [];
    this.#count = 0;
  }
}
