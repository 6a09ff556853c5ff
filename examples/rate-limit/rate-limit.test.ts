import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { RateLimitReport } from "./main.js";
import { RateLimitExceededError, RateLimitObserver } from "./rate-limit-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("rate-limit example", () => {
  it("rejects the calls over the limit before the body runs, per user, and lets them through after the window", async () => {
    const example = await loadExample<RateLimitReport>("rate-limit");
    const report = await example.run({ log: () => {} });
    expect(report).toEqual({
      allowed: 9, // alice 5, bob 3, alice again after the window 1
      rejected: 3,
      backendCalls: 9,
      firstRetryAfterMs: 55_000, // the 6th call, 5 s after the first: the first leaves the window in 55 s
      otherUserAllowed: 3,
      allowedAfterWindow: true,
    });
  });

  it("requests reject() through the context (unit test, no transformer)", () => {
    const limiter = new RateLimitObserver({ maxCalls: 1 });
    const first = createTestContext({ name: "f", state: ExecutionState.PRE_EXECUTION });
    limiter.update(first);
    expect(first.requestedControl()).toBeUndefined();
    const second = createTestContext({ name: "f", state: ExecutionState.PRE_EXECUTION });
    limiter.update(second);
    const control = second.requestedControl();
    expect(control?.kind).toBe("reject");
    expect(control?.kind === "reject" && control.error).toBeInstanceOf(RateLimitExceededError);
  });

  it("does not count a call another observer already answered", () => {
    const limiter = new RateLimitObserver({ maxCalls: 1 });
    const cached = createTestContext({ name: "f", state: ExecutionState.PRE_EXECUTION });
    cached.returnEarly("from cache"); // as a higher-priority cache would
    limiter.update(cached);
    const next = createTestContext({ name: "f", state: ExecutionState.PRE_EXECUTION });
    limiter.update(next);
    expect(next.requestedControl()).toBeUndefined();
  });

  it("refuses a bad configuration at observe()", () => {
    expect(new RateLimitObserver({ maxCalls: 0 }).validate()).toMatch(/maxCalls/);
  });
});
