import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExecutionState, observe, setClock, shutdown } from "../../runtime/index.js";
import { TimingObserver, type SlowCall } from "../../runtime/observers/index.js";
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

describe("interest", () => {
  it("listens to outcome states with timing", () => {
    const timing = new TimingObserver({ warn: null });
    expect(timing.states).toEqual([POST_SUCCESS, POST_FAILURE]);
    expect(timing.timing).toBe(true);
    expect(timing.priority).toBe(75);
  });
});

describe("slow calls", () => {
  it("records and warns about calls above the threshold only, successes and failures", () => {
    const warned: SlowCall[] = [];
    const timing = new TimingObserver({ thresholdMs: 100, warn: (slow) => warned.push(slow) });
    observe(work, timing);
    clock.advance(5000);
    work(100); // not above
    work(150);
    expect(() => work(300, true)).toThrow();
    expect(timing.getSlowCalls().map(({ durationMs, ok }) => ({ durationMs, ok }))).toEqual([
      { durationMs: 150, ok: true },
      { durationMs: 300, ok: false },
    ]);
    expect(warned).toEqual(timing.getSlowCalls());
    expect(warned[0]).toMatchObject({ function: "work", thresholdMs: 100, timestamp: 1_700_000_000_000 + 5100 });
  });

  it("warns through console.warn by default", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      new TimingObserver({ thresholdMs: 10 }).update(createTestContext({ state: POST_SUCCESS, name: "slowOne", executionTime: 12.34 }));
      expect(warn).toHaveBeenCalledWith("[ts-observed] slow call: slowOne took 12.3 ms (threshold 10 ms)");
    } finally {
      warn.mockRestore();
    }
  });

  it("keeps at most maxRecords (the newest) and counts them all", () => {
    const timing = new TimingObserver({ thresholdMs: 0, maxRecords: 2, warn: null });
    observe(work, timing);
    work(1);
    work(2);
    work(3);
    expect(timing.getSlowCalls().map((slow) => slow.durationMs)).toEqual([2, 3]);
    expect(timing.slowCallCount).toBe(3);
  });
});

describe("reset() and validate()", () => {
  it("reset() forgets the records", () => {
    const timing = new TimingObserver({ thresholdMs: 0, warn: null });
    timing.update(createTestContext({ state: POST_SUCCESS, executionTime: 5 }));
    timing.reset();
    expect(timing.getSlowCalls()).toEqual([]);
    expect(timing.slowCallCount).toBe(0);
  });

  it("validate() refuses a negative threshold", () => {
    expect(() => observe(work, new TimingObserver({ thresholdMs: -1 }))).toThrow(/thresholdMs must be a number ≥ 0, got -1/);
  });
});
