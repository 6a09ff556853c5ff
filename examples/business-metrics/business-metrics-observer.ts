import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/** Where a metric's value comes from, and the path of keys to it. */
export interface MetricSource {
  /** `result`: the returned value (successful calls only); `arguments`: by parameter name; `locals`: `@capture`d variables. */
  source: "result" | "arguments" | "locals";
  /** Keys to follow from the source; `[]` is the source itself. */
  path: readonly string[];
  /** Used when the path is missing or does not end at a number. Default 0. */
  default?: number;
}

/** Per function name (plain or qualified), per metric name, where to read it. */
export type MetricsConfig = Readonly<Record<string, Readonly<Record<string, MetricSource>>>>;

export interface MetricEvent {
  timestamp: number;
  function: string;
  metric: string;
  value: number;
  success: boolean;
}

export interface FunctionBusinessPerformance {
  totalCalls: number;
  successRate: number;
  /** Sum of the metric values of successful calls. */
  totalBusinessValue: number;
}

export interface BusinessSummary {
  totalMetrics: Record<string, Record<string, number>>;
  /** Events of the last hour. */
  recentEvents: number;
  /** Per UTC day (`YYYY-MM-DD`) of the last 24 hours, per metric. */
  dailyTrends: Record<string, Record<string, number>>;
  functionPerformance: Record<string, FunctionBusinessPerformance>;
}

const HOUR_MS = 3_600_000;

/**
 * The seed's BusinessMetricsObserver: at COMPLETED, reads configured values by path from the result,
 * the arguments or the captured locals, and sums them per function and metric. Locals are there on
 * failure too (the seed lost them), so a failed order still reports, say, the discount it computed.
 */
export class BusinessMetricsObserver extends BaseObserver {
  readonly #config: MetricsConfig;
  readonly #totals = new Map<string, Map<string, number>>();
  readonly #calls = new Map<string, { total: number; successful: number }>();
  readonly events: MetricEvent[] = [];

  constructor(config: MetricsConfig) {
    super({ priority: 70, name: "BusinessMetrics", states: [ExecutionState.COMPLETED], timing: false });
    this.#config = config;
  }

  update(context: ExecutionContext): void {
    const { name, qualifiedName } = context.functionSignature;
    const metrics = this.#config[qualifiedName] ?? this.#config[name];
    if (metrics === undefined) return;
    const calls = this.#calls.get(qualifiedName) ?? { total: 0, successful: 0 };
    calls.total++;
    if (context.isSuccessful) calls.successful++;
    this.#calls.set(qualifiedName, calls);

    const totals = this.#totals.get(qualifiedName) ?? new Map<string, number>();
    this.#totals.set(qualifiedName, totals);
    for (const [metric, source] of Object.entries(metrics)) {
      const value = extract(context, source);
      if (value === undefined) continue;
      totals.set(metric, (totals.get(metric) ?? 0) + value);
      this.events.push({ timestamp: context.timestamp, function: qualifiedName, metric, value, success: context.isSuccessful });
    }
  }

  /** `now`: epoch ms the summary is computed for (default: the latest event, so replays and tests are exact). */
  getBusinessSummary(now = this.events.at(-1)?.timestamp ?? Date.now()): BusinessSummary {
    const totalMetrics: Record<string, Record<string, number>> = {};
    for (const [fn, totals] of this.#totals) totalMetrics[fn] = Object.fromEntries(totals);

    const dailyTrends: Record<string, Record<string, number>> = {};
    for (const event of this.events) {
      if (event.timestamp < now - 24 * HOUR_MS) continue;
      const day = new Date(event.timestamp).toISOString().slice(0, 10);
      const metrics = (dailyTrends[day] ??= {});
      metrics[event.metric] = (metrics[event.metric] ?? 0) + event.value;
    }

    const functionPerformance: Record<string, FunctionBusinessPerformance> = {};
    for (const [fn, calls] of this.#calls) {
      const value = this.events.filter((e) => e.function === fn && e.success).reduce((sum, e) => sum + e.value, 0);
      functionPerformance[fn] = { totalCalls: calls.total, successRate: (calls.successful / calls.total) * 100, totalBusinessValue: value };
    }
    return { totalMetrics, recentEvents: this.events.filter((e) => e.timestamp > now - HOUR_MS).length, dailyTrends, functionPerformance };
  }
}

/** The metric's value, its default when the path does not lead to a number, `undefined` when the source is absent. */
function extract(context: ExecutionContext, { source, path, default: fallback = 0 }: MetricSource): number | undefined {
  let data: unknown;
  if (source === "result") {
    // No result to read on failure: the metric is not recorded for this call.
    if (context.result?.ok !== true) return undefined;
    data = context.result.value;
  } else data = source === "arguments" ? context.arguments : context.localVariables;
  for (const key of path) {
    if (data === null || typeof data !== "object") return fallback;
    data = (data as Record<string, unknown>)[key];
  }
  return typeof data === "number" && Number.isFinite(data) ? data : fallback;
}
