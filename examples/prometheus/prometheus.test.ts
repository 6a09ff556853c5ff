import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { PrometheusObserver } from "ts-observed/prometheus";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { PrometheusReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("prometheus example", () => {
  it("counts calls by function and outcome, with exact duration buckets (fake clock), in the metrics text", async () => {
    const example = await loadExample<PrometheusReport>("prometheus");
    const report = await example.run({ log: () => {} });
    expect(report.calls).toEqual({
      "getProduct success": 2,
      "getProduct failure": 1,
      "searchProducts success": 2,
      "recommendations success": 1,
      "recommendations recovered": 1,
    });
    // getProduct takes 4 ms: every successful call is in the 5 ms bucket and all above it.
    expect(report.getProductBuckets).toEqual({ "0.005": 2, "0.01": 2, "0.05": 2, "0.1": 2, "+Inf": 2 });
    const text = report.metricsText;
    expect(text).toContain("# TYPE shop_observed_calls_total counter");
    expect(text).toContain('shop_observed_calls_total{function="getProduct",outcome="failure"} 1');
    expect(text).toContain('shop_observed_calls_total{function="recommendations",outcome="recovered"} 1');
    expect(text).toContain("# TYPE shop_observed_call_duration_seconds histogram");
    // searchProducts: 8 ms and 40 ms.
    expect(text).toContain('shop_observed_call_duration_seconds_bucket{le="0.005",function="searchProducts",outcome="success"} 0');
    expect(text).toContain('shop_observed_call_duration_seconds_bucket{le="0.01",function="searchProducts",outcome="success"} 1');
    expect(text).toContain('shop_observed_call_duration_seconds_bucket{le="0.05",function="searchProducts",outcome="success"} 2');
    expect(text).toContain('shop_observed_call_duration_seconds_sum{function="searchProducts",outcome="success"} 0.048');
  });

  it("the observer alone, with test contexts (no transformer)", async () => {
    const registry = new Registry();
    const observer = new PrometheusObserver({ registry, buckets: [0.1] });
    observer.update(createTestContext({ name: "pay", state: ExecutionState.COMPLETED, value: 1, executionTime: 30 }));
    observer.update(createTestContext({ name: "pay", state: ExecutionState.COMPLETED, exception: new Error("x"), executionTime: 200 }));
    const text = await registry.metrics();
    expect(text).toContain('observed_calls_total{function="pay",outcome="success"} 1');
    expect(text).toContain('observed_calls_total{function="pay",outcome="failure"} 1');
    expect(text).toContain('observed_call_duration_seconds_bucket{le="0.1",function="pay",outcome="failure"} 0');
  });
});
