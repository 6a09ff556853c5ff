/**
 * OpenTelemetry: the built-in `OpenTelemetryObserver` (from `ts-observed/otel`) turns each observed call
 * into a span; observed calls made inside another (across its awaits too) become its children. With
 * `ObservedContextManager` installed, a call's span is also the *active* context while its body runs, so
 * other instrumentation called from the body (here a stand-in for the HTTP client instrumentation) parents
 * its spans to it. The spans go to the SDK's in-memory exporter and are printed as a tree; a duration
 * histogram is read back from the metrics SDK. In an app, configure the SDK with an OTLP exporter instead
 * and keep the same observer and context manager.
 */
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type HistogramMetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { observe, shutdown } from "ts-observed";
import { ObservedContextManager, OpenTelemetryObserver } from "ts-observed/otel";
import { logger, simulateWork, type RunOptions } from "../support.js";

export const title = "OpenTelemetry: a span per call, nested calls and HTTP client spans as children, a duration histogram";

export interface CartItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export class PaymentError extends Error {
  override name = "PaymentError";
}

/** @observed checkout */
export async function reserveStock(items: readonly CartItem[]): Promise<void> {
  await simulateWork(2);
  if (items.length === 0) throw new RangeError("empty cart");
}

/** @observed checkout */
export function priceOf(items: readonly CartItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

/**
 * @observed checkout
 * @redact cardNumber
 */
export async function chargePayment(cartId: string, amount: number, cardNumber: string): Promise<string> {
  await simulateWork(3);
  if (amount > 1_000) throw new PaymentError(`declined: ${amount} over limit`);
  return await postCharge(cartId, amount);
}

/**
 * A stand-in for an auto-instrumented HTTP client (what `@opentelemetry/instrumentation-http` does around a
 * request): a CLIENT span started from the *active* context, with a tracer of the global provider. Called
 * from `chargePayment`'s body after an await, its span is a child of `chargePayment`'s span because
 * `ObservedContextManager` makes that span active there.
 */
async function postCharge(cartId: string, amount: number): Promise<string> {
  const tracer = trace.getTracer("http-client");
  return tracer.startActiveSpan("POST /v1/charges", { kind: SpanKind.CLIENT, attributes: { "http.request.method": "POST" } }, async (span) => {
    try {
      await simulateWork(1);
      span.setAttribute("http.response.status_code", 201);
      return `pay_${cartId}_${amount}`;
    } finally {
      span.end();
    }
  });
}

/**
 * @observed checkout
 * @redact cardNumber
 */
export async function checkout(cartId: string, items: readonly CartItem[], cardNumber: string): Promise<{ paymentId: string; total: number }> {
  await reserveStock(items);
  const total = priceOf(items);
  const paymentId = await chargePayment(cartId, total, cardNumber);
  return { paymentId, total };
}

/** A metric reader the example pulls from on demand (an app would use a periodic exporter). */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A finished span, as the report shows it. */
export interface SpanSummary {
  name: string;
  spanId: string;
  parentSpanId: string | undefined;
  /** The parent span's name, or `undefined` for a root span. */
  parent: string | undefined;
  status: "OK" | "ERROR" | "UNSET";
  durationMs: number;
  attributes: Record<string, string | number | boolean>;
  exceptionEvents: number;
}

export interface OpenTelemetryReport {
  spans: SpanSummary[];
  /** Histogram data points: call count per function and outcome. */
  durations: Array<{ function: string; outcome: string; count: number }>;
}

export async function run(options: RunOptions = {}): Promise<OpenTelemetryReport> {
  const log = logger(options);
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  // What an app's SDK setup does at startup (NodeSDK: the `contextManager` option), with the context manager
  // wrapped so that the span of the running observed call is the active context.
  trace.setGlobalTracerProvider(tracerProvider);
  context.setGlobalContextManager(new ObservedContextManager(new AsyncLocalStorageContextManager()).enable());
  // Given explicitly here; by default it uses the global providers an app registers at startup.
  observe("checkout", new OpenTelemetryObserver({ tracer: tracerProvider.getTracer("shop"), meter: meterProvider.getMeter("shop") }));

  const items: CartItem[] = [{ sku: "lamp", quantity: 1, unitPrice: 80 }, { sku: "bulb", quantity: 4, unitPrice: 5 }];
  try {
    await checkout("cart-1", items, "4242 4242 4242 4242");
    await checkout("cart-2", [{ sku: "sofa", quantity: 1, unitPrice: 1_400 }], "4000 0000 0000 0002").catch(() => undefined);
  } finally {
    await shutdown();
    // Leave the process as found (the tour runs other examples after this one).
    context.disable();
    trace.disable();
  }

  const finished = exporter.getFinishedSpans();
  const spans = finished.map((span) => summarize(span, finished));
  const { resourceMetrics } = await reader.collect();
  const histogram = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m): m is HistogramMetricData => m.descriptor.name === "observed.call.duration" && m.dataPointType === DataPointType.HISTOGRAM);
  const durations = (histogram?.dataPoints ?? []).map((point) => ({
    function: String(point.attributes.function),
    outcome: String(point.attributes.outcome),
    count: point.value.count,
  }));

  printTree(spans, log);
  log(`duration histogram: ${durations.map((d) => `${d.function}/${d.outcome}×${d.count}`).join(", ")}`);
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  return { spans, durations };
}

function summarize(span: ReadableSpan, all: readonly ReadableSpan[]): SpanSummary {
  const parentSpanId = span.parentSpanContext?.spanId;
  const attributes: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") attributes[key] = value;
  }
  return {
    name: span.name,
    spanId: span.spanContext().spanId,
    parentSpanId,
    parent: parentSpanId === undefined ? undefined : all.find((s) => s.spanContext().spanId === parentSpanId)?.name,
    status: span.status.code === SpanStatusCode.ERROR ? "ERROR" : span.status.code === SpanStatusCode.OK ? "OK" : "UNSET",
    // OpenTelemetry times are [seconds, nanoseconds].
    durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    attributes,
    exceptionEvents: span.events.filter((event) => event.name === "exception").length,
  };
}

const ARGUMENT = "code.function.argument.";

/** Prints each root span with its children indented under it. */
function printTree(spans: readonly SpanSummary[], log: (line: string) => void): void {
  const print = (span: SpanSummary, depth: number): void => {
    const args = Object.entries(span.attributes)
      .filter(([key]) => key.startsWith(ARGUMENT))
      .map(([key, value]) => `${key.slice(ARGUMENT.length)}=${String(value).slice(0, 48)}`)
      .join(" ");
    log(`${"    ".repeat(depth)}  ${span.status === "ERROR" ? "✗" : "•"} ${span.name} ${span.durationMs.toFixed(1)} ms [${span.status}${span.exceptionEvents > 0 ? ", exception event" : ""}] ${args}`.trimEnd());
    // Spans are exported as they end; these children run one after the other, so that is also call order.
    for (const child of spans.filter((s) => s.parentSpanId === span.spanId)) print(child, depth + 1);
  };
  for (const root of spans.filter((s) => s.parentSpanId === undefined)) print(root, 0);
}
