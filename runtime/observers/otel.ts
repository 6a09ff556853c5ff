/**
 * `ts-observed/otel`: OpenTelemetry spans and a duration histogram for observed calls. Needs the optional
 * peer dependency `@opentelemetry/api` (1.x); an SDK configured by the application does the exporting.
 */
import {
  context as otelContext,
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Histogram,
  type Meter,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { errorMessage, outcomeOf, sensitivityOf, stringifyValue, type SensitiveNames } from "./integration-support.js";
import { forgetCallContext, innermostTraced, recordCallContext } from "./otel-context.js";

export { ObservedContextManager, type ContextToken } from "./otel-context.js";

/** Options of {@link OpenTelemetryObserver}. */
export interface OpenTelemetryObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Tracer for the spans; default `trace.getTracer("ts-observed")` from the global provider. */
  tracer?: Tracer;
  /**
   * Meter for the duration histogram; default `metrics.getMeter("ts-observed")`, taken when the observer is
   * subscribed (the metrics API has no proxy: a meter taken before the SDK started records nothing).
   * `null`: no histogram, and no clock reads.
   */
  meter?: Meter | null;
  /** Name of the duration histogram (milliseconds). Default `"observed.call.duration"`. */
  histogramName?: string;
  /** Record arguments as span attributes. Default true. */
  recordArguments?: boolean;
  /** Prefix of argument attributes. Default `"code.function.argument."`. */
  argumentPrefix?: string;
  /** Argument names (and nested keys) whose values are redacted; default password, token, secret, key, auth. */
  sensitive?: SensitiveNames;
  /** Maximum length of an argument attribute value. Default 256. */
  maxAttributeLength?: number;
  /** Kind of the spans. Default `SpanKind.INTERNAL`. */
  spanKind?: SpanKind;
}

const DEFAULT_HISTOGRAM = "observed.call.duration";

/**
 * Starts a span when an observed call starts and ends it when the call completes. The span is named by the
 * function's qualified name and carries `code.function`, `code.namespace` (for methods), `code.filepath`,
 * `code.lineno`, `code.column` and the redacted, truncated arguments. A failure sets the status to ERROR
 * and records the exception; a failure another observer recovered is recorded with status UNSET and
 * `observed.recovered = true`.
 *
 * Parenting: a call made inside another observed call becomes its child span, wherever the runtime knows
 * the nesting (`context.parent`: synchronous calls, calls after instrumented `await`s, and — with
 * `ts-observed/async-context` enabled — calls from callbacks and timers). Other calls are children of the
 * active OpenTelemetry context (an HTTP server span, for instance).
 *
 * Active span: install {@link ObservedContextManager} (wrapping the SDK's `AsyncLocalStorageContextManager`)
 * and a call's span is the active OpenTelemetry context while its body runs, so other instrumentation inside
 * the body (HTTP clients, database drivers, `tracer.startActiveSpan`) parents its spans to it; a
 * `context.with(ctx, …)` scope entered inside the body is innermost, and observed calls made inside it
 * become children of `ctx`'s span. Without that manager, spans are not made active (an observer cannot
 * wrap the body). Nesting tracking stays on (`nesting: true`): it is how the current call is known.
 *
 * The histogram (unit `ms`) records each call's duration with attributes `function` and `outcome`
 * (`success` | `failure` | `recovered`).
 */
export class OpenTelemetryObserver extends BaseObserver {
  readonly #tracer: Tracer;
  readonly #meter: Meter | null | undefined;
  readonly #histogramName: string;
  #histogram: Histogram | undefined = undefined;
  readonly #spans = new WeakMap<ExecutionContext, Span>();
  readonly #recordArguments: boolean;
  readonly #argumentPrefix: string;
  readonly #isSensitive: (name: string) => boolean;
  readonly #maxLength: number;
  readonly #kind: SpanKind;

  /** Creates the observer; it reads the clock only when it records the histogram. */
  constructor(options: OpenTelemetryObserverOptions = {}) {
    const meter = options.meter;
    super({
      priority: options.priority,
      name: options.name ?? builtInName(new.target, OpenTelemetryObserver, "OpenTelemetryObserver"),
      maxFailures: options.maxFailures,
      states: [ExecutionState.PRE_EXECUTION, ExecutionState.COMPLETED],
      timing: meter !== null,
      // `context.parent` gives spans their parent, and the current call gives ObservedContextManager its span.
      nesting: true,
    });
    this.#tracer = options.tracer ?? trace.getTracer("ts-observed");
    this.#meter = meter;
    this.#histogramName = options.histogramName ?? DEFAULT_HISTOGRAM;
    if (meter !== undefined && meter !== null) this.#histogram = this.#createHistogram(meter);
    this.#recordArguments = options.recordArguments ?? true;
    this.#argumentPrefix = options.argumentPrefix ?? "code.function.argument.";
    this.#isSensitive = sensitivityOf(options.sensitive);
    this.#maxLength = options.maxAttributeLength ?? 256;
    this.#kind = options.spanKind ?? SpanKind.INTERNAL;
  }

  /** Takes the global meter, when none was given, at subscription time. */
  configure(): void {
    if (this.#meter === undefined) this.#histogram = this.#createHistogram(metrics.getMeter("ts-observed"));
  }

  /** Starts the span at PRE_EXECUTION, finishes it at COMPLETED. */
  update(context: ExecutionContext): void {
    if (context.state === ExecutionState.PRE_EXECUTION) this.#start(context);
    else if (context.state === ExecutionState.COMPLETED) this.#finish(context);
  }

  /** The span of a call (from its PRE_EXECUTION on; ended at COMPLETED), for observers that add to it. */
  spanOf(context: ExecutionContext): Span | undefined {
    return this.#spans.get(context);
  }

  #createHistogram(meter: Meter): Histogram {
    return meter.createHistogram(this.#histogramName, { unit: "ms", description: "Duration of observed function calls" });
  }

  #start(context: ExecutionContext): void {
    const meta = context.functionSignature;
    // The nearest enclosing call this observer made a span for (calls in between may be observed by others only),
    // unless a `context.with` scope entered inside it (through ObservedContextManager) is innermost: then the
    // active context is the parent, as it is for a call outside any traced one.
    const active = otelContext.active();
    const parentSpan = innermostTraced(context.parent, active, (outer) => this.#spans.get(outer));
    const parent = parentSpan === undefined ? active : trace.setSpan(active, parentSpan);
    const attributes: Attributes = {
      "code.function": meta.name,
      "code.filepath": meta.file,
      "code.lineno": meta.line,
      "code.column": meta.column,
    };
    if (meta.qualifiedName !== meta.name && meta.qualifiedName.endsWith(`.${meta.name}`)) {
      attributes["code.namespace"] = meta.qualifiedName.slice(0, -(meta.name.length + 1));
    }
    if (this.#recordArguments && meta.params.length > 0) {
      const options = { isSensitive: this.#isSensitive };
      const args = context.arguments;
      for (const name of meta.params) {
        attributes[this.#argumentPrefix + name] = this.#isSensitive(name) ? "[REDACTED]" : stringifyValue(args[name], options, this.#maxLength);
      }
    }
    const span = this.#tracer.startSpan(meta.qualifiedName, { kind: this.#kind, attributes }, parent);
    this.#spans.set(context, span);
    recordCallContext(context, trace.setSpan(parent, span));
  }

  #finish(context: ExecutionContext): void {
    const span = this.#spans.get(context);
    const result = context.result;
    const outcome = outcomeOf(context);
    forgetCallContext(context);
    // The span stays in the map: a child that outlives its parent (a promise started and not awaited) still finds it.
    if (span !== undefined) {
      if (result !== undefined && !result.ok) {
        const error = result.exception;
        span.recordException(error instanceof Error ? error : errorMessage(error));
        if (outcome === "recovered") span.setAttribute("observed.recovered", true);
        else span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      }
      if (context.returnedEarly) span.setAttribute("observed.returned_early", true);
      span.end();
    }
    if (this.#histogram !== undefined && result !== undefined && !Number.isNaN(result.executionTime)) {
      this.#histogram.record(result.executionTime, { function: context.functionSignature.qualifiedName, outcome });
    }
  }
}
