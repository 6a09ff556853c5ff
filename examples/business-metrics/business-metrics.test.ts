import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { BusinessMetricsReport } from "./main.js";
import { BusinessMetricsObserver } from "./business-metrics-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("business-metrics example", () => {
  it("sums values from results, arguments and captured locals (also of a failed order)", async () => {
    const example = await loadExample<BusinessMetricsReport>("business-metrics");
    const summary = await example.run({ log: () => {} });
    expect(summary.totalMetrics).toEqual({
      // revenue 108 + 15; the failed order has no result: only its shipping cost and its captured discount (30) count.
      processOrder: { revenue: 123, itemsSold: 3, shippingCost: 29, discountGiven: 42 },
      userSignup: { newUsers: 2, conversionValue: 35 },
    });
    expect(summary.functionPerformance.processOrder).toEqual({ totalCalls: 3, successRate: (2 / 3) * 100, totalBusinessValue: 108 + 2 + 12.5 + 12 + 15 + 1 + 4 });
    expect(summary.functionPerformance.userSignup).toEqual({ totalCalls: 2, successRate: 100, totalBusinessValue: 37 });
    expect(summary.dailyTrends).toEqual({ "2026-01-15": { revenue: 123, itemsSold: 3, shippingCost: 29, discountGiven: 42, newUsers: 2, conversionValue: 35 } });
    expect(summary.recentEvents).toBe(4 + 4 + 2 + 2 + 2);
  });

  it("falls back to the default when a path does not lead to a number (unit test)", () => {
    const observer = new BusinessMetricsObserver({ f: { m: { source: "arguments", path: ["missing", "deep"], default: 7 } } });
    observer.update(createTestContext({ name: "f", params: ["x"], args: [1], state: ExecutionState.COMPLETED, value: null }));
    expect(observer.getBusinessSummary().totalMetrics).toEqual({ f: { m: 7 } });
  });
});
