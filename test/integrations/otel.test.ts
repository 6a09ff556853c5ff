import { metrics, context as otelContext, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, observe, observer, REDACTED, shutdown, ExecutionState, type ObserverFailure } from "../../runtime/index.js";
import { OpenTelemetryObserver } from "../../runtime/observers/otel.js";
import * as hand from "../hand/emitted.js";
import { enableAsyncContext } from "../../runtime/async-context.js";
import { audit, checkout, connect, Gateway, placeOrder } from "./emitted.js";

/** A pull reader: `collect()` on demand. */
class TestReader extends MetricReader {
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

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = tracerProvider.getTracer("test");
let reader: TestReader;
let meterProvider: MeterProvider;
let failures: ObserverFailure[] = [];
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  otelContext.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  otelContext.disable();
});
beforeEach(() => {
  exporter.reset();
  reader = new TestReader();
  meterProvider = new MeterProvider({ readers: [reader] });
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  expect(failures).toEqual([]);
});

function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans();
}

async function histogram(): Promise<HistogramMetricData | undefined> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === "observed.call.duration");
  return metric as HistogramMetricData | undefined;
}

describe("OpenTelemetryObserver spans", () => {
  it("declares PRE_EXECUTION and COMPLETED, timing only with a histogram", () => {
    const withMeter = new OpenTelemetryObserver({ tracer, meter: meterProvider.getMeter("t") });
    expect(withMeter.states).toEqual([ExecutionState.PRE_EXECUTION, ExecutionState.COMPLETED]);
    expect(withMeter.timing).toBe(true);
    expect(new OpenTelemetryObserver({ tracer, meter: null }).timing).toBe(false);
  });

  it("makes one span per call with code attributes and redacted, truncated arguments", () => {
    observe(connect, new OpenTelemetryObserver({ tracer, meter: null, maxAttributeLength: 40 }));
    expect(connect("db.local", "sk-live-123", { retries: 3, password: "hunter2" })).toBe("conn:db.local");
    connect("x".repeat(100), "k", { retries: 0 });
    const [first, second] = spans();
    expect(spans()).toHaveLength(2);
    expect(first!.name).toBe("connect");
    expect(first!.attributes).toMatchObject({
      "code.function": "connect",
      "code.filepath": "test/integrations/emitted.ts",
      "code.lineno": 8,
      "code.function.argument.host": "db.local",
      "code.function.argument.apiKey": REDACTED,
      "code.function.argument.options": `{"retries":3,"password":"${REDACTED}"}`,
    });
    expect(first!.status.code).toBe(SpanStatusCode.UNSET);
    expect(first!.ended).toBe(true);
    const longHost = second!.attributes["code.function.argument.host"] as string;
    expect(longHost).toHaveLength(40);
    expect(longHost.endsWith("…")).toBe(true);
  });

  it("keeps @redact parameters redacted", () => {
    observe("login", new OpenTelemetryObserver({ tracer, meter: null }));
    hand.login("ada", "hunter2");
    expect(spans()[0]!.attributes["code.function.argument.password"]).toBe(REDACTED);
    expect(spans()[0]!.attributes["code.function.argument.user"]).toBe("ada");
  });

  it("sets ERROR status and records the exception on failure; the caller still gets the error", () => {
    observe(connect, new OpenTelemetryObserver({ tracer, meter: null }));
    expect(() => connect("", "k", { retries: 0 })).toThrow("host is empty");
    const [span] = spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: "host is empty" });
    const event = span!.events.find((e) => e.name === "exception");
    expect(event?.attributes).toMatchObject({ "exception.type": "TypeError", "exception.message": "host is empty" });
  });

  it("marks a recovered failure without ERROR status", () => {
    observe(
      "divide",
      new OpenTelemetryObserver({ tracer, meter: null, priority: 10 }),
      observer((ctx) => ctx.recover(0), { states: [ExecutionState.POST_FAILURE] }),
    );
    expect(hand.divide(1, 0)).toBe(0);
    const [span] = spans();
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes["observed.recovered"]).toBe(true);
    expect(span!.events.some((e) => e.name === "exception")).toBe(true);
  });

  it("names methods by qualified name with code.namespace, and ends async spans at settlement", async () => {
    observe("Gateway.charge", new OpenTelemetryObserver({ tracer, meter: null }));
    const gateway = new Gateway();
    const pending = gateway.charge(5);
    expect(spans()).toHaveLength(0);
    await expect(pending).resolves.toBe("receipt:5");
    await expect(gateway.charge(-1)).rejects.toThrow("bad amount -1");
    const [ok, failed] = spans();
    expect(ok!.name).toBe("Gateway.charge");
    expect(ok!.attributes).toMatchObject({ "code.function": "charge", "code.namespace": "Gateway" });
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("makes nested observed calls child spans of the calling span", () => {
    observe("integrations", new OpenTelemetryObserver({ tracer, meter: null }));
    expect(checkout(7)).toBe("conn:db+conn:cache:7");
    const finished = spans();
    expect(finished.map((s) => s.name)).toEqual(["connect", "connect", "checkout"]);
    const parent = finished[2]!;
    for (const child of finished.slice(0, 2)) {
      expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    }
    expect(parent.parentSpanContext).toBeUndefined();
  });

  it("parents to the nearest enclosing span when a call in between is observed by other observers only", () => {
    const otel = new OpenTelemetryObserver({ tracer, meter: null });
    observe("audit", otel);
    observe("connect", otel);
    observe("checkout", observer(() => {}, { states: [ExecutionState.PRE_EXECUTION], name: "other" }));
    expect(audit(2)).toBe("audited:conn:db+conn:cache:2");
    const finished = spans();
    expect(finished.map((s) => s.name)).toEqual(["connect", "connect", "audit"]);
    for (const child of finished.slice(0, 2)) expect(child.parentSpanContext?.spanId).toBe(finished[2]!.spanContext().spanId);
  });

  it("keeps the nesting across instrumented awaits of async functions", async () => {
    observe("integrations", new OpenTelemetryObserver({ tracer, meter: null }));
    const [a, b] = await Promise.all([placeOrder(1), placeOrder(2)]);
    expect([a, b]).toEqual(["receipt:1@conn:ledger", "receipt:2@conn:ledger"]);
    const finished = spans();
    const orders = finished.filter((s) => s.name === "placeOrder");
    expect(orders).toHaveLength(2);
    for (const order of orders) {
      const children = finished.filter((s) => s.parentSpanContext?.spanId === order.spanContext().spanId).map((s) => s.name);
      expect(children.sort()).toEqual(["Gateway.charge", "connect"]);
      expect(order.parentSpanContext).toBeUndefined();
    }
  });

  it("parents calls made from timers with ts-observed/async-context enabled", async () => {
    const disable = enableAsyncContext();
    try {
      observe("*", new OpenTelemetryObserver({ tracer, meter: null }));
      expect(await hand.viaTimer(4)).toBe(8);
      const timer = spans().find((s) => s.name === "viaTimer")!;
      const add = spans().find((s) => s.name === "add")!;
      expect(add.parentSpanContext?.spanId).toBe(timer.spanContext().spanId);
    } finally {
      disable();
    }
  });

  it("uses the active OpenTelemetry context as the parent of top-level calls", async () => {
    observe("Gateway.charge", new OpenTelemetryObserver({ tracer, meter: null }));
    const request = tracer.startSpan("HTTP GET /pay");
    await otelContext.with(trace.setSpan(otelContext.active(), request), () => new Gateway().charge(3));
    request.end();
    const charge = spans().find((s) => s.name === "Gateway.charge")!;
    expect(charge.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
  });
});

describe("OpenTelemetryObserver histogram", () => {
  it("records durations in ms with function and outcome attributes", async () => {
    observe("*", new OpenTelemetryObserver({ tracer, meter: meterProvider.getMeter("ts-observed") }));
    hand.add(1, 2);
    hand.add(3, 4);
    expect(() => hand.divide(1, 0)).toThrow();
    await new Gateway().charge(1);
    const metric = await histogram();
    expect(metric?.descriptor.unit).toBe("ms");
    const points = metric!.dataPoints.map((p) => ({ attributes: p.attributes, count: p.value.count, sum: p.value.sum }));
    expect(points).toContainEqual(expect.objectContaining({ attributes: { function: "add", outcome: "success" }, count: 2 }));
    expect(points).toContainEqual(expect.objectContaining({ attributes: { function: "divide", outcome: "failure" }, count: 1 }));
    const charge = points.find((p) => p.attributes.function === "Gateway.charge")!;
    expect(charge.count).toBe(1);
    expect(charge.sum).toBeGreaterThanOrEqual(1);
  });

  it("takes the global meter when subscribed, so an SDK started after construction still gets the histogram", async () => {
    const otel = new OpenTelemetryObserver({ tracer });
    metrics.setGlobalMeterProvider(meterProvider);
    try {
      observe("add", otel);
      hand.add(1, 1);
      const metric = await histogram();
      expect(metric?.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[{ function: "add", outcome: "success" }, 1]]);
    } finally {
      metrics.disable();
    }
  });
});
