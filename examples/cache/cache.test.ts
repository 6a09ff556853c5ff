import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { CacheReport } from "./main.js";
import { TtlCacheObserver } from "./ttl-cache-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("cache example", () => {
  it("answers repeated calls from the cache without running the body, until the TTL passes", async () => {
    const example = await loadExample<CacheReport>("cache");
    const report = await example.run({ log: () => {} });
    expect(report.answers).toEqual([0.92, 0.92, 0.79, 0.92, 0.92, 0.92]);
    expect(report.hits).toBe(3);
    expect(report.misses).toBe(4);
    expect(report.expired).toBe(1);
    expect(report.backendCalls).toBe(4);
    expect(report.elapsedMs).toBe(4 * 120);
    expect(report.cachedItems).toBe(2);
    expect(report.cacheKeys).toEqual(['fetchExchangeRate["USD","GBP"]', 'fetchExchangeRate["USD","EUR"]']);
  });

  it("a stored value is returned early (unit test with test contexts)", () => {
    const cache = new TtlCacheObserver({ ttlMs: 1000 });
    const first = createTestContext({ name: "f", args: [1], state: ExecutionState.PRE_EXECUTION });
    cache.update(first);
    expect(first.requestedControl()).toBeUndefined();
    // The same call settled: POST_SUCCESS with the metadata PRE left.
    const settled = createTestContext({ name: "f", args: [1], state: ExecutionState.POST_SUCCESS, value: "v" });
    settled.metadata.cacheKey = first.metadata.cacheKey;
    cache.update(settled);
    const second = createTestContext({ name: "f", args: [1], state: ExecutionState.PRE_EXECUTION });
    cache.update(second);
    expect(second.requestedControl()).toEqual({ kind: "returnEarly", value: "v" });
  });
});
