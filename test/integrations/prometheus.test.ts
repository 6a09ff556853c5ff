import { Registry } from "prom-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, setClock, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { PrometheusObserver } from "../../runtime/observers/prometheus.js";
import { FakeClock } from "../../runtime/testing.js";
import * as hand from "../hand/emitted.js";
import { Gateway } from "./emitted.js";

let registry: Registry;
let failures: ObserverFailure[] = [];
let restoreClock: (() => void) | undefined;
beforeEach(() => {
  registry = new Registry();
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  restoreClock?.();
  restoreClock = undefined;
  await shutdown();
  expect(failures).toEqual([]);
});

/** Makes every call take exactly `ms` milliseconds: a PRE observer moves a fake clock after the start was read. */
function callsTake(ms: number) {
  const clock = new FakeClock(1000);
  restoreClock = setClock(clock);
  return observer(() => clock.advance(ms), { states: [ExecutionState.PRE_EXECUTION], timing: false, name: "slow clock" });
}

describe("PrometheusObserver", () => {
  it("listens to COMPLETED only, with timing", () => {
    const prom = new PrometheusObserver({ registry });
    expect(prom.states).toEqual([ExecutionState.COMPLETED]);
    expect(prom.timing).toBe(true);
  });

  it("counts outcomes and records durations in seconds, read from the registry text", async () => {
    observe("*", new PrometheusObserver({ registry, prefix: "shop_" }), callsTake(30));
    hand.add(1, 2);
    hand.add(2, 3);
    expect(() => hand.divide(1, 0)).toThrow("division by zero");
    const text = await registry.metrics();
    expect(text).toContain("# TYPE shop_observed_calls_total counter");
    expect(text).toContain('shop_observed_calls_total{function="add",outcome="success"} 2');
    expect(text).toContain('shop_observed_calls_total{function="divide",outcome="failure"} 1');
    expect(text).toContain("# TYPE shop_observed_call_duration_seconds histogram");
    expect(text).toContain('shop_observed_call_duration_seconds_count{function="add",outcome="success"} 2');
    expect(text).toContain('shop_observed_call_duration_seconds_sum{function="add",outcome="success"} 0.06');
    // 30 ms falls in the 0.05 bucket, not in 0.025.
    expect(text).toContain('shop_observed_call_duration_seconds_bucket{le="0.025",function="add",outcome="success"} 0');
    expect(text).toContain('shop_observed_call_duration_seconds_bucket{le="0.05",function="add",outcome="success"} 2');
  });

  it("labels recovered failures and async calls by qualified name", async () => {
    observe(
      "*",
      new PrometheusObserver({ registry, buckets: [0.001, 1] }),
      observer((ctx) => ctx.recover(-1), { states: [ExecutionState.POST_FAILURE], name: "fallback" }),
    );
    expect(hand.divide(1, 0)).toBe(-1);
    await new Gateway().charge(2);
    const text = await registry.metrics();
    expect(text).toContain('observed_calls_total{function="divide",outcome="recovered"} 1');
    expect(text).toContain('observed_calls_total{function="Gateway.charge",outcome="success"} 1');
    expect(text).toMatch(/observed_call_duration_seconds_bucket\{le="1",function="Gateway.charge",outcome="success"\} 1/);
    expect(text).toContain('le="+Inf"');
  });

  it("shares metrics between two observers on one registry", async () => {
    const first = new PrometheusObserver({ registry });
    const second = new PrometheusObserver({ registry });
    expect(second.calls).toBe(first.calls);
    observe("add", first);
    observe("divide", second);
    hand.add(1, 1);
    hand.divide(4, 2);
    const text = await registry.metrics();
    expect(text).toContain('observed_calls_total{function="add",outcome="success"} 1');
    expect(text).toContain('observed_calls_total{function="divide",outcome="success"} 1');
  });
});
