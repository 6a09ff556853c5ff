import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { PerformanceProfileReport } from "./main.js";
import { PerformanceProfileObserver } from "./performance-profile-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("performance-profile example", () => {
  it("profiles 150 calls with exact (fake-clock) times and raises the expected alerts", async () => {
    const example = await loadExample<PerformanceProfileReport>("performance-profile");
    const dir = mkdtempSync(join(tmpdir(), "ts-observed-profile-"));
    const htmlReportPath = join(dir, "report.html");
    const report = await example.run({ log: () => {}, htmlReportPath });
    // Exact: the fake clock makes every execution time the simulated latency.
    expect(report.functions.databaseQuery).toEqual({ totalCalls: 150, meanMs: 77.8, medianMs: 58, minMs: 20, maxMs: 330, stdDevMs: 59.8, p95Ms: 149.4 });
    // Three spikes (calls 39, 79, 119) and three degraded calls of the slow tables cross 200 ms; one degradation episode.
    expect(report.alertCounts).toEqual({ SLOW_EXECUTION: 6, PERFORMANCE_DEGRADATION: 1 });
    expect(report.recentAlerts.find((a) => a.type === "PERFORMANCE_DEGRADATION")?.message).toBe("Recent avg: 117.2ms vs Historical: 71.4ms");
    expect(report.recentAlerts).toHaveLength(report.totalAlerts);
    expect(report.functions.cacheLookup).toMatchObject({ totalCalls: 150, minMs: 2, maxMs: 4 });

    // The built-in agrees on the same calls, and adds p99.
    const builtIn = Object.fromEntries(report.builtIn.functions.map((f) => [f.function, f]));
    expect(builtIn.databaseQuery).toMatchObject({ samples: 150, meanMs: expect.closeTo(77.8, 1) as number, degraded: true });
    expect(builtIn.databaseQuery!.p99Ms).toBeGreaterThan(300);
    expect(report.builtIn.totalAlerts).toBe(7);

    const html = readFileSync(htmlReportPath, "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("databaseQuery");
    expect(html).toContain("cacheLookup");
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports percentiles from a window (unit test)", () => {
    const profiler = new PerformanceProfileObserver({ windowSize: 20, alertThresholdMs: 1000 });
    for (let ms = 1; ms <= 30; ms++) profiler.update(createTestContext({ name: "f", state: ExecutionState.POST_SUCCESS, executionTime: ms }));
    const p = profiler.getPerformanceReport().functions.f!;
    // The window holds the last 20 samples: 11…30.
    expect(p).toMatchObject({ totalCalls: 20, minMs: 11, maxMs: 30, meanMs: 20.5, medianMs: 20.5, p95Ms: 29.05 });
  });
});
