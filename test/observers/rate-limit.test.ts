import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, observer, setClock, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { FallbackObserver, MetricsObserver, RateLimitError, RateLimitObserver } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import { bodyRuns, lookupPrice, resetBodyRuns, square, work } from "../hand/observers-fixtures.js";

const { PRE_EXECUTION, POST_FAILURE, COMPLETED } = ExecutionState;

let clock: FakeClock;
let restore: () => void;
let failures: ObserverFailure[];
beforeEach(() => {
  clock = new FakeClock(10_000);
  restore = setClock(clock);
  resetBodyRuns();
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  restore();
});

function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("interest", () => {
  it("listens to PRE_EXECUTION only, without timing, at high priority", () => {
    const limiter = new RateLimitObserver({ limit: 1 });
    expect(limiter.states).toEqual([PRE_EXECUTION]);
    expect(limiter.timing).toBe(false);
    expect(limiter.priority).toBe(100);
  });
});

describe("sliding window per function", () => {
  it("allows `limit` calls per window, then rejects with a typed RateLimitError without running the body", () => {
    observe(square, new RateLimitObserver({ limit: 2, windowMs: 1000 }));
    expect(square(1)).toBe(1);
    clock.advance(300);
    expect(square(2)).toBe(4);
    clock.advance(100);
    const error = thrownBy(() => square(3));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ name: "RateLimitError", function: "square", limit: 2, windowMs: 1000, retryAfterMs: 600 });
    expect((error as Error).message).toBe("Rate limit exceeded for square: 2 calls per 1000 ms; retry after 600 ms");
    expect(bodyRuns.square).toBe(2);
  });

  it("the window slides: a slot frees when the oldest call leaves it", () => {
    observe(square, new RateLimitObserver({ limit: 2, windowMs: 1000 }));
    square(1); // t=0
    clock.advance(500);
    square(1); // t=500
    clock.advance(499);
    expect(() => square(1)).toThrow(RateLimitError); // t=999: both still inside
    clock.advance(1);
    expect(square(1)).toBe(1); // t=1000: the first left
    expect(() => square(1)).toThrow(RateLimitError);
  });

  it("rejected calls do not count against the window", () => {
    const limiter = new RateLimitObserver({ limit: 1, windowMs: 100 });
    observe(square, limiter);
    square(1);
    for (let i = 0; i < 5; i++) expect(() => square(1)).toThrow(RateLimitError);
    clock.advance(100);
    expect(square(2)).toBe(4);
    expect(limiter.getStats()).toEqual({ allowed: 2, rejected: 5, buckets: 1 });
  });

  it("each function has its own window", () => {
    observe("fixtures", new RateLimitObserver({ limit: 1, windowMs: 1000 }));
    expect(square(2)).toBe(4);
    expect(work(0)).toBe(0);
    expect(() => square(2)).toThrow(RateLimitError);
    expect(() => work(0)).toThrow(RateLimitError);
  });

  it("an async function's caller gets a rejected promise", async () => {
    observe(lookupPrice, new RateLimitObserver({ limit: 1, windowMs: 1000 }));
    await lookupPrice("a");
    await expect(lookupPrice("a")).rejects.toBeInstanceOf(RateLimitError);
    expect(bodyRuns.lookupPrice).toBe(1);
  });
});

describe("per key", () => {
  it("a key function gives each key its own window; undefined is not limited", () => {
    const limiter = new RateLimitObserver({ limit: 1, windowMs: 1000, key: (ctx) => (ctx.arguments.n === 0 ? undefined : `user:${ctx.arguments.n}`) });
    observe(square, limiter);
    expect(square(1)).toBe(1);
    expect(square(2)).toBe(4);
    const error = thrownBy(() => square(1));
    expect(error).toMatchObject({ key: "user:1", function: "square" });
    for (let i = 0; i < 3; i++) expect(square(0)).toBe(0);
    expect(limiter.remaining("user:2")).toBe(0);
    expect(limiter.remaining("user:9")).toBe(1);
  });

  it("a constant key is one window shared by every function", () => {
    observe("fixtures", new RateLimitObserver({ limit: 2, windowMs: 1000, key: () => "all" }));
    square(1);
    work(0);
    expect(() => square(1)).toThrow(RateLimitError);
  });

  it("remaining() of a default bucket by qualified name, from a test context", () => {
    const limiter = new RateLimitObserver({ limit: 3, windowMs: 50 });
    const ctx = createTestContext({ state: PRE_EXECUTION, name: "api" });
    limiter.update(ctx);
    expect(ctx.requestedControl()).toBeUndefined();
    expect(limiter.remaining("api")).toBe(2);
    expect(limiter.remaining("other")).toBe(3);
    clock.advance(50);
    expect(limiter.remaining("api")).toBe(3);
  });

  it("forgets the least recently used bucket beyond maxKeys", () => {
    const limiter = new RateLimitObserver({ limit: 1, windowMs: 1000, maxKeys: 2, key: (ctx) => String(ctx.arguments.n) });
    observe(square, limiter);
    square(1);
    square(2);
    square(3); // forgets bucket "1"
    expect(limiter.getStats().buckets).toBe(2);
    expect(square(1)).toBe(1);
  });
});

describe("with other observers", () => {
  it("a rejected call is a failure to the rest: POST_FAILURE with the error, then COMPLETED", () => {
    const seen: string[] = [];
    const metrics = new MetricsObserver();
    observe(square, new RateLimitObserver({ limit: 1, windowMs: 1000 }), metrics, observer((ctx) => void seen.push(ctx.state), { states: [POST_FAILURE, COMPLETED] }));
    square(1);
    expect(() => square(1)).toThrow(RateLimitError);
    expect(seen).toEqual([COMPLETED, POST_FAILURE, COMPLETED]);
    expect(metrics.getMetrics().functions.square).toMatchObject({ calls: 2, successes: 1, failures: 1 });
  });

  it("a fallback can serve rate-limited calls", () => {
    observe(square, new RateLimitObserver({ limit: 1, windowMs: 1000 }), new FallbackObserver({ exceptions: [RateLimitError], value: 0 }));
    expect(square(3)).toBe(9);
    expect(square(3)).toBe(0);
    expect(failures).toEqual([]);
  });
});

describe("reset() and validate()", () => {
  it("reset() forgets every window", () => {
    const limiter = new RateLimitObserver({ limit: 1, windowMs: 1000 });
    observe(square, limiter);
    square(1);
    limiter.reset();
    expect(square(1)).toBe(1);
    expect(limiter.getStats()).toEqual({ allowed: 1, rejected: 0, buckets: 1 });
  });

  it("validate() refuses a bad limit or window", () => {
    expect(() => observe(square, new RateLimitObserver({ limit: 0 }))).toThrow(/limit must be a whole number ≥ 1, got 0/);
    expect(() => observe(square, new RateLimitObserver({ limit: 1, windowMs: -5 }))).toThrow(/windowMs must be > 0, got -5/);
  });
});
