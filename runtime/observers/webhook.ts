/**
 * `ts-observed/webhook`: POSTs an alert to a webhook when an observed call fails. Uses the global `fetch`
 * (no dependency); delivery runs in the background and never delays or fails the observed call.
 */
import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { errorMessage, errorName, redactArguments, sensitivityOf, truncate, type JsonValue, type SensitiveNames } from "./integration-support.js";

/**
 * The `AbortSignal` of the platform (DOM lib or `@types/node`), read from `globalThis` so that these
 * declarations need neither: `never` in a project that has no `AbortSignal` type at all.
 */
export type WebhookSignal = typeof globalThis extends {
  /** The platform's `AbortSignal` class, where its types are loaded. */
  AbortSignal: {
    /** Its instances' type. */
    prototype: infer S;
  };
}
  ? S
  : never;

/** What {@link WebhookObserver} passes to `fetch` besides the URL: a plain `RequestInit`. */
export interface WebhookRequestInit {
  /** Always `"POST"`. */
  method: string;
  /** `content-type: application/json`, the bearer token and the `headers` option. */
  headers: Record<string, string>;
  /** The JSON text of the alert (or of what `format` made of it). */
  body: string;
  /** Aborts the request at its timeout, or when `close()` gives up. */
  signal: WebhookSignal;
}

/** The part of a `fetch` `Response` {@link WebhookObserver} reads. */
export interface WebhookResponse {
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** The HTTP status (408, 429 and 5xx are retried). */
  readonly status: number;
  /** The HTTP status text, for the error message. */
  readonly statusText: string;
  /** The response headers: `Retry-After` is honoured. */
  readonly headers: WebhookResponseHeaders;
  /** The response body, cancelled unread (releases the connection). */
  readonly body?: WebhookResponseBody | null;
}

/** The part of a `fetch` `Headers` {@link WebhookObserver} reads. */
export interface WebhookResponseHeaders {
  /** The value of header `name`, or null when absent. */
  get(name: string): string | null;
}

/** The part of a `fetch` response body {@link WebhookObserver} uses. */
export interface WebhookResponseBody {
  /** Discards the body unread. */
  cancel(): Promise<void>;
}

/** A URL given as an object (a `URL`): anything whose string form is the URL. */
export interface WebhookUrl {
  /** The URL's text (a `URL`'s `href`). */
  toString(): string;
}

/**
 * A `fetch` as {@link WebhookObserver} calls it: declared here, structurally, so that the declarations need
 * neither the DOM lib nor `@types/node`; the global `fetch` (Node's or a browser's) fits it.
 */
export type WebhookFetch = (url: string, init: WebhookRequestInit) => PromiseLike<WebhookResponse>;

/** The JSON body of one alert (the seed's payload, in camelCase, plus `errorName` and `callId`). */
export interface WebhookPayload {
  /** `alertType` option; default `"function_failure"`. */
  alertType: string;
  /** Qualified name of the function that failed. */
  functionName: string;
  /** Class name of the thrown error (`TypeError`), or the `typeof` of a thrown non-error. */
  errorName: string;
  /** The error's `message` (a thrown string as is, another value as redacted JSON); longer than 2000 characters, cut to 1999 and `…`. */
  errorMessage: string;
  /** Epoch milliseconds: when the call started if the runtime timed it (some observer wants timing), else when it failed. */
  timestamp: number;
  /** Arguments by parameter name, sensitive names (at any depth) redacted. */
  arguments: { [name: string]: JsonValue };
  /** Id of the call, unique in the process. */
  callId: number;
}

/** Delivery counters of a {@link WebhookObserver}. */
export interface WebhookStats {
  /** Alerts the server accepted (2xx). */
  sent: number;
  /** Alerts given up on: retries exhausted, or a 4xx answer other than 408 / 429. */
  failed: number;
  /** Alerts dropped: the oldest when the queue was full, or left undelivered at the `close()` deadline. */
  dropped: number;
  /** Retry attempts made (one alert can retry several times). */
  retried: number;
  /** Alerts queued or in flight now. */
  pending: number;
}

/** Options of {@link WebhookObserver}. */
export interface WebhookObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Where alerts are POSTed: a string or a `URL` (anything whose `toString()` is the URL). */
  url: string | WebhookUrl;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Extra request headers. */
  headers?: Readonly<Record<string, string>>;
  /** Milliseconds before one request is aborted. Default 5000. */
  timeout?: number;
  /** Most alerts waiting for delivery; beyond it the oldest is dropped. Default 100. */
  maxQueue?: number;
  /** Retries after a failed attempt (network error, timeout, 408, 429, 5xx). Default 3. A `Retry-After` answer is honoured up to `maxBackoff`. */
  retries?: number;
  /** Milliseconds before the first retry; doubled at each retry. Default 200. */
  backoff?: number;
  /** Longest wait between retries. Default 5000. */
  maxBackoff?: number;
  /** Milliseconds `close()` (and so `shutdown()`) waits for the queue to drain before giving up. Default 5000. */
  closeTimeout?: number;
  /** `alertType` of the payload. Default `"function_failure"`. */
  alertType?: string;
  /** Argument names (and nested keys) sent as `[REDACTED]`; default password, token, secret, key, auth. */
  sensitive?: SensitiveNames;
  /** Turns the payload into the body the server expects (a Slack message, …); its result is sent as JSON. */
  format?: (payload: WebhookPayload) => unknown;
  /** Receives an alert given up on and the last error; default `console.warn`. */
  onError?: (error: unknown, payload: WebhookPayload) => void;
  /** The `fetch` to use; default the global one. */
  fetch?: WebhookFetch;
}

/** The outcome of one attempt. */
type Attempt = { readonly ok: true } | { readonly ok: false; readonly retry: boolean; readonly error: unknown; readonly retryAfter?: number };

/** Thrown as the reason of requests aborted by the `close()` deadline. */
class ClosingError extends Error {
  override name = "ClosingError";
}

/**
 * Sends an alert for every failed call (POST_FAILURE) to a webhook, with the seed's payload in camelCase
 * ({@link WebhookPayload}). `update` only copies what it needs and queues it: delivery happens later, one
 * request at a time, with a per-request timeout and retries with exponential backoff. The queue is bounded
 * (the oldest alert is dropped and counted); `close()` — run by `shutdown()` — waits for the queue to drain,
 * up to `closeTimeout`, then aborts what is left. Alerts for failures another observer recovered are sent too.
 */
export class WebhookObserver extends BaseObserver {
  readonly #url: string;
  readonly #headers: Record<string, string>;
  readonly #timeout: number;
  readonly #maxQueue: number;
  readonly #retries: number;
  readonly #backoff: number;
  readonly #maxBackoff: number;
  readonly #closeTimeout: number;
  readonly #alertType: string;
  readonly #isSensitive: (name: string) => boolean;
  readonly #format: ((payload: WebhookPayload) => unknown) | undefined;
  readonly #onError: (error: unknown, payload: WebhookPayload) => void;
  readonly #fetch: WebhookFetch | undefined;
  #queue: WebhookPayload[] = [];
  #inFlight = 0;
  #running: Promise<void> | undefined = undefined;
  #closing = new AbortController();
  #closed = false;
  #stats = { sent: 0, failed: 0, dropped: 0, retried: 0 };

  /** Creates the observer; nothing is sent until a call fails. */
  constructor(options: WebhookObserverOptions) {
    super({ priority: options.priority, name: options.name ?? builtInName(new.target, WebhookObserver, "WebhookObserver"), maxFailures: options.maxFailures, states: [ExecutionState.POST_FAILURE], timing: false, nesting: false });
    this.#url = String(new URL(String(options.url)));
    this.#headers = { "content-type": "application/json", ...options.headers };
    if (options.token !== undefined) this.#headers["authorization"] = `Bearer ${options.token}`;
    this.#timeout = options.timeout ?? 5000;
    this.#maxQueue = Math.max(1, options.maxQueue ?? 100);
    this.#retries = Math.max(0, options.retries ?? 3);
    this.#backoff = options.backoff ?? 200;
    this.#maxBackoff = options.maxBackoff ?? 5000;
    this.#closeTimeout = options.closeTimeout ?? 5000;
    this.#alertType = options.alertType ?? "function_failure";
    this.#isSensitive = sensitivityOf(options.sensitive);
    this.#format = options.format;
    this.#onError = options.onError ?? ((error, payload) => console.warn(`[ts-observed/webhook] alert for ${payload.functionName} not delivered: ${errorMessage(error)}`));
    this.#fetch = options.fetch;
    if (typeof (options.fetch ?? globalThis.fetch) !== "function") throw new TypeError("ts-observed/webhook: no fetch available; pass options.fetch");
  }

  /** A snapshot of the delivery counters. */
  get stats(): Readonly<WebhookStats> {
    return { ...this.#stats, pending: this.#queue.length + this.#inFlight };
  }

  /** Re-arms an observer closed by an earlier `close()` when it is subscribed again. */
  configure(): void {
    if (this.#closed) {
      this.#closed = false;
      this.#closing = new AbortController();
    }
  }

  /** Queues an alert for a failed call and returns at once. */
  update(context: ExecutionContext): void {
    const result = context.result;
    if (result === undefined || result.ok) return;
    if (this.#closed) {
      this.#stats.dropped++;
      return;
    }
    this.#queue.push({
      alertType: this.#alertType,
      functionName: context.functionSignature.qualifiedName,
      errorName: errorName(result.exception),
      errorMessage: truncate(errorMessage(result.exception), 2000),
      timestamp: context.timestamp,
      arguments: redactArguments(context.arguments, { isSensitive: this.#isSensitive }),
      callId: context.callId,
    });
    if (this.#queue.length > this.#maxQueue) {
      this.#queue.shift();
      this.#stats.dropped++;
    }
    // Started after the current job: not even the request's construction runs inside the observed call.
    this.#running ??= Promise.resolve().then(() => this.#drain());
  }

  /** Resolves when every queued alert has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  /** Waits for the queue to drain, at most `closeTimeout` ms; then aborts what is in flight and drops what is left. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#running === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#closeTimeout);
    });
    await Promise.race([this.idle(), deadline]);
    clearTimeout(timer);
    if (this.#running !== undefined) {
      this.#closing.abort(new ClosingError("webhook observer closed"));
      await this.idle();
    }
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        if (this.#closing.signal.aborted) {
          this.#stats.dropped += this.#queue.length;
          this.#queue = [];
          return;
        }
        const payload = this.#queue.shift()!;
        this.#inFlight = 1;
        try {
          await this.#deliver(payload);
        } finally {
          this.#inFlight = 0;
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  async #deliver(payload: WebhookPayload): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(this.#format === undefined ? payload : this.#format(payload));
    } catch (error) {
      this.#giveUp(error, payload);
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#attempt(body);
      if (outcome.ok) {
        this.#stats.sent++;
        return;
      }
      if (this.#closing.signal.aborted) {
        this.#stats.dropped++;
        return;
      }
      if (!outcome.retry || attempt >= this.#retries) {
        this.#giveUp(outcome.error, payload);
        return;
      }
      this.#stats.retried++;
      const backoff = Math.min(this.#backoff * 2 ** attempt, this.#maxBackoff);
      await this.#sleep(outcome.retryAfter === undefined ? backoff : Math.max(backoff, Math.min(outcome.retryAfter, this.#maxBackoff)));
      if (this.#closing.signal.aborted) {
        this.#stats.dropped++;
        return;
      }
    }
  }

  async #attempt(body: string): Promise<Attempt> {
    const send = this.#fetch ?? globalThis.fetch;
    try {
      const signal = AbortSignal.any([AbortSignal.timeout(this.#timeout), this.#closing.signal]);
      const response = await send(this.#url, { method: "POST", headers: this.#headers, body, signal });
      // Release the connection: the answer's body is not needed.
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retry = response.status === 408 || response.status === 429 || response.status >= 500;
      const error = new Error(`webhook answered HTTP ${response.status} ${response.statusText}`.trim());
      return { ok: false, retry, error, retryAfter: retryAfterMs(response.headers.get("retry-after")) };
    } catch (error) {
      return { ok: false, retry: true, error };
    }
  }

  #sleep(ms: number): Promise<void> {
    const signal = this.#closing.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    });
  }

  #giveUp(error: unknown, payload: WebhookPayload): void {
    this.#stats.failed++;
    try {
      this.#onError(error, payload);
    } catch {
      // A failing error handler must not stop delivery of the rest.
    }
  }
}

/** Milliseconds a `Retry-After` header asks to wait (seconds or an HTTP date), or undefined. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
