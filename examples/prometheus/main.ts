/**
 * Prometheus: the built-in `PrometheusObserver` (from `ts-observed/prometheus`) counts every observed call by
 * function and outcome and records its duration in a histogram, in a `prom-client` registry. The example
 * serves a small catalogue API (fake clock: the durations, hence the buckets, are exact), lets a
 * `FallbackObserver` recover one failure (outcome `recovered`), and prints the registry's metrics text — what
 * a `/metrics` endpoint would answer a Prometheus scrape with.
 */
import { Registry } from "prom-client";
import { observe, shutdown } from "ts-observed";
import { FallbackObserver } from "ts-observed/observers";
import { PrometheusObserver } from "ts-observed/prometheus";
import { logger, simulateWork, withFakeClock, type RunOptions } from "../support.js";

export const title = "Prometheus: calls by outcome and a duration histogram, printed as a scrape would see them";

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

export interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

const CATALOGUE: readonly Product[] = [
  { sku: "lamp", name: "Desk lamp", priceCents: 4_900 },
  { sku: "bulb", name: "LED bulb", priceCents: 450 },
  { sku: "sofa", name: "Sofa", priceCents: 89_000 },
];

/** @observed api */
export async function getProduct(sku: string): Promise<Product> {
  await simulateWork(4);
  const product = CATALOGUE.find((p) => p.sku === sku);
  if (product === undefined) throw new NotFoundError(`no product ${sku}`);
  return product;
}

/** @observed api */
export async function searchProducts(query: string): Promise<Product[]> {
  await simulateWork(query.length > 3 ? 40 : 8);
  return CATALOGUE.filter((p) => p.name.toLowerCase().includes(query.toLowerCase()));
}

/** @observed api */
export function recommendations(sku: string): string[] {
  if (sku === "sofa") throw new Error("recommendation model unavailable");
  return CATALOGUE.filter((p) => p.sku !== sku).map((p) => p.sku);
}

export interface PrometheusReport {
  /** The exposition text, as `GET /metrics` would return it. */
  metricsText: string;
  /** The counter's values: `"function outcome" → calls`. */
  calls: Record<string, number>;
  /** Cumulative bucket counts of `getProduct`'s successful calls, by upper bound (`le`). */
  getProductBuckets: Record<string, number>;
}

export async function run(options: RunOptions = {}): Promise<PrometheusReport> {
  const log = logger(options);
  // Its own registry (an app would often use prom-client's global `register`, the observer's default).
  const registry = new Registry();
  const prometheus = new PrometheusObserver({ registry, prefix: "shop_", buckets: [0.005, 0.01, 0.05, 0.1] });
  // Recovers the failing recommendations with an empty list: counted as outcome "recovered".
  const fallback = new FallbackObserver<string[]>({ value: [], exceptions: (error) => error instanceof Error && error.message.includes("unavailable") });
  observe("api", prometheus);
  observe(recommendations, fallback);

  await withFakeClock(async () => {
    await getProduct("lamp");
    await getProduct("bulb");
    await getProduct("chair").catch(() => undefined); // NotFoundError: outcome "failure"
    await searchProducts("led");
    await searchProducts("lamp"); // 40 ms: the 0.05 s bucket
    recommendations("lamp");
    recommendations("sofa"); // recovered by the fallback
  });

  const metricsText = await registry.metrics();
  await shutdown();
  log(metricsText.trimEnd());

  const calls: Record<string, number> = {};
  for (const value of (await prometheus.calls.get()).values) calls[`${value.labels.function} ${value.labels.outcome}`] = value.value;
  const getProductBuckets: Record<string, number> = {};
  for (const value of (await prometheus.duration.get()).values) {
    const { function: fn, outcome, le } = value.labels as { function?: string; outcome?: string; le?: string | number };
    if (value.metricName === "shop_observed_call_duration_seconds_bucket" && fn === "getProduct" && outcome === "success") getProductBuckets[String(le)] = value.value;
  }
  return { metricsText, calls, getProductBuckets };
}
