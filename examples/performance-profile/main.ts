/**
 * Performance profile: 150 database queries with varying latency, a few slow spikes and a degradation
 * at the end, each after a cache lookup. The seed's observer (ported in performance-profile-observer.ts)
 * keeps the rolling statistics and raises alerts; the built-in `PerformanceProfileObserver` watches the
 * same calls and its report is rendered as a self-contained HTML page with a latency histogram per function.
 */
import { observe, shutdown } from "ts-observed";
import { PerformanceProfileObserver as BuiltInProfileObserver } from "ts-observed/observers";
import { writeHtmlReport } from "ts-observed/observers/html-report-file";
import { logger, simulateCpuWork, simulateWork, withFakeClock, type RunOptions } from "../support.js";
import { PerformanceProfileObserver, type PerformanceReport } from "./performance-profile-observer.js";

export const title = "Performance profile: rolling window, mean/median/p95, threshold and degradation alerts";

const TABLE_LATENCY_MS = [20, 35, 50, 80, 120];
const CALLS = 150;
let call = 0;

/** Latency of the n-th query: per table, a deterministic jitter, a spike every 40 calls, slower at the end. */
function latencyOf(n: number): number {
  const base = TABLE_LATENCY_MS[n % TABLE_LATENCY_MS.length]!;
  const jitter = (n * 7919) % 13;
  const spike = n % 40 === 39 ? 200 : 0;
  const degraded = n >= CALLS - 10 ? 2.5 : 1;
  return Math.round((base + jitter + spike) * degraded);
}

/** @observed db */
export function cacheLookup(key: string): string | undefined {
  simulateCpuWork(1 + (key.length % 4));
  return undefined;
}

/** @observed db */
export async function databaseQuery(query: string, params: { id: number }): Promise<string> {
  await simulateWork(latencyOf(call++));
  return `Query result for: ${query} (${params.id})`;
}

export interface PerformanceProfileRunOptions extends RunOptions {
  /** Where to write the HTML report (the tour passes `examples/.out/performance-report.html`). */
  htmlReportPath?: string;
}

export interface PerformanceProfileReport extends PerformanceReport {
  alertCounts: Record<string, number>;
  /** The built-in observer's view of the same calls. */
  builtIn: { functions: Array<{ function: string; samples: number; meanMs: number; p95Ms: number; p99Ms: number; degraded: boolean }>; totalAlerts: number };
  /** The HTML report's path, when one was written. */
  htmlReportPath: string | undefined;
}

export async function run(options: PerformanceProfileRunOptions = {}): Promise<PerformanceProfileReport> {
  const log = logger(options);
  call = 0;
  return withFakeClock(async () => {
    const profiler = new PerformanceProfileObserver({
      windowSize: 500,
      alertThresholdMs: 200,
      onAlert: (alert) => log(`  🚨 ${alert.type} - ${alert.function}: ${alert.message}`),
    });
    // The built-in, on the same calls: its alerts are in its report (onAlert: null keeps the console quiet).
    const builtIn = new BuiltInProfileObserver({ windowSize: 500, alertThresholdMs: 200, onAlert: null });
    observe("db", profiler, builtIn);

    for (let i = 0; i < CALLS; i++) {
      cacheLookup(`table_${i % 5}:${i}`);
      await databaseQuery(`SELECT * FROM table_${i % 5}`, { id: i });
    }

    const report = profiler.getPerformanceReport();
    const alertCounts: Record<string, number> = {};
    for (const alert of profiler.alerts) alertCounts[alert.type] = (alertCounts[alert.type] ?? 0) + 1;
    for (const [name, p] of Object.entries(report.functions)) {
      log(`${name}: ${p.totalCalls} calls, mean ${p.meanMs} ms, median ${p.medianMs} ms, p95 ${p.p95Ms} ms, min ${p.minMs} / max ${p.maxMs} ms, σ ${p.stdDevMs} ms`);
    }
    log(`alerts: ${JSON.stringify(alertCounts)}`);

    const builtInReport = builtIn.getReport();
    const functions = builtInReport.functions.map(({ function: name, samples, meanMs, p95Ms, p99Ms, degraded }) => ({ function: name, samples, meanMs, p95Ms, p99Ms, degraded }));
    log(`built-in: ${functions.map((f) => `${f.function} p99 ${f.p99Ms} ms${f.degraded ? " (degraded)" : ""}`).join(", ")}; ${builtInReport.totalAlerts} alerts`);
    if (options.htmlReportPath !== undefined) {
      await writeHtmlReport(options.htmlReportPath, builtInReport, { title: "ts-observed demo: database queries" });
      log(`HTML report written: ${options.htmlReportPath}`);
    }
    await shutdown();
    return { ...report, alertCounts, builtIn: { functions, totalAlerts: builtInReport.totalAlerts }, htmlReportPath: options.htmlReportPath };
  });
}
