import { context as otelContext, ROOT_CONTEXT, trace, type Context, type ContextManager, type Span } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EventEmitter } from "node:events";
import { configureRuntime, observe, observer, shutdown, ExecutionState, type ObserverFailure } from "../../runtime/index.js";
import { ObservedContextManager, OpenTelemetryObserver } from "../../runtime/observers/otel.js";
import { enableAsyncContext } from "../../runtime/async-context.js";
import { connect, runAcrossAwait, runAfterReturn, runInside, runInTimer } from "./emitted.js";

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = tracerProvider.getTracer("test");
const inner = new AsyncLocalStorageContextManager();
const manager = new ObservedContextManager(inner);
let failures: ObserverFailure[] = [];

beforeAll(() => {
  expect(otelContext.setGlobalContextManager(manager.enable())).toBe(true);
});
afterAll(() => {
  otelContext.disable();
});
beforeEach(() => {
  exporter.reset();
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  expect(failures).toEqual([]);
});

const finished = (name: string): ReadableSpan => {
  const matching = exporter.getFinishedSpans().filter((span) => span.name === name);
  expect(matching, name).toHaveLength(1);
  return matching[0]!;
};
const idOf = (span: ReadableSpan | Span): string => span.spanContext().spanId;
const parentIdOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
const activeSpanId = (): string | undefined => trace.getActiveSpan()?.spanContext().spanId;
/** A span the body's "driver" starts the way auto-instrumentation does: from the active context. */
const driverQuery = (name = "db.query"): void => tracer.startActiveSpan(name, (span) => span.end());
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

function traceAll(): void {
  observe("active-span", new OpenTelemetryObserver({ tracer, meter: null }));
  observe("integrations", new OpenTelemetryObserver({ tracer, meter: null }));
}

describe("ObservedContextManager: the span of the running observed call is active", () => {
  it("in a sync body: startActiveSpan and startSpan become children, getActiveSpan is the call's span", () => {
    traceAll();
    let seen: string | undefined;
    runInside(() => {
      seen = activeSpanId();
      driverQuery();
      tracer.startSpan("http.get").end();
    });
    const call = finished("runInside");
    expect(seen).toBe(idOf(call));
    expect(parentIdOf(finished("db.query"))).toBe(idOf(call));
    expect(parentIdOf(finished("http.get"))).toBe(idOf(call));
    expect(finished("db.query").spanContext().traceId).toBe(call.spanContext().traceId);
  });

  it("in an async body, before and after an instrumented await, also with two calls interleaved", async () => {
    traceAll();
    const run = (label: string) =>
      runAcrossAwait(
        () => driverQuery(`${label}.before`),
        () => driverQuery(`${label}.after`),
      );
    await Promise.all([run("a"), run("b")]);
    const [a, b] = exporter.getFinishedSpans().filter((span) => span.name === "runAcrossAwait");
    const parentOf = (name: string) => parentIdOf(finished(name));
    // Each call's children are its own, whichever call ran last.
    const ids = [idOf(a!), idOf(b!)];
    expect(new Set([parentOf("a.before"), parentOf("b.before")])).toEqual(new Set(ids));
    expect(parentOf("a.after")).toBe(parentOf("a.before"));
    expect(parentOf("b.after")).toBe(parentOf("b.before"));
  });

  it("nested observed calls: the innermost call's span inside it, the outer one's again after it returns", () => {
    traceAll();
    const seen: Array<string | undefined> = [];
    runInside(() => {
      seen.push(activeSpanId());
      runInside(() => seen.push(activeSpanId()));
      seen.push(activeSpanId());
    });
    const [inner, outer] = exporter.getFinishedSpans();
    expect(parentIdOf(inner!)).toBe(idOf(outer!));
    expect(seen).toEqual([idOf(outer!), idOf(inner!), idOf(outer!)]);
  });

  it("a call started inside a with-scope: its own span is active in its body, a child of the scope's span", () => {
    traceAll();
    const request = tracer.startSpan("HTTP GET /");
    let seen: string | undefined;
    otelContext.with(trace.setSpan(ROOT_CONTEXT, request), () => runInside(() => (seen = activeSpanId())));
    request.end();
    expect(seen).toBe(idOf(finished("runInside")));
    expect(parentIdOf(finished("runInside"))).toBe(idOf(request));
  });
});

describe("ObservedContextManager: a context.with scope entered inside an observed body is innermost", () => {
  it("active() is the scope's context inside it; an observed call and a driver span there are children of its span", () => {
    traceAll();
    const key = Symbol("tenant");
    let inScope: { span: string | undefined; tenant: unknown } | undefined;
    let afterScope: string | undefined;
    runInside(() => {
      const scopeSpan = tracer.startSpan("scope");
      const scope = trace.setSpan(otelContext.active(), scopeSpan).setValue(key, "acme");
      otelContext.with(scope, () => {
        inScope = { span: activeSpanId(), tenant: otelContext.active().getValue(key) };
        connect("db", "k", { retries: 0 });
        driverQuery();
      });
      afterScope = activeSpanId();
      scopeSpan.end();
    });
    const call = finished("runInside");
    const scope = finished("scope");
    expect(parentIdOf(scope)).toBe(idOf(call));
    expect(inScope).toEqual({ span: idOf(scope), tenant: "acme" });
    expect(parentIdOf(finished("connect"))).toBe(idOf(scope));
    expect(parentIdOf(finished("db.query"))).toBe(idOf(scope));
    expect(afterScope).toBe(idOf(call));
  });

  it("startActiveSpan inside a body: the driver's span is active inside its callback, observed calls there nest under it", () => {
    traceAll();
    runInside(() => tracer.startActiveSpan("client", (span) => {
      connect("db", "k", { retries: 0 });
      span.end();
    }));
    expect(parentIdOf(finished("client"))).toBe(idOf(finished("runInside")));
    expect(parentIdOf(finished("connect"))).toBe(idOf(finished("client")));
  });

  it("an async scope inside an async body stays innermost across its own awaits", async () => {
    traceAll();
    let scopeSpan: Span | undefined;
    await runAcrossAwait(
      () => {},
      () => {
        scopeSpan = tracer.startSpan("scope");
        return otelContext.with(trace.setSpan(otelContext.active(), scopeSpan), async () => {
          await tick();
          driverQuery();
          connect("db", "k", { retries: 0 });
          scopeSpan!.end();
        });
      },
    );
    expect(parentIdOf(finished("scope"))).toBe(idOf(finished("runAcrossAwait")));
    expect(parentIdOf(finished("db.query"))).toBe(idOf(finished("scope")));
    expect(parentIdOf(finished("connect"))).toBe(idOf(finished("scope")));
  });

  it("a function bound with context.bind runs in its context when called inside an observed body", () => {
    traceAll();
    const bound = tracer.startSpan("bound");
    const work = otelContext.bind(trace.setSpan(ROOT_CONTEXT, bound), (a: number, b: number) => {
      driverQuery();
      return a + b;
    });
    expect(work.length).toBe(2);
    expect(runInside(() => work(1, 2))).toBe(3);
    bound.end();
    expect(parentIdOf(finished("db.query"))).toBe(idOf(bound));
  });

  it("an EventEmitter bound inside an observed body: its listeners run in the bound context", () => {
    traceAll();
    const emitter = new EventEmitter();
    const client = tracer.startSpan("client");
    runInside(() => {
      otelContext.with(trace.setSpan(otelContext.active(), client), () => otelContext.bind(otelContext.active(), emitter));
      emitter.on("data", () => driverQuery());
      emitter.emit("data");
    });
    client.end();
    expect(parentIdOf(finished("db.query"))).toBe(idOf(client));
  });

  it("a context attached inside an observed body (attach, where the inner manager has it) is innermost until disposed", () => {
    traceAll();
    const attached = tracer.startSpan("attached");
    let after: string | undefined;
    runInside(() => {
      const token = manager.attach!(trace.setSpan(otelContext.active(), attached));
      try {
        driverQuery();
      } finally {
        token.dispose();
      }
      after = activeSpanId();
    });
    attached.end();
    expect(parentIdOf(finished("db.query"))).toBe(idOf(attached));
    expect(after).toBe(idOf(finished("runInside")));
    // A manager without attach (api < 1.10): none is offered.
    const withoutAttach: ContextManager = {
      active: () => inner.active(),
      with: (context, fn, thisArg, ...args) => inner.with(context, fn, thisArg, ...args),
      bind: (context, target) => inner.bind(context, target),
      enable() { return this; },
      disable() { return this; },
    };
    expect(new ObservedContextManager(withoutAttach).attach).toBeUndefined();
  });
});

describe("ObservedContextManager: outside observed calls, and without the observer, it is the inner manager", () => {
  it("outside any observed call active() is the inner manager's, the very object, in and out of with-scopes", () => {
    traceAll();
    expect(manager.active()).toBe(inner.active());
    expect(manager.active()).toBe(ROOT_CONTEXT);
    const scope = trace.setSpan(ROOT_CONTEXT, tracer.startSpan("scope"));
    otelContext.with(scope, () => {
      expect(manager.active()).toBe(scope);
      expect(inner.active()).toBe(scope);
    });
  });

  it("nothing is returned for a call after it completed (the stack, and a timer it started)", async () => {
    traceAll();
    let late: { span: string | undefined; active: Context } | undefined;
    const done = new Promise<void>((resolve) => {
      runAfterReturn(() => {
        late = { span: activeSpanId(), active: otelContext.active() };
        resolve();
      });
    });
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(otelContext.active()).toBe(ROOT_CONTEXT);
    await done;
    expect(late).toEqual({ span: undefined, active: ROOT_CONTEXT });
  });

  it("nothing is returned for a completed call even when async-context still carries it into a timer", async () => {
    const disable = enableAsyncContext();
    try {
      traceAll();
      let late: string | undefined = "unset";
      await new Promise<void>((resolve) => runAfterReturn(() => {
        late = activeSpanId();
        resolve();
      }));
      expect(late).toBeUndefined();
    } finally {
      disable();
    }
  });

  it("with only other observers (nesting tracked, no OpenTelemetryObserver) it behaves exactly like the inner manager", () => {
    const calls: string[] = [];
    observe("active-span", observer((ctx) => void calls.push(ctx.functionSignature.name), { states: [ExecutionState.PRE_EXECUTION] }));
    const scope = trace.setSpan(ROOT_CONTEXT, tracer.startSpan("scope"));
    runInside(() => {
      expect(manager.active()).toBe(inner.active());
      otelContext.with(scope, () => {
        expect(manager.active()).toBe(scope);
        expect(inner.active()).toBe(scope);
        runInside(() => expect(manager.active()).toBe(scope));
      });
    });
    expect(calls).toEqual(["runInside", "runInside"]);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it("refuses to be built without a context manager to wrap", () => {
    const build = (value: unknown) => () => new ObservedContextManager(value as AsyncLocalStorageContextManager);
    expect(build(undefined)).toThrow(TypeError);
    expect(build(undefined)).toThrow(/wraps another context manager.*AsyncLocalStorageContextManager.*got undefined/);
    expect(build({ active: () => ROOT_CONTEXT })).toThrow(/got an object \(Object\) without active, with, bind, enable and disable/);
    expect(manager.inner).toBe(inner);
  });
});

describe("ObservedContextManager: what the runtime tracks beyond the stack", () => {
  it("without async-context, a timer callback in the body is not inside the call (documented limit)", async () => {
    traceAll();
    await runInTimer(() => driverQuery());
    expect(parentIdOf(finished("db.query"))).toBeUndefined();
  });

  it("with ts-observed/async-context enabled, a timer callback in the body is inside the call", async () => {
    const disable = enableAsyncContext();
    try {
      traceAll();
      await runInTimer(() => driverQuery());
      expect(parentIdOf(finished("db.query"))).toBe(idOf(finished("runInTimer")));
    } finally {
      disable();
    }
  });
});
