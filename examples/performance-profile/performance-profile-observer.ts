import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

export type AlertType = "SLOW_EXECUTION" | "PERFORMANCE_DEGRADATION";

export interface PerformanceAlert {
  timestamp: number;
  function: string;
  type: AlertType;
  message: string;
  arguments: Readonly<Record<string, unknown>>;
  severity: "HIGH" | "MEDIUM";
}

export interface FunctionProfile {
  totalCalls: number;
  meanMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  stdDevMs: number;
  /** Needs 20 samples in the window; `undefined` before. */
  p95Ms: number | undefined;
}

export interface PerformanceReport {
  functions: Record<string, FunctionProfile>;
  totalAlerts: number;
  /** Alerts of the last hour. */
  recentAlerts: PerformanceAlert[];
}

export interface PerformanceProfileOptions {
  /** Samples kept per function (a rolling window). Default 1000. */
  windowSize?: number;
  /** A single call slower than this raises SLOW_EXECUTION. Default 500 ms. */
  alertThresholdMs?: number;
  /** Receives each alert as it is raised (the seed printed it). */
  onAlert?: (alert: PerformanceAlert) => void;
}

/** A fixed-size window of numbers: the oldest sample is overwritten, no array grows or shifts. */
class RollingWindow {
  readonly #samples: Float64Array;
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#samples = new Float64Array(capacity);
  }

  push(value: number): void {
    this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#samples.length;
    this.#size = Math.min(this.#size + 1, this.#samples.length);
  }

  /** Samples oldest first. */
  toArray(): number[] {
    const capacity = this.#samples.length;
    const start = (this.#next - this.#size + capacity) % capacity;
    return Array.from({ length: this.#size }, (_, i) => this.#samples[(start + i) % capacity]!);
  }
}

const MIN_SAMPLES = 10;
const DEGRADATION_HISTORY = 100;
const RECENT = 10;
const DEGRADATION_FACTOR = 1.5;

/**
 * The seed's PerformanceProfileObserver: a rolling window of successful execution times per function,
 * mean / median / p95, alerts when one call crosses a threshold or when the last 10 calls average 50%
 * more than the 90 before them, and a report. Times are milliseconds, as everywhere in ts-observed.
 */
export class PerformanceProfileObserver extends BaseObserver {
  readonly windowSize: number;
  readonly alertThresholdMs: number;
  readonly alerts: PerformanceAlert[] = [];
  readonly #windows = new Map<string, RollingWindow>();
  readonly #onAlert: ((alert: PerformanceAlert) => void) | undefined;
  /** Functions currently in a degradation episode: alert once per episode, not on every call of it. */
  readonly #degraded = new Set<string>();
  #lastTimestamp = 0;

  constructor({ windowSize = 1000, alertThresholdMs = 500, onAlert }: PerformanceProfileOptions = {}) {
    // timing defaults to true: this observer needs executionTime.
    super({ priority: 80, name: "PerformanceProfile", states: [ExecutionState.POST_SUCCESS] });
    this.windowSize = windowSize;
    this.alertThresholdMs = alertThresholdMs;
    this.#onAlert = onAlert;
  }

  update(context: ExecutionContext): void {
    if (context.result?.ok !== true) return;
    const name = context.functionSignature.qualifiedName;
    const time = context.result.executionTime;
    let window = this.#windows.get(name);
    if (window === undefined) this.#windows.set(name, (window = new RollingWindow(this.windowSize)));
    window.push(time);
    this.#lastTimestamp = context.timestamp;
    this.#analyze(name, time, window.toArray(), context);
  }

  #analyze(name: string, time: number, times: number[], context: ExecutionContext): void {
    // Unlike the seed, a slow call alerts from the first sample: a threshold needs no history.
    if (time > this.alertThresholdMs) {
      this.#alert(name, "SLOW_EXECUTION", `Execution time: ${time.toFixed(1)}ms (threshold: ${this.alertThresholdMs.toFixed(1)}ms)`, context);
    }
    if (times.length < Math.max(MIN_SAMPLES, DEGRADATION_HISTORY)) return;
    const recent = mean(times.slice(-RECENT));
    const historical = mean(times.slice(-DEGRADATION_HISTORY, -RECENT));
    if (recent > historical * DEGRADATION_FACTOR) {
      if (!this.#degraded.has(name)) {
        this.#degraded.add(name);
        this.#alert(name, "PERFORMANCE_DEGRADATION", `Recent avg: ${recent.toFixed(1)}ms vs Historical: ${historical.toFixed(1)}ms`, context);
      }
    } else this.#degraded.delete(name);
  }

  #alert(name: string, type: AlertType, message: string, context: ExecutionContext): void {
    const alert: PerformanceAlert = {
      timestamp: context.timestamp,
      function: name,
      type,
      message,
      // Copied: the context's records belong to the call, the alert outlives it.
      arguments: { ...context.arguments },
      severity: type === "SLOW_EXECUTION" ? "HIGH" : "MEDIUM",
    };
    this.alerts.push(alert);
    this.#onAlert?.(alert);
  }

  getPerformanceReport(functionName?: string): PerformanceReport {
    const names = functionName === undefined ? [...this.#windows.keys()] : [functionName];
    const functions: Record<string, FunctionProfile> = {};
    for (const name of names) {
      const times = this.#windows.get(name)?.toArray() ?? [];
      if (times.length > 0) functions[name] = profile(times);
    }
    // "The last hour", on the clock the calls were timed with (a fake one in tests).
    const hourAgo = this.#lastTimestamp - 3_600_000;
    return { functions, totalAlerts: this.alerts.length, recentAlerts: this.alerts.filter((a) => a.timestamp > hourAgo) };
  }

  reset(): void {
    this.#windows.clear();
    this.#degraded.clear();
    this.alerts.length = 0;
  }
}

function profile(times: readonly number[]): FunctionProfile {
  const sorted = [...times].sort((a, b) => a - b);
  const average = mean(sorted);
  const variance = sorted.length > 1 ? sorted.reduce((sum, t) => sum + (t - average) ** 2, 0) / (sorted.length - 1) : 0;
  return {
    totalCalls: sorted.length,
    meanMs: round(average),
    medianMs: round(percentile(sorted, 50)),
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    stdDevMs: round(Math.sqrt(variance)),
    p95Ms: sorted.length >= 20 ? round(percentile(sorted, 95)) : undefined,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Linear interpolation between the closest ranks, on sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
