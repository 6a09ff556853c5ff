/**
 * Cache: an async exchange-rate lookup behind a 5-minute TTL cache. Repeated calls are answered in
 * PRE_EXECUTION with `ctx.returnEarly()`; after the TTL the backend is asked again.
 *
 * In production, the built-in `CacheObserver` from `ts-observed/observers` does the same with an LRU bound
 * and stable keys: `observe("rates", new CacheObserver({ ttlMs: 300_000, maxEntries: 1_000 }))`.
 */
import { observe, shutdown } from "ts-observed";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";
import { TtlCacheObserver, type CacheStats } from "./ttl-cache-observer.js";

export const title = "Cache: TTL cache that short-circuits with ctx.returnEarly()";

const RATES: Record<string, number> = { "USD/EUR": 0.92, "USD/GBP": 0.79 };
let backendCalls = 0;

/** @observed rates */
export async function fetchExchangeRate(from: string, to: string): Promise<number> {
  backendCalls++;
  await simulateWork(120); // a slow remote API
  const rate = RATES[`${from}/${to}`];
  if (rate === undefined) throw new RangeError(`no rate for ${from}/${to}`);
  return rate;
}

export interface CacheReport extends CacheStats {
  /** How often the body (the "remote API") really ran. */
  backendCalls: number;
  /** What the callers got, in call order. */
  answers: number[];
  /** Total simulated time spent, in ms: hits cost nothing. */
  elapsedMs: number;
}

export async function run(options: RunOptions = {}): Promise<CacheReport> {
  const log = logger(options);
  backendCalls = 0;
  return withFakeClock(async (clock) => {
    const cache = new TtlCacheObserver({ ttlMs: 5 * 60_000 });
    observe("rates", cache);

    const answers: number[] = [];
    const ask = async (from: string, to: string): Promise<void> => {
      answers.push(await fetchExchangeRate(from, to));
    };
    const start = clock.now();
    await ask("USD", "EUR"); // miss
    await ask("USD", "EUR"); // hit
    await ask("USD", "GBP"); // miss
    await ask("USD", "EUR"); // hit
    await fetchExchangeRate("USD", "XYZ").catch(() => undefined); // miss, and failures are not cached
    clock.advance(5 * 60_000 + 1);
    await ask("USD", "EUR"); // expired: miss, the backend is asked again
    await ask("USD", "EUR"); // hit

    const report: CacheReport = { ...cache.getCacheStats(), backendCalls, answers, elapsedMs: clock.now() - start - (5 * 60_000 + 1) };
    log(`hits ${report.hits}, misses ${report.misses} (expired ${report.expired}); backend ran ${backendCalls}×; ${report.cachedItems} cached: ${report.cacheKeys.join(", ")}`);
    log(`simulated time spent calling: ${report.elapsedMs} ms (without the cache: ${7 * 120} ms)`);
    await shutdown();
    return report;
  });
}
