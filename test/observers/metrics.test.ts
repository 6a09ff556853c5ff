import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExecutionState, observe, setClock, shutdown } from "../../runtime/index.js";
import { MetricsObserver } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { lookupPrice, work } from "../hand/observers-fixtures.js";

const { POST_SUCCESS, POST_FAILURE } = ExecutionState;

let clock: FakeClock;
let restore: () => void;
beforeEach(() => {
  clock = new FakeClock();
  restore = setClock(clock);
});
afterEach(async () => {
  await shutdown();
  restore();
});

describe("interest", () => {
  it("listens to the two outcome states with timing", () => {
    const metrics = new MetricsObserver();
    expect(metrics.states).toEqual([POST_SUCCESS, POST_FAILURE]);
    expect(metrics.timing).toBe(true);
  });
});

describe("getMetrics()", () => {
  it("counts calls, successes and failures with total / mean / min / max time per function and overall", () => {
    const metrics = new MetricsObserver();
    observe("fixtures", metrics);
    work(10);
    work(30);
    expect(() => work(20, true)).toThrow("work failed");
    metrics.update(createTestContext({ state: POST_SUCCESS, name: "other", executionTime: 100 }));
    const snapshot = metrics.getMetrics();
    expect(snapshot.functions.work).toEqual({ calls: 3, successes: 2, failures: 1, totalTimeMs: 60, meanTimeMs: 20, minTimeMs: 10, maxTimeMs: 30 });
    expect(snapshot.functions.other).toEqual({ calls: 1, successes: 1, failures: 0, totalTimeMs: 100, meanTimeMs: 100, minTimeMs: 100, maxTimeMs: 100 });
    expect(snapshot.overall).toEqual({ calls: 4, successes: 3, failures: 1, totalTimeMs: 160, meanTimeMs: 40, minTimeMs: 10, maxTimeMs: 100 });
  });

  it("async calls are timed to settlement", async () => {
    const metrics = new MetricsObserver();
    observe(lookupPrice, metrics);
    const pending = lookupPrice("abc");
    clock.advance(25);
    await pending;
    expect(metrics.getFunctionMetrics("lookupPrice")).toMatchObject({ calls: 1, successes: 1, totalTimeMs: 25 });
  });

  it("is a snapshot: later calls do not change it", () => {
    const metrics = new MetricsObserver();
    observe(work, metrics);
    work(1);
    const before = metrics.getMetrics();
    work(1);
    expect(before.overall.calls).toBe(1);
    expect(metrics.getMetrics().overall.calls).toBe(2);
  });

  it("is all zeros before any call; unknown functions are undefined", () => {
    const metrics = new MetricsObserver();
    expect(metrics.getMetrics()).toEqual({ overall: { calls: 0, successes: 0, failures: 0, totalTimeMs: 0, meanTimeMs: 0, minTimeMs: 0, maxTimeMs: 0 }, functions: {} });
    expect(metrics.getFunctionMetrics("nope")).toBeUndefined();
  });
});

describe("reset()", () => {
  it("sets every counter back to zero", () => {
    const metrics = new MetricsObserver();
    observe(work, metrics);
    work(5);
    metrics.reset();
    expect(metrics.getMetrics().functions).toEqual({});
    work(7);
    expect(metrics.getMetrics().overall).toMatchObject({ calls: 1, minTimeMs: 7, maxTimeMs: 7 });
  });
});
