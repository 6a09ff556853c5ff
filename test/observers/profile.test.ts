import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExecutionState, observe, setClock, shutdown } from "../../runtime/index.js";
import { PerformanceProfileObserver, type PerformanceAlert } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { work } from "../hand/observers-fixtures.js";

const { POST_SUCCESS, POST_FAILURE } = ExecutionState;

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
  clock = new FakeClock(0, 1_700_000_000_000);
  restore = setClock(clock);
});
afterEach(async () => {
  await shutdown();
  restore();
});

function profiler(options: ConstructorParameters<typeof PerformanceProfileObserver>[0] = {}) {
  const alerts: PerformanceAlert[] = [];
  const observerUnderTest = new PerformanceProfileObserver({ onAlert: (alert) => alerts.push(alert), ...options });
  return { profile: observerUnderTest, alerts };
}

describe("interest", () => {
  it("listens to POST_SUCCESS with timing, and to POST_FAILURE with includeFailures", () => {
    expect(new PerformanceProfileObserver().states).toEqual([POST_SUCCESS]);
    expect(new PerformanceProfileObserver().timing).toBe(true);
    expect(new PerformanceProfileObserver({ includeFailures: true }).states).toEqual([POST_SUCCESS, POST_FAILURE]);
  });
});

describe("getReport()", () => {
  it("mean, median, min, max, std dev, p95, p99 of the window, in ms", () => {
    const { profile } = profiler();
    observe(work, profile);
    for (const ms of [30, 10, 50, 20, 40]) work(ms);
    const report = profile.getReport();
    expect(report.functions).toHaveLength(1);
    const fn = report.functions[0]!;
    expect(fn).toMatchObject({ function: "work", samples: 5, totalCalls: 5, meanMs: 30, medianMs: 30, minMs: 10, maxMs: 50, p95Ms: 48, degraded: false });
    expect(fn.p99Ms).toBeCloseTo(49.6, 10);
    expect(fn.stdDevMs).toBeCloseTo(Math.sqrt(250), 10);
    expect(fn.histogram.reduce((sum, bin) => sum + bin.count, 0)).toBe(5);
    expect(fn.histogram[0]!.from).toBe(10);
    expect(fn.histogram.at(-1)!.to).toBe(50);
    expect(report).toMatchObject({ windowSize: 1000, alertThresholdMs: 500, totalAlerts: 0, recentAlerts: [], generatedAt: 1_700_000_000_000 + 150 });
  });

  it("the window rolls: only the last windowSize durations count, totalCalls counts all", () => {
    const { profile } = profiler({ windowSize: 3 });
    observe(work, profile);
    for (const ms of [100, 100, 1, 2, 3]) work(ms);
    expect(profile.getReport().functions[0]).toMatchObject({ samples: 3, totalCalls: 5, meanMs: 2, maxMs: 3 });
  });

  it("failures are left out unless includeFailures", () => {
    const { profile } = profiler();
    observe(work, profile);
    work(5);
    expect(() => work(500, true)).toThrow();
    expect(profile.getReport().functions[0]).toMatchObject({ samples: 1, maxMs: 5 });
    const withFailures = profiler({ includeFailures: true });
    withFailures.profile.update(createTestContext({ state: POST_FAILURE, name: "f", exception: new Error("x"), executionTime: 7 }));
    expect(withFailures.profile.getReport().functions[0]).toMatchObject({ function: "f", samples: 1, meanMs: 7 });
  });

  it("one function by name, several sorted by name; empty before any call", () => {
    const { profile } = profiler();
    expect(profile.getReport().functions).toEqual([]);
    profile.update(createTestContext({ state: POST_SUCCESS, name: "zeta", executionTime: 1 }));
    profile.update(createTestContext({ state: POST_SUCCESS, name: "alpha", executionTime: 2 }));
    expect(profile.getReport().functions.map((fn) => fn.function)).toEqual(["alpha", "zeta"]);
    expect(profile.getReport("zeta").functions.map((fn) => fn.meanMs)).toEqual([1]);
    expect(profile.getReport("nope").functions).toEqual([]);
  });
});

describe("alerts", () => {
  it("SLOW_EXECUTION (HIGH) for each call above the threshold, with redacted arguments", () => {
    const { profile, alerts } = profiler({ alertThresholdMs: 200 });
    profile.update(createTestContext({ state: POST_SUCCESS, name: "query", params: ["sql", "token"], args: ["select 1", "t0ps3cret"], executionTime: 250 }));
    profile.update(createTestContext({ state: POST_SUCCESS, name: "query", executionTime: 200 }));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: "SLOW_EXECUTION",
      severity: "HIGH",
      function: "query",
      durationMs: 250,
      message: "Execution time: 250.0ms (threshold: 200.0ms)",
      arguments: { sql: "select 1", token: "[REDACTED]" },
    });
  });

  it("PERFORMANCE_DEGRADATION (MEDIUM) once when the last 10 average > 1.5× the previous 90, again only after recovery", () => {
    const { profile, alerts } = profiler();
    observe(work, profile);
    for (let i = 0; i < 100; i++) work(10);
    expect(alerts).toEqual([]);
    work(30);
    work(30);
    expect(alerts).toEqual([]); // recent mean 14 ≤ 15
    work(30); // recent mean 16 > 1.5 × 10
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: "PERFORMANCE_DEGRADATION", severity: "MEDIUM", function: "work", recentMeanMs: 16, historicalMeanMs: 10 });
    expect(alerts[0]!.message).toBe("Recent avg: 16.0ms vs Historical: 10.0ms");
    expect(profile.getReport().functions[0]!.degraded).toBe(true);
    for (let i = 0; i < 60; i++) work(30); // stays degraded for a while, then the history catches up
    expect(alerts).toHaveLength(1);
    expect(profile.getReport().functions[0]!.degraded).toBe(false);
    for (let i = 0; i < 10; i++) work(100);
    expect(alerts.map((alert) => alert.type)).toEqual(["PERFORMANCE_DEGRADATION", "PERFORMANCE_DEGRADATION"]);
  });

  it("recentAlerts reaches back recentAlertsMs; totalAlerts counts every alert; maxAlerts bounds the list", () => {
    const { profile } = profiler({ alertThresholdMs: 0, recentAlertsMs: 1000, maxAlerts: 3 });
    profile.update(createTestContext({ state: POST_SUCCESS, executionTime: 1 }));
    clock.advance(5000);
    profile.update(createTestContext({ state: POST_SUCCESS, executionTime: 2 }));
    profile.update(createTestContext({ state: POST_SUCCESS, executionTime: 3 }));
    expect(profile.getReport().recentAlerts.map((alert) => alert.durationMs)).toEqual([2, 3]);
    expect(profile.getAlerts().map((alert) => alert.timestamp)).toEqual([1_700_000_000_000, 1_700_000_005_000, 1_700_000_005_000]);
    profile.update(createTestContext({ state: POST_SUCCESS, executionTime: 4 }));
    expect(profile.getAlerts().map((alert) => alert.durationMs)).toEqual([2, 3, 4]);
    expect(profile.getReport().totalAlerts).toBe(4);
  });

  it("warns through console.warn by default", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      new PerformanceProfileObserver({ alertThresholdMs: 1 }).update(createTestContext({ state: POST_SUCCESS, name: "slow", executionTime: 2 }));
      expect(warn).toHaveBeenCalledWith("[ts-observed] PERFORMANCE ALERT SLOW_EXECUTION — slow: Execution time: 2.0ms (threshold: 1.0ms)");
    } finally {
      warn.mockRestore();
    }
  });
});

describe("reset() and validate()", () => {
  it("reset() forgets windows and alerts", () => {
    const { profile } = profiler({ alertThresholdMs: 0 });
    profile.update(createTestContext({ state: POST_SUCCESS, executionTime: 1 }));
    profile.reset();
    expect(profile.getReport()).toMatchObject({ functions: [], totalAlerts: 0, recentAlerts: [] });
  });

  it("validate() refuses a factor ≤ 1 or an empty window", () => {
    expect(() => observe(work, new PerformanceProfileObserver({ degradationFactor: 1 }))).toThrow(/degradationFactor must be > 1, got 1/);
    expect(() => observe(work, new PerformanceProfileObserver({ windowSize: 0 }))).toThrow(/windowSize must be a whole number ≥ 1, got 0/);
  });
});
