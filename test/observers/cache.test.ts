import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, onCall, setClock, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { CacheObserver, RateLimitObserver } from "../../runtime/observers/index.js";
import { createTestContext, FakeClock } from "../../runtime/testing.js";
import * as hand from "../hand/emitted.js";
import { bodyRuns, deferredDouble, lookupPrice, resetBodyRuns, signIn, square } from "../hand/observers-fixtures.js";

const { PRE_EXECUTION, POST_SUCCESS, POST_FAILURE } = ExecutionState;

let clock: FakeClock;
let restore: () => void;
let failures: ObserverFailure[];
beforeEach(() => {
  clock = new FakeClock();
  restore = setClock(clock);
  resetBodyRuns();
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  restore();
});

describe("interest", () => {
  it("listens to PRE_EXECUTION, POST_SUCCESS and POST_FAILURE (single flight) only, without timing", () => {
    const cache = new CacheObserver();
    expect(cache.states).toEqual([PRE_EXECUTION, POST_SUCCESS, POST_FAILURE]);
    expect(cache.timing).toBe(false);
    expect(cache.priority).toBe(90);
  });
});

describe("hits and misses on real calls", () => {
  it("a repeated call is answered from the cache without running the body", () => {
    const cache = new CacheObserver();
    observe(square, cache);
    expect(square(4)).toBe(16);
    expect(square(4)).toBe(16);
    expect(square(5)).toBe(25);
    expect(bodyRuns.square).toBe(2);
    expect(cache.getStats()).toMatchObject({ hits: 1, misses: 2, size: 2, hitRate: 1 / 3 });
  });

  it("returned-early calls are not re-cached: the entry keeps its original expiry", () => {
    const cache = new CacheObserver({ ttlMs: 100 });
    observe(square, cache);
    square(3);
    clock.advance(60);
    expect(square(3)).toBe(9); // hit at 60 ms: must not refresh the entry
    clock.advance(50);
    expect(square(3)).toBe(9); // 110 ms after it was stored: expired, the body runs again
    expect(bodyRuns.square).toBe(2);
    expect(cache.getStats()).toMatchObject({ hits: 1, misses: 2, expirations: 1 });
  });

  it("failures are not cached", async () => {
    const cache = new CacheObserver();
    observe(lookupPrice, cache);
    await expect(lookupPrice("")).rejects.toThrow("empty sku");
    await expect(lookupPrice("")).rejects.toThrow("empty sku");
    expect(bodyRuns.lookupPrice).toBe(2);
    expect(cache.getStats().size).toBe(0);
  });
});

describe("single flight (async functions)", () => {
  it("identical calls made while the first runs share its promise: the body runs once", async () => {
    const cache = new CacheObserver();
    observe(lookupPrice, cache);
    const [a, b, c] = await Promise.all([lookupPrice("xyz"), lookupPrice("xyz"), lookupPrice("other")]);
    expect(a).toEqual({ sku: "xyz", price: 30 });
    expect(b).toBe(a);
    expect(c).toEqual({ sku: "other", price: 50 });
    expect(bodyRuns.lookupPrice).toBe(2);
    expect(cache.getStats()).toMatchObject({ misses: 2, coalesced: 1, hits: 0, size: 2 });
    expect(await lookupPrice("xyz")).toBe(a); // then an ordinary hit
    expect(cache.getStats().hits).toBe(1);
  });

  it("a failure is shared with the calls that waited, and not cached", async () => {
    const cache = new CacheObserver();
    observe(lookupPrice, cache);
    const results = await Promise.allSettled([lookupPrice(""), lookupPrice("")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toBe((results[0] as PromiseRejectedResult).reason);
    expect(bodyRuns.lookupPrice).toBe(1);
    await expect(lookupPrice("")).rejects.toThrow("empty sku");
    expect(bodyRuns.lookupPrice).toBe(2);
    expect(failures).toEqual([]);
  });

  it("singleFlight: false runs every miss", async () => {
    const cache = new CacheObserver({ singleFlight: false });
    observe(lookupPrice, cache);
    await Promise.all([lookupPrice("xyz"), lookupPrice("xyz")]);
    expect(bodyRuns.lookupPrice).toBe(2);
    expect(cache.getStats().coalesced).toBe(0);
  });
});

describe("async functions", () => {
  it("caches the resolved value and answers with a promise of it", async () => {
    const cache = new CacheObserver();
    observe(lookupPrice, cache);
    const first = await lookupPrice("abc");
    const second = lookupPrice("abc");
    expect(second).toBeInstanceOf(Promise);
    expect(await second).toEqual({ sku: "abc", price: 30 });
    expect(await second).toBe(first); // the very value the first call resolved to
    expect(bodyRuns.lookupPrice).toBe(1);
    expect(cache.getStats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it("a plain function that returned a promise gets a promise back on a hit, not the bare value", async () => {
    const cache = new CacheObserver();
    observe("deferredDouble", cache);
    expect(await deferredDouble(21)).toBe(42);
    await Promise.resolve(); // POST_SUCCESS of a returned thenable fires at its settlement
    const hit = deferredDouble(21);
    expect(hit).toBeInstanceOf(Promise);
    expect(await hit).toBe(42);
    expect(bodyRuns.deferredDouble).toBe(1);
  });

  it("generators are never cached", () => {
    const cache = new CacheObserver();
    observe("count", cache);
    expect([...hand.count(3)]).toEqual([0, 1, 2]);
    expect([...hand.count(3)]).toEqual([0, 1, 2]);
    expect(cache.getStats()).toMatchObject({ hits: 0, misses: 0, size: 0 });
  });
});

describe("TTL with the runtime clock", () => {
  it("an entry is fresh until ttlMs have passed on the FakeClock", () => {
    const cache = new CacheObserver({ ttlMs: 1000 });
    observe(square, cache);
    square(2);
    clock.advance(999);
    square(2);
    expect(bodyRuns.square).toBe(1);
    clock.advance(1);
    square(2);
    expect(bodyRuns.square).toBe(2);
    expect(cache.getStats().expirations).toBe(1);
  });

  it("prune() drops expired entries without a lookup", () => {
    const cache = new CacheObserver({ ttlMs: 10 });
    observe(square, cache);
    square(1);
    square(2);
    clock.advance(5);
    square(3);
    clock.advance(6);
    expect(cache.prune()).toBe(2);
    expect(cache.getStats()).toMatchObject({ size: 1, expirations: 2 });
  });
});

describe("LRU bound", () => {
  it("evicts the least recently used entry beyond maxEntries", () => {
    const cache = new CacheObserver({ maxEntries: 2 });
    observe(square, cache);
    square(1);
    square(2);
    square(1); // 1 is now the most recently used
    square(3); // evicts 2
    expect(cache.getStats()).toMatchObject({ size: 2, evictions: 1 });
    resetBodyRuns();
    square(1);
    square(2);
    expect(bodyRuns.square).toBe(1); // 1 was kept, 2 was evicted
  });
});

describe("keys", () => {
  it("default key: stable JSON of the named arguments (key order does not matter)", () => {
    const cache = new CacheObserver();
    const pre = (args: unknown[]) => createTestContext({ state: PRE_EXECUTION, name: "find", params: ["query"], args });
    const post = (args: unknown[], value: unknown) => createTestContext({ state: POST_SUCCESS, name: "find", params: ["query"], args, value });
    cache.update(pre([{ a: 1, b: 2 }]));
    cache.update(post([{ a: 1, b: 2 }], "found"));
    const hit = pre([{ b: 2, a: 1 }]);
    cache.update(hit);
    expect(hit.requestedControl()).toEqual({ kind: "returnEarly", value: "found" });
    const miss = pre([{ a: 1, b: "2" }]);
    cache.update(miss);
    expect(miss.requestedControl()).toBeUndefined();
  });

  it("keys are scoped per function: same arguments, different functions do not collide", () => {
    const cache = new CacheObserver();
    cache.update(createTestContext({ state: POST_SUCCESS, name: "f", args: [1], value: "from f" }));
    const other = createTestContext({ state: PRE_EXECUTION, name: "g", args: [1] });
    cache.update(other);
    expect(other.requestedControl()).toBeUndefined();
  });

  it("a custom key function, and undefined to bypass the cache", () => {
    const cache = new CacheObserver({ key: (ctx) => (ctx.arguments.n === 0 ? undefined : String(Math.abs(ctx.arguments.n as number))) });
    observe(square, cache);
    expect(square(3)).toBe(9);
    expect(square(-3)).toBe(9); // same key "3"
    square(0);
    square(0);
    expect(bodyRuns.square).toBe(3);
    expect(cache.getStats()).toMatchObject({ hits: 1, misses: 1, bypassed: 2 });
  });

  it("uncacheable arguments (a function) run the call uncached", () => {
    const cache = new CacheObserver();
    const ctx = createTestContext({ state: PRE_EXECUTION, args: [() => 1] });
    cache.update(ctx);
    expect(ctx.requestedControl()).toBeUndefined();
    expect(cache.getStats().bypassed).toBe(1);
  });

  it("functions with @redact parameters are not cached by the default key (their values are hidden)", () => {
    const cache = new CacheObserver();
    observe("signIn", cache);
    expect(signIn("ada", "open sesame")).toBe("welcome ada");
    expect(() => signIn("ada", "wrong")).toThrow("bad password");
    expect(bodyRuns.signIn).toBe(2);
    expect(cache.getStats()).toMatchObject({ bypassed: 2, size: 0 });
  });
});

describe("working with other observers", () => {
  it("does not override a higher-priority rejection (rate limit) with a cache hit", () => {
    const cache = new CacheObserver();
    const limiter = new RateLimitObserver({ limit: 1, windowMs: 1000 });
    observe(square, limiter, cache);
    expect(square(2)).toBe(4);
    expect(() => square(2)).toThrow("Rate limit exceeded");
    expect(cache.getStats().hits).toBe(0);
  });

  it("does not cache a value another observer returned early", () => {
    const cache = new CacheObserver();
    observe(square, onCall((ctx) => ctx.returnEarly(-1), { priority: 100 }), cache);
    expect(square(2)).toBe(-1);
    expect(cache.getStats().size).toBe(0);
  });
});

describe("invalidate() and reset()", () => {
  it("invalidates one function's entries or all of them; reset() also zeroes the counters", () => {
    const cache = new CacheObserver();
    observe("fixtures", cache);
    square(1);
    square(2);
    cache.update(createTestContext({ state: POST_SUCCESS, name: "other", args: [1], value: 1 }));
    expect(cache.invalidate("square")).toBe(2);
    expect(cache.getStats().size).toBe(1);
    expect(cache.invalidate()).toBe(1);
    cache.reset();
    expect(cache.getStats()).toEqual({ hits: 0, misses: 0, evictions: 0, expirations: 0, bypassed: 0, coalesced: 0, size: 0, hitRate: 0 });
  });
});

describe("validate()", () => {
  it("refuses a non-positive TTL or entry bound", () => {
    expect(() => observe(square, new CacheObserver({ ttlMs: 0 }))).toThrow(/ttlMs must be > 0, got 0/);
    expect(() => observe(square, new CacheObserver({ maxEntries: 0.5 }))).toThrow(/maxEntries must be a whole number ≥ 1, got 0.5/);
    expect(failures).toEqual([]);
  });
});
