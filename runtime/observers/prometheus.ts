/**
 * `ts-observed/prometheus`: a duration histogram and an outcome counter for observed calls, in a
 * `prom-client` registry. Needs the optional peer dependency `prom-client` (15.x).
 */
import { Counter, Histogram, register as defaultRegistry, type Registry } from "prom-client";
import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { outcomeOf } from "./integration-support.js";

/** Label names of both metrics. */
export type PrometheusLabel = "function" | "outcome";

/** Options of {@link PrometheusObserver}. */
export interface PrometheusObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Registry the metrics are registered in; default prom-client's global `register`. */
  registry?: Registry;
  /** Prepended to both metric names (`myapp_`). Default none. */
  prefix?: string;
  /** Histogram name, after the prefix. Default `observed_call_duration_seconds`. */
  histogramName?: string;
  /** Counter name, after the prefix. Default `observed_calls_total`. */
  counterName?: string;
  /** Histogram bucket upper bounds, in seconds. Default 0.5 ms … 10 s. */
  buckets?: readonly number[];
}

/** Default buckets: function calls run from sub-millisecond to seconds. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/**
 * Counts every completed call by `function` (qualified name) and `outcome` (`success` | `failure` |
 * `recovered`), and records its duration in seconds (the Prometheus convention) with the same labels.
 * Listens to COMPLETED only. Two observers on one registry share the metrics (same names) instead of
 * failing on duplicate registration.
 *
 * @example
 * const registry = new Registry();
 * observe("*", new PrometheusObserver({ registry, prefix: "shop_" }));
 * app.get("/metrics", async (_req, res) => res.type(registry.contentType).send(await registry.metrics()));
 */
export class PrometheusObserver extends BaseObserver {
  /** The duration histogram (seconds). */
  readonly duration: Histogram<PrometheusLabel>;
  /** The call counter. */
  readonly calls: Counter<PrometheusLabel>;

  /** Creates (or reuses) the two metrics in the registry. */
  constructor(options: PrometheusObserverOptions = {}) {
    super({ priority: options.priority, name: options.name ?? builtInName(new.target, PrometheusObserver, "PrometheusObserver"), maxFailures: options.maxFailures, states: [ExecutionState.COMPLETED], timing: true, nesting: false });
    const registry = options.registry ?? defaultRegistry;
    const prefix = options.prefix ?? "";
    const labelNames: PrometheusLabel[] = ["function", "outcome"];
    const histogramName = prefix + (options.histogramName ?? "observed_call_duration_seconds");
    const counterName = prefix + (options.counterName ?? "observed_calls_total");
    const existingHistogram = registry.getSingleMetric(histogramName);
    this.duration =
      existingHistogram instanceof Histogram
        ? (existingHistogram as Histogram<PrometheusLabel>)
        : new Histogram({
            name: histogramName,
            help: "Duration of observed function calls in seconds",
            labelNames,
            buckets: [...(options.buckets ?? DEFAULT_BUCKETS)],
            registers: [registry],
          });
    const existingCounter = registry.getSingleMetric(counterName);
    this.calls =
      existingCounter instanceof Counter
        ? (existingCounter as Counter<PrometheusLabel>)
        : new Counter({ name: counterName, help: "Observed function calls by outcome", labelNames, registers: [registry] });
  }

  /** Counts the call and records its duration. */
  update(context: ExecutionContext): void {
    const labels = { function: context.functionSignature.qualifiedName, outcome: outcomeOf(context) };
    this.calls.inc(labels);
    const time = context.result?.executionTime;
    if (time !== undefined && !Number.isNaN(time)) this.duration.observe(labels, time / 1000);
  }
}
