/**
 * The OpenTelemetry context manager of `ts-observed/otel` (exported from `otel.ts`): it makes the span of the
 * innermost running observed call the *active* OpenTelemetry context, so that other instrumentation inside an
 * observed body (HTTP clients, database drivers, `tracer.startActiveSpan`) parents its spans to it.
 *
 * An observer cannot wrap the body of a call, so the span cannot be entered with `context.with`. Instead
 * `OpenTelemetryObserver` records, per traced call, the OpenTelemetry context that has the call's span set
 * (from PRE_EXECUTION to COMPLETED), and {@link ObservedContextManager.active} looks it up from the runtime's
 * own notion of the current call — the one that gives calls their `parent`. Nothing here runs on an
 * observed call unless an `OpenTelemetryObserver` traces it.
 */
import type { Context, ContextManager } from "@opentelemetry/api";
import { registry } from "../registry.js";
import type { ExecutionContext } from "../types.js";

/**
 * Context key of the marker {@link ObservedContextManager.with} puts on the context it enters: the `callId` of
 * the innermost observed call running when the scope was entered. `Symbol.for`, as the state below: every copy
 * of this module in the process (the ESM and the CommonJS build) reads the same marker.
 */
const ENTERED_IN = Symbol.for("ts-observed.otel.entered-in");

/** What `attach` returns (`ContextManagementToken` of `@opentelemetry/api` ≥ 1.10): restores the previous context. */
export interface ContextToken {
  /** Makes the context that was active before the `attach` active again. */
  dispose(): void;
}

/** State shared by every copy of this module in the process (like the runtime's registry). */
interface SharedState {
  /** Traced calls, from PRE_EXECUTION until COMPLETED → the OpenTelemetry context with their span set. */
  readonly contexts: WeakMap<ExecutionContext, Context>;
}

const STATE_KEY = Symbol.for("ts-observed.otel.state");
const holder = globalThis as { [STATE_KEY]?: SharedState };
const shared: SharedState = (holder[STATE_KEY] ??= { contexts: new WeakMap() });

/**
 * The innermost observed call running now, by the rule the runtime gives calls their `parent`: the current
 * synchronous call, else (with `ts-observed/async-context` enabled) the call carried into this callback.
 * Undefined when no observer tracks nesting.
 */
function innermostCall(): ExecutionContext | undefined {
  return (registry.current ?? registry.store?.getStore()) as ExecutionContext | undefined;
}

/** Records the context (with its span set) that is active inside a traced call; called at PRE_EXECUTION. */
export function recordCallContext(call: ExecutionContext, context: Context): void {
  shared.contexts.set(call, context);
}

/** Forgets a traced call's context; called at COMPLETED, so nothing is returned for a finished call. */
export function forgetCallContext(call: ExecutionContext): void {
  shared.contexts.delete(call);
}

/**
 * Decides what is innermost for code running inside `call` (and its ancestors): walking from `call` up its
 * parents, the first call that is either the one in which the scope of `active` was entered (then that
 * scope is innermost: returns undefined, meaning "use `active`"), or a call `lookup` knows (returns what it
 * gives). Undefined when neither is found.
 *
 * @param call The innermost running call (or, for a call starting, its parent).
 * @param active The context the wrapped manager holds (its `with` scopes), marked by {@link ObservedContextManager.with}.
 * @param lookup The traced calls: a span or a context per call.
 */
export function innermostTraced<T>(call: ExecutionContext | undefined, active: Context, lookup: (call: ExecutionContext) => T | undefined): T | undefined {
  if (call === undefined) return undefined;
  const enteredIn = active.getValue(ENTERED_IN);
  for (let outer: ExecutionContext | undefined = call; outer !== undefined; outer = outer.parent) {
    if (outer.callId === enteredIn) return undefined;
    const found = lookup(outer);
    if (found !== undefined) return found;
  }
  return undefined;
}

const recorded = (call: ExecutionContext): Context | undefined => shared.contexts.get(call);

/** Whether a traced call (with a recorded context) is running now, at or around `call`. */
function insideTracedCall(call: ExecutionContext | undefined): boolean {
  for (let outer = call; outer !== undefined; outer = outer.parent) if (shared.contexts.has(outer)) return true;
  return false;
}

function isContextManager(value: unknown): value is ContextManager {
  if (typeof value !== "object" || value === null) return false;
  const manager = value as Partial<Record<keyof ContextManager, unknown>>;
  return (["active", "with", "bind", "enable", "disable"] as const).every((method) => typeof manager[method] === "function");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return `an object${typeof name === "string" && name !== "" ? ` (${name})` : ""} without active, with, bind, enable and disable`;
}

/**
 * An OpenTelemetry `ContextManager` that makes the span of the innermost running observed call active while
 * its body runs: `trace.getActiveSpan()`, `tracer.startActiveSpan(...)`, `tracer.startSpan(...)` and every
 * auto-instrumentation (http, undici, pg, …) called from an observed body see that span as their parent.
 * It wraps the manager that does the real work — `AsyncLocalStorageContextManager` from
 * `@opentelemetry/context-async-hooks`, the one the Node SDK installs — and changes what `active()` returns
 * only inside calls an `OpenTelemetryObserver` traces.
 *
 * What is active, innermost first:
 * - a `context.with(ctx, …)` scope entered inside the innermost traced call (or inside a call nested in it):
 *   `ctx` (so `startActiveSpan` inside an observed body, and observed calls inside it, nest under that span);
 * - else the span of the innermost running traced call, on the context that was active when it started;
 * - else (outside traced calls) whatever the wrapped manager has active.
 *
 * "Running" is the runtime's notion, the one that gives calls their `parent`: synchronous code of the body and
 * code after its instrumented `await`s, and — with `ts-observed/async-context` enabled — callbacks, timers and
 * promise continuations started inside it. A call stops being active when it completes.
 *
 * @example
 * import { context } from "@opentelemetry/api";
 * import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
 * import { ObservedContextManager, OpenTelemetryObserver } from "ts-observed/otel";
 *
 * context.setGlobalContextManager(new ObservedContextManager(new AsyncLocalStorageContextManager()).enable());
 * // or: new NodeSDK({ contextManager: new ObservedContextManager(new AsyncLocalStorageContextManager()), … })
 * observe("*", new OpenTelemetryObserver());
 */
export class ObservedContextManager implements ContextManager {
  readonly #inner: ContextManager;

  /**
   * Present when the wrapped manager has it (`AsyncLocalStorageContextManager` of
   * `@opentelemetry/context-async-hooks` 2.x with `@opentelemetry/api` ≥ 1.10, experimental there): makes
   * `context` active for the rest of the current asynchronous execution, marked like a {@link with} scope (so,
   * attached inside an observed body, it is innermost there); `dispose()` of the returned token restores the
   * previous context.
   */
  readonly attach?: (context: Context) => ContextToken;

  /**
   * Wraps `inner`; install the wrapper (not `inner`) as the global context manager, and enable it.
   *
   * @param inner The context manager that carries contexts across asynchronous work; it must not be installed
   *   globally on its own. Throws a `TypeError` when it is missing or not a `ContextManager`.
   */
  constructor(inner: ContextManager) {
    if (!isContextManager(inner)) {
      throw new TypeError(
        `ts-observed: ObservedContextManager wraps another context manager, e.g. new ObservedContextManager(new AsyncLocalStorageContextManager()) (from @opentelemetry/context-async-hooks); got ${describe(inner)}`,
      );
    }
    this.#inner = inner;
    const attach = (inner as ContextManager & { attach?: unknown }).attach;
    if (typeof attach === "function") {
      this.attach = (context: Context): ContextToken => (attach as (context: Context) => ContextToken).call(inner, this.#marked(context));
    }
  }

  /** The wrapped manager. */
  get inner(): ContextManager {
    return this.#inner;
  }

  /** The active context: the innermost of the wrapped manager's scope and the running traced call (see the class). */
  active(): Context {
    const active = this.#inner.active();
    return innermostTraced(innermostCall(), active, recorded) ?? active;
  }

  /**
   * Runs `fn` with `context` active, through the wrapped manager. Inside a traced call, the context entered
   * carries one private marker (the call it was entered in), so `active()` inside `fn` is a context with the
   * values of `context`, not `context` itself; outside traced calls it is `context` itself.
   */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.#inner.with(this.#marked(context), fn, thisArg, ...args);
  }

  /**
   * Binds `target` to `context`: a function runs through this manager's {@link with} when called. Other
   * targets (an `EventEmitter`) are bound by the wrapped manager; their listeners run in `context` except
   * when emitted synchronously inside a traced call that `context` was not taken in: then that call's span
   * is active.
   */
  bind<T>(context: Context, target: T): T {
    if (typeof target !== "function") return this.#inner.bind(context, target);
    const fn = target as unknown as (this: unknown, ...args: unknown[]) => unknown;
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return manager.with(context, () => fn.apply(this, args));
    };
    Object.defineProperty(bound, "length", { enumerable: false, configurable: true, writable: false, value: fn.length });
    return bound as unknown as T;
  }

  /** Enables the wrapped manager. */
  enable(): this {
    this.#inner.enable();
    return this;
  }

  /** Disables the wrapped manager. */
  disable(): this {
    this.#inner.disable();
    return this;
  }

  /** `context`, marked with the innermost running call when a traced call is running (a stale marker removed). */
  #marked(context: Context): Context {
    const call = innermostCall();
    if (call !== undefined && insideTracedCall(call)) {
      return context.getValue(ENTERED_IN) === call.callId ? context : context.setValue(ENTERED_IN, call.callId);
    }
    return context.getValue(ENTERED_IN) === undefined ? context : context.deleteValue(ENTERED_IN);
  }
}
