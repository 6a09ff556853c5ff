/**
 * `ts-observed/diagnostics-channel`: publishes observed calls on a `node:diagnostics_channel` tracing
 * channel, so APM agents and other tools subscribe with the standard API and need no ts-observed code.
 */
import { tracingChannel } from "node:diagnostics_channel";
import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, FunctionSignature, ObserverOptions } from "../types.js";

/**
 * The message object of one call: the same object is published on every event of the call, as Node's
 * own `tracingChannel.traceSync` / `tracePromise` do, with `result` or `error` added when the call settles.
 */
export interface ObservedCallMessage {
  /** Qualified name of the observed function (`Cart.checkout`). */
  readonly function: string;
  /** Static metadata of the function (name, file, line, params, groups, …). */
  readonly signature: FunctionSignature;
  /** Unique id of the call. */
  readonly callId: number;
  /** Arguments by parameter name (`@redact`ed ones read `[REDACTED]`). */
  readonly arguments: Readonly<Record<string, unknown>>;
  /** `this` of the call. */
  readonly self: unknown;
  /** The returned (or resolved) value, once the call succeeded. */
  result?: unknown;
  /** The thrown (or rejection) value, once the call failed. */
  error?: unknown;
}

/**
 * The part of a `node:diagnostics_channel` `Channel` the bridge uses. Declared here, structurally, so that
 * the published declarations need no `@types/node`; Node's own channel objects fit it.
 */
export interface ChannelLike {
  /** Sends `message` to the channel's subscribers (nothing happens when it has none). */
  publish(message: unknown): void;
  /** True while the channel has at least one subscriber. */
  readonly hasSubscribers: boolean;
}

/**
 * The part of a `node:diagnostics_channel` `TracingChannel` the bridge uses: its five event channels and
 * whether any of them has subscribers. The object is the one `diagnostics_channel.tracingChannel(name)`
 * returns: subscribe to it with that standard API.
 */
export interface TracingChannelLike {
  /** `tracing:<name>:start`: the call started. */
  readonly start: ChannelLike;
  /** `tracing:<name>:end`: the call returned (published at settlement; see {@link DiagnosticsChannelObserver}). */
  readonly end: ChannelLike;
  /** `tracing:<name>:asyncStart`: a call that settled later settled. */
  readonly asyncStart: ChannelLike;
  /** `tracing:<name>:asyncEnd`: the last event of a call that settled later. */
  readonly asyncEnd: ChannelLike;
  /** `tracing:<name>:error`: the call threw or its promise rejected. */
  readonly error: ChannelLike;
  /** True while any of the five channels has a subscriber. */
  readonly hasSubscribers: boolean;
}

/** Names the tracing channel of a function: one name for all, or one per function. */
export type ChannelNaming = string | ((signature: FunctionSignature) => string);

/** Options of {@link DiagnosticsChannelObserver}. */
export interface DiagnosticsChannelObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Tracing channel name (events `tracing:<name>:start` …). Default `"ts-observed"`. */
  channel?: ChannelNaming;
}

/**
 * Bridges observed calls to `diagnostics_channel.tracingChannel(name)`. Events, with one message object
 * per call ({@link ObservedCallMessage}):
 * - a call that settles synchronously: `start`, then `error` if it threw, then `end`;
 * - a call that settles later (async function, returned promise): `start`; at settlement `end`, `error`
 *   if it rejected, `asyncStart`; then `asyncEnd`. This is Node's `tracePromise` order, except that `end`
 *   is published at settlement rather than when the promise is returned (observers are not told when
 *   the synchronous part of a call returns).
 *
 * Nothing is built or published for a call that starts while the channel has no subscribers. Since
 * observers cannot wrap the body, `start.bindStore()` stores are not entered for the body: subscribers
 * that need an async context should keep it themselves.
 */
export class DiagnosticsChannelObserver extends BaseObserver {
  readonly #naming: ChannelNaming;
  readonly #channels = new Map<string, TracingChannelLike>();
  readonly #bySignature = new WeakMap<FunctionSignature, TracingChannelLike>();
  readonly #calls = new WeakMap<ExecutionContext, CallRecord>();

  /** Creates the bridge; it never reads the clock. */
  constructor(options: DiagnosticsChannelObserverOptions = {}) {
    super({
      priority: options.priority,
      name: options.name ?? builtInName(new.target, DiagnosticsChannelObserver, "DiagnosticsChannelObserver"),
      maxFailures: options.maxFailures,
      states: [ExecutionState.PRE_EXECUTION, ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE, ExecutionState.COMPLETED],
      timing: false,
      nesting: false,
    });
    this.#naming = options.channel ?? "ts-observed";
  }

  /**
   * The tracing channel the calls of `signature` are published on: the object
   * `diagnostics_channel.tracingChannel(name)` returns, typed by the part the bridge uses.
   */
  channelFor(signature: FunctionSignature): TracingChannelLike {
    const known = this.#bySignature.get(signature);
    if (known !== undefined) return known;
    const name = typeof this.#naming === "string" ? this.#naming : this.#naming(signature);
    let channel: TracingChannelLike | undefined = this.#channels.get(name);
    if (channel === undefined) {
      channel = tracingChannel<unknown, ObservedCallMessage>(name);
      this.#channels.set(name, channel);
    }
    this.#bySignature.set(signature, channel);
    return channel;
  }

  /** Publishes the event(s) of one state. */
  update(context: ExecutionContext): void {
    if (context.state === ExecutionState.PRE_EXECUTION) {
      this.#start(context);
      return;
    }
    const call = this.#calls.get(context);
    if (call === undefined) return;
    const { channel, message } = call;
    switch (context.state) {
      case ExecutionState.POST_SUCCESS:
      case ExecutionState.POST_FAILURE: {
        const result = context.result;
        if (result !== undefined && result.ok) message.result = result.value;
        else if (result !== undefined) message.error = result.exception;
        if (call.synchronous) {
          if (!result?.ok) channel.error.publish(message);
        } else {
          channel.end.publish(message);
          if (!result?.ok) channel.error.publish(message);
          channel.asyncStart.publish(message);
        }
        return;
      }
      case ExecutionState.COMPLETED:
        this.#calls.delete(context);
        if (call.synchronous) channel.end.publish(message);
        else channel.asyncEnd.publish(message);
        return;
    }
  }

  #start(context: ExecutionContext): void {
    const signature = context.functionSignature;
    const channel = this.channelFor(signature);
    if (!channel.hasSubscribers) return;
    const message: ObservedCallMessage = {
      function: signature.qualifiedName,
      signature,
      callId: context.callId,
      arguments: context.arguments,
      self: context.thisArg,
    };
    const call: CallRecord = { channel, message, synchronous: true };
    this.#calls.set(context, call);
    // A call still unsettled when the current synchronous job ends settles asynchronously.
    if (signature.async) call.synchronous = false;
    else queueMicrotask(() => (call.synchronous = false));
    channel.start.publish(message);
  }
}

interface CallRecord {
  readonly channel: TracingChannelLike;
  readonly message: ObservedCallMessage;
  /** True while the call may still settle in the job that started it. */
  synchronous: boolean;
}
