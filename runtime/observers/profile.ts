import { BaseObserver, builtInName } from "../observer.js";
import { getClock } from "../settings.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { redactArguments, sensitivityOf, type JsonSafeOptions, type JsonValue } from "./integration-support.js";
import { RollingWindow } from "./rolling-window.js";
import { histogram, mean, summarize, type HistogramBin } from "./stats.js";

/** Kind of a performance alert. */
export type PerformanceAlertType = "SLOW_EXECUTION" | "PERFORMANCE_DEGRADATION";

/** One alert raised by a {@link PerformanceProfileObserver}. */
export interface PerformanceAlert {
  /**
   * SLOW_EXECUTION: this call took longer than `alertThresholdMs`. PERFORMANCE_DEGRADATION: the mean of the
   * function's last 10 calls rose above `degradationFactor` × the mean of the 90 before them.
   */
  readonly type: PerformanceAlertType;
  /** HIGH for a slow call, MEDIUM for a degradation (as in the original). */
  readonly severity: "HIGH" | "MEDIUM";
  /** Qualified name of the function. */
  readonly function: string;
  /**
   * A human-readable summary with the numbers, e.g. `Execution time: 612.3ms (threshold: 500.0ms)` or
   * `Recent avg: 80.2ms vs Historical: 41.0ms`.
   */
  readonly message: string;
  /** Wall-clock epoch milliseconds (runtime clock) when the alert was raised. */
  readonly timestamp: number;
  /** {@link ExecutionContext.callId} of the call that raised the alert. */
  readonly callId: number;
  /** Duration of the call that raised the alert, in milliseconds. */
  readonly durationMs: number;
  /** PERFORMANCE_DEGRADATION only: mean duration of the function's last 10 calls, in milliseconds; undefined for SLOW_EXECUTION. */
  readonly recentMeanMs?: number;
  /** PERFORMANCE_DEGRADATION only: mean duration of the 90 calls before the last 10, in milliseconds; undefined for SLOW_EXECUTION. */
  readonly historicalMeanMs?: number;
  /** The call's arguments, sensitive names redacted. */
  readonly arguments: { readonly [name: string]: JsonValue };
}

/** Statistics of one function's rolling window, in milliseconds. */
export interface FunctionProfile {
  /** Qualified name. */
  readonly function: string;
  /** Calls in the window. */
  readonly samples: number;
  /** Calls recorded since the last reset (the window keeps only the latest). */
  readonly totalCalls: number;
  /** Arithmetic mean of the durations in the window, in milliseconds. */
  readonly meanMs: number;
  /** Median (50th percentile, interpolated) of the durations in the window, in milliseconds. */
  readonly medianMs: number;
  /** Shortest duration in the window, in milliseconds. */
  readonly minMs: number;
  /** Longest duration in the window, in milliseconds. */
  readonly maxMs: number;
  /** Sample standard deviation (n − 1) of the durations in the window, in milliseconds; 0 with one sample. */
  readonly stdDevMs: number;
  /** 95th percentile of the durations in the window (linear interpolation between closest ranks), in milliseconds. */
  readonly p95Ms: number;
  /** 99th percentile of the durations in the window (linear interpolation between closest ranks), in milliseconds. */
  readonly p99Ms: number;
  /** Latency distribution of the window. */
  readonly histogram: readonly HistogramBin[];
  /** True while the recent mean is above `degradationFactor` × the historical mean. */
  readonly degraded: boolean;
}

/** What {@link PerformanceProfileObserver.getReport} returns; `renderHtmlReport` renders it. */
export interface PerformanceReport {
  /** Wall-clock epoch milliseconds when the report was made. */
  readonly generatedAt: number;
  /** The observer's {@link PerformanceProfileObserver.windowSize}: durations kept per function. */
  readonly windowSize: number;
  /** The observer's {@link PerformanceProfileObserver.alertThresholdMs}: the SLOW_EXECUTION threshold in milliseconds. */
  readonly alertThresholdMs: number;
  /** One entry per function with at least one recorded call, by name. */
  readonly functions: readonly FunctionProfile[];
  /** Alerts raised since the last reset, including those no longer kept. */
  readonly totalAlerts: number;
  /** Kept alerts raised within `recentAlertsMs` of now, oldest first. */
  readonly recentAlerts: readonly PerformanceAlert[];
}

/** Options of {@link PerformanceProfileObserver}. */
export interface PerformanceProfileObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Durations kept per function. Default 1000; degradation alerts need at least 100. */
  windowSize?: number;
  /** A call slower than this raises SLOW_EXECUTION. Default 500. */
  alertThresholdMs?: number;
  /** Recent (last 10) mean above this × the previous 90's mean raises PERFORMANCE_DEGRADATION. Default 1.5. */
  degradationFactor?: number;
  /** Record failed calls' durations too. Default false: only successes, as the original. */
  includeFailures?: boolean;
  /** Alerts kept; the oldest go first. Default 1000. */
  maxAlerts?: number;
  /** How far back `recentAlerts` reaches, in milliseconds. Default 3 600 000 (an hour). */
  recentAlertsMs?: number;
  /** Bins of each function's histogram. Default 20. */
  histogramBins?: number;
  /** Told of each alert; default a `console.warn` line, `null` for none. */
  onAlert?: ((alert: PerformanceAlert) => void) | null;
}

// The original's windows: the last 10 calls against the 90 before them, judged once 100 are known.
const RECENT = 10;
const HISTORY = 100;

interface FunctionState {
  readonly window: RollingWindow;
  totalCalls: number;
  degraded: boolean;
}

function consoleAlert(alert: PerformanceAlert): void {
  console.warn(`[ts-observed] PERFORMANCE ALERT ${alert.type} — ${alert.function}: ${alert.message}`);
}

/**
 * Keeps a rolling window of durations per function and reports mean, median, p95, p99 and standard
 * deviation. Raises SLOW_EXECUTION for a call above `alertThresholdMs`, and PERFORMANCE_DEGRADATION when
 * the last 10 calls average more than 1.5× the 90 before them — once when it starts (not on every call
 * while it lasts, unlike the original), again only after it recovered.
 *
 * @example
 * const profiler = new PerformanceProfileObserver({ windowSize: 500, alertThresholdMs: 200 });
 * observe("db", profiler);
 * writeFileSync("perf.html", renderHtmlReport(profiler.getReport()));
 */
export class PerformanceProfileObserver extends BaseObserver {
  /** Durations kept per function: the rolling window the statistics are computed over (from the options; default 1000). */
  readonly windowSize: number;
  /** A call slower than this many milliseconds raises SLOW_EXECUTION (from the options; default 500). */
  readonly alertThresholdMs: number;
  /**
   * PERFORMANCE_DEGRADATION is raised when the last 10 calls' mean exceeds this multiple of the previous
   * 90 calls' mean (from the options; default 1.5).
   */
  readonly degradationFactor: number;
  readonly #maxAlerts: number;
  readonly #recentAlertsMs: number;
  readonly #bins: number;
  readonly #onAlert: ((alert: PerformanceAlert) => void) | null;
  readonly #json: JsonSafeOptions = { isSensitive: sensitivityOf(), maxDepth: 2, maxEntries: 10 };
  #functions = new Map<string, FunctionState>();
  #alerts: PerformanceAlert[] = [];
  #totalAlerts = 0;

  /**
   * Creates an observer of POST_SUCCESS (and POST_FAILURE with `includeFailures`) with priority 80 unless
   * `options.priority` says otherwise; the options are checked when it is first subscribed
   * ({@link PerformanceProfileObserver.validate}).
   */
  constructor(options: PerformanceProfileObserverOptions = {}) {
    const states = options.includeFailures ? [ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE] : [ExecutionState.POST_SUCCESS];
    super({ priority: options.priority ?? 80, name: options.name ?? builtInName(new.target, PerformanceProfileObserver, "PerformanceProfileObserver"), maxFailures: options.maxFailures, states, timing: true, nesting: false });
    this.windowSize = options.windowSize ?? 1000;
    this.alertThresholdMs = options.alertThresholdMs ?? 500;
    this.degradationFactor = options.degradationFactor ?? 1.5;
    this.#maxAlerts = options.maxAlerts ?? 1000;
    this.#recentAlertsMs = options.recentAlertsMs ?? 3_600_000;
    this.#bins = options.histogramBins ?? 20;
    this.#onAlert = options.onAlert === undefined ? consoleAlert : options.onAlert;
  }

  /** Refuses an empty window, a negative threshold or a factor ≤ 1. */
  validate(): string | undefined {
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1) return `windowSize must be a whole number ≥ 1, got ${String(this.windowSize)}`;
    if (!(this.alertThresholdMs >= 0)) return `alertThresholdMs must be ≥ 0, got ${String(this.alertThresholdMs)}`;
    if (!(this.degradationFactor > 1)) return `degradationFactor must be > 1, got ${String(this.degradationFactor)}`;
    return undefined;
  }

  /** Records one call's duration and checks it for alerts. */
  update(context: ExecutionContext): void {
    const durationMs = context.result?.executionTime ?? NaN;
    if (Number.isNaN(durationMs)) return;
    const name = context.functionSignature.qualifiedName;
    let state = this.#functions.get(name);
    if (state === undefined) {
      state = { window: new RollingWindow(this.windowSize), totalCalls: 0, degraded: false };
      this.#functions.set(name, state);
    }
    state.window.push(durationMs);
    state.totalCalls++;
    if (durationMs > this.alertThresholdMs) {
      this.#alert(context, "SLOW_EXECUTION", `Execution time: ${durationMs.toFixed(1)}ms (threshold: ${this.alertThresholdMs.toFixed(1)}ms)`, durationMs);
    }
    this.#checkDegradation(context, state, durationMs);
  }

  #checkDegradation(context: ExecutionContext, state: FunctionState, durationMs: number): void {
    if (state.window.length < HISTORY) return;
    const last = state.window.values(HISTORY);
    const historicalMeanMs = mean(last.slice(0, HISTORY - RECENT));
    const recentMeanMs = mean(last.slice(HISTORY - RECENT));
    const degraded = recentMeanMs > historicalMeanMs * this.degradationFactor;
    if (degraded && !state.degraded) {
      const message = `Recent avg: ${recentMeanMs.toFixed(1)}ms vs Historical: ${historicalMeanMs.toFixed(1)}ms`;
      this.#alert(context, "PERFORMANCE_DEGRADATION", message, durationMs, { recentMeanMs, historicalMeanMs });
    }
    state.degraded = degraded;
  }

  #alert(context: ExecutionContext, type: PerformanceAlertType, message: string, durationMs: number, means: Pick<PerformanceAlert, "recentMeanMs" | "historicalMeanMs"> = {}): void {
    const alert: PerformanceAlert = {
      type,
      severity: type === "SLOW_EXECUTION" ? "HIGH" : "MEDIUM",
      function: context.functionSignature.qualifiedName,
      message,
      timestamp: wallNow(),
      callId: context.callId,
      durationMs,
      ...means,
      arguments: redactArguments(context.arguments, this.#json),
    };
    this.#totalAlerts++;
    this.#alerts.push(alert);
    if (this.#alerts.length > this.#maxAlerts) this.#alerts.shift();
    this.#onAlert?.(alert);
  }

  /** Statistics of every function (or of one, by qualified name), and the recent alerts. */
  getReport(qualifiedName?: string): PerformanceReport {
    const functions: FunctionProfile[] = [];
    const names = qualifiedName === undefined ? [...this.#functions.keys()].sort() : [qualifiedName];
    for (const name of names) {
      const state = this.#functions.get(name);
      if (state === undefined || state.window.length === 0) continue;
      const values = state.window.values();
      const summary = summarize(values);
      functions.push({
        function: name,
        samples: summary.count,
        totalCalls: state.totalCalls,
        meanMs: summary.mean,
        medianMs: summary.median,
        minMs: summary.min,
        maxMs: summary.max,
        stdDevMs: summary.stdDev,
        p95Ms: summary.p95,
        p99Ms: summary.p99,
        histogram: histogram(values, this.#bins),
        degraded: state.degraded,
      });
    }
    const now = wallNow();
    const recentAlerts = this.#alerts.filter((alert) => now - alert.timestamp < this.#recentAlertsMs && (qualifiedName === undefined || alert.function === qualifiedName));
    return { generatedAt: now, windowSize: this.windowSize, alertThresholdMs: this.alertThresholdMs, functions, totalAlerts: this.#totalAlerts, recentAlerts };
  }

  /** Every kept alert, oldest first. */
  getAlerts(): readonly PerformanceAlert[] {
    return [...this.#alerts];
  }

  /** Forgets every window and alert. */
  reset(): void {
    this.#functions = new Map();
    this.#alerts = [];
    this.#totalAlerts = 0;
  }
}

function wallNow(): number {
  const clock = getClock();
  return clock.origin + clock.now();
}
