import { BaseObserver, builtInName } from "../observer.js";
import { ExecutionState } from "../states.js";
import type { ExecutionContext, ObserverOptions } from "../types.js";
import { DEFAULT_SENSITIVE_NAMES, errorMessage, errorName, redactArguments, sensitivityOf, stringifyValue, truncate, type JsonSafeOptions, type JsonValue, type SensitiveNames } from "./integration-support.js";

/** A log level the observer can write at. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * A pino-compatible logger: each level method takes a record object then a message. pino, bunyan-style
 * adapters and `console` (adapted automatically) all fit.
 */
export interface LoggerLike {
  /** Writes a debug line (by default: PRE_EXECUTION, the `call` event). */
  debug(record: LogRecord, message: string): void;
  /** Writes an info line (by default: POST_SUCCESS, the `success` event). */
  info(record: LogRecord, message: string): void;
  /** Writes a warning line (by default: ERROR, the `observer-error` event). */
  warn(record: LogRecord, message: string): void;
  /** Writes an error line (by default: POST_FAILURE, the `failure` event). */
  error(record: LogRecord, message: string): void;
  /** pino's level check: when present, records of disabled levels are not even built. */
  isLevelEnabled?(level: string): boolean;
}

/** What happened, in one word per state. */
export type LogEvent = "call" | "success" | "failure" | "completed" | "observer-error";

/** The structured part of one log line. */
export interface LogRecord {
  /**
   * The state the line is for: `call` (PRE_EXECUTION), `success`, `failure`, `completed`, or
   * `observer-error` (ERROR: another observer failed on this call).
   */
  readonly event: LogEvent;
  /** Qualified name of the observed function. */
  readonly function: string;
  /** {@link ExecutionContext.callId} of the call: the lines of one call share it. */
  readonly callId: number;
  /** Arguments by name, sensitive ones redacted, long values truncated (call and failure). */
  readonly arguments?: { readonly [name: string]: JsonValue };
  /** Returned value as bounded text (success). */
  readonly result?: string;
  /** Milliseconds the call took (success, failure, completed). */
  readonly durationMs?: number;
  /** The thrown value itself, under pino's conventional key so its serializer applies (failure, observer-error). */
  readonly err?: unknown;
  /** Whether the call succeeded, a recovered failure counting as a failure (completed); undefined on the other events. */
  readonly ok?: boolean;
  /** True when an observer answered the call with `returnEarly`, so its body did not run (success, completed); undefined on the other events. */
  readonly returnedEarly?: boolean;
  /** True when an observer turned the failure into a value with `recover` (completed); undefined on the other events. */
  readonly recovered?: boolean;
  /** The observer that failed (observer-error). */
  readonly observer?: string;
  /** The state it failed in (observer-error). */
  readonly state?: ExecutionState;
}

/** Level per state; `false` leaves a state unlogged (and unsubscribed). */
export type LogLevels = { readonly [S in ExecutionState]?: LogLevel | false };

/**
 * The part of `console` the observer writes to: declared here, so that the published types need neither the
 * DOM's nor Node's `Console`.
 */
export interface ConsoleLike {
  /** Writes a debug line. */
  debug(...data: unknown[]): void;
  /** Writes an info line. */
  info(...data: unknown[]): void;
  /** Writes a warning line. */
  warn(...data: unknown[]): void;
  /** Writes an error line. */
  error(...data: unknown[]): void;
}

/** Options of {@link LoggingObserver}. */
export interface LoggingObserverOptions extends Pick<ObserverOptions, "priority" | "name" | "maxFailures"> {
  /** Where lines go: a pino-compatible logger or `console` (the default). */
  logger?: LoggerLike | ConsoleLike;
  /** Level per state, merged over the defaults: PRE debug, success info, failure error, completed off, ERROR warn. */
  levels?: LogLevels;
  /** Argument names (substrings, case-insensitive) or patterns to redact, replacing the defaults; `[]` redacts none. */
  redact?: SensitiveNames;
  /** Longest text kept for one argument or result value; longer is cut with `…`. Default 100. */
  maxValueLength?: number;
  /** Log arguments on call and failure. Default true. */
  logArguments?: boolean;
  /** Log the returned value on success. Default true. */
  logResult?: boolean;
}

const DEFAULT_LEVELS: Required<{ [S in ExecutionState]: LogLevel | false }> = {
  PRE_EXECUTION: "debug",
  POST_SUCCESS: "info",
  POST_FAILURE: "error",
  COMPLETED: false,
  ERROR: "warn",
};

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

const TIMED_STATES: readonly ExecutionState[] = [ExecutionState.POST_SUCCESS, ExecutionState.POST_FAILURE, ExecutionState.COMPLETED];

/** Writes `console[level](message, record)`: console prints its first argument first. */
function consoleLogger(target: ConsoleLike): LoggerLike {
  return {
    debug: (record, message) => target.debug(message, record),
    info: (record, message) => target.info(message, record),
    warn: (record, message) => target.warn(message, record),
    error: (record, message) => target.error(message, record),
  };
}

function isConsole(logger: LoggerLike | ConsoleLike): logger is ConsoleLike {
  return logger === globalThis.console;
}

function formatMs(ms: number): string {
  return Number.isNaN(ms) ? "?" : `${ms.toFixed(1)} ms`;
}

/**
 * Logs observed calls to `console` or a pino-compatible logger, one line per state with a structured
 * record. Sensitive argument names (password, token, secret, key, auth by default, also as nested keys)
 * are redacted and long values truncated, so logs are safe to ship.
 *
 * @example
 * observe("*", new LoggingObserver({ logger: pino(), levels: { PRE_EXECUTION: false } }));
 */
export class LoggingObserver extends BaseObserver {
  readonly #logger: LoggerLike;
  readonly #levels: Required<{ [S in ExecutionState]: LogLevel | false }>;
  readonly #json: JsonSafeOptions;
  readonly #maxValueLength: number;
  readonly #logArguments: boolean;
  readonly #logResult: boolean;

  /**
   * Creates an observer of the states whose level is not `false`, with priority 10 unless
   * `options.priority` says otherwise (it logs after the observers that may answer or recover a call). It
   * asks for timing only when it logs an outcome state; the levels and the logger are checked when it is
   * first subscribed ({@link LoggingObserver.validate}).
   */
  constructor(options: LoggingObserverOptions = {}) {
    const levels = { ...DEFAULT_LEVELS };
    // Only given levels override: `{ PRE_EXECUTION: undefined }` keeps the default rather than breaking it.
    for (const state of Object.keys(levels) as ExecutionState[]) {
      const given = options.levels?.[state];
      if (given !== undefined) levels[state] = given;
    }
    const states = (Object.keys(levels) as ExecutionState[]).filter((state) => levels[state] !== false);
    super({
      priority: options.priority ?? 10,
      name: options.name ?? builtInName(new.target, LoggingObserver, "LoggingObserver"),
      maxFailures: options.maxFailures,
      states,
      // Durations appear only in outcome lines: without them the clock need not be read at all.
      timing: states.some((state) => TIMED_STATES.includes(state)),
      nesting: false,
    });
    const logger = options.logger ?? globalThis.console;
    this.#logger = isConsole(logger) ? consoleLogger(logger) : logger;
    this.#levels = levels;
    this.#maxValueLength = options.maxValueLength ?? 100;
    this.#json = { isSensitive: sensitivityOf(options.redact ?? DEFAULT_SENSITIVE_NAMES), maxDepth: 3, maxEntries: 20 };
    this.#logArguments = options.logArguments ?? true;
    this.#logResult = options.logResult ?? true;
  }

  /** Refuses an unknown level, or a logger without the method of a level in use. */
  validate(): string | undefined {
    for (const state of Object.keys(this.#levels) as ExecutionState[]) {
      const level = this.#levels[state];
      if (level === false) continue;
      if (!LEVELS.includes(level)) return `level of ${state} must be one of ${LEVELS.join(", ")} or false, got ${JSON.stringify(level)}`;
      if (typeof this.#logger[level] !== "function") return `the logger has no ${level}() method (needed for ${state})`;
    }
    return undefined;
  }

  /** Writes the line of one state, if its level is on. */
  update(context: ExecutionContext): void {
    const level = this.#levels[context.state];
    if (level === false) return;
    if (this.#logger.isLevelEnabled !== undefined && !this.#logger.isLevelEnabled(level)) return;
    const [record, message] = this.#entry(context);
    this.#logger[level](record, message);
  }

  #entry(context: ExecutionContext): [LogRecord, string] {
    const name = context.functionSignature.qualifiedName;
    const base = { function: name, callId: context.callId };
    const outcome = context.result;
    const durationMs = outcome?.executionTime ?? NaN;
    switch (context.state) {
      case ExecutionState.PRE_EXECUTION:
        return [{ event: "call", ...base, ...this.#arguments(context) }, `call ${name}`];
      case ExecutionState.POST_SUCCESS: {
        const result = this.#logResult && outcome?.ok === true ? { result: stringifyValue(outcome.value, this.#json, this.#maxValueLength) } : {};
        const early = context.returnedEarly ? " (returned early)" : "";
        return [{ event: "success", ...base, durationMs, returnedEarly: context.returnedEarly, ...result }, `${name} succeeded in ${formatMs(durationMs)}${early}`];
      }
      case ExecutionState.POST_FAILURE: {
        const error = outcome?.ok === false ? outcome.exception : undefined;
        const text = truncate(`${errorName(error)}: ${errorMessage(error)}`, this.#maxValueLength * 2);
        return [{ event: "failure", ...base, durationMs, err: error, ...this.#arguments(context) }, `${name} failed in ${formatMs(durationMs)}: ${text}`];
      }
      case ExecutionState.COMPLETED: {
        const ok = context.isSuccessful;
        return [
          { event: "completed", ...base, ok, durationMs, returnedEarly: context.returnedEarly, recovered: context.recovered },
          `${name} completed (${ok ? "ok" : context.recovered ? "recovered" : "failed"}) in ${formatMs(durationMs)}`,
        ];
      }
      case ExecutionState.ERROR: {
        const failure = context.observerFailure;
        const observer = failure?.observer ?? "observer";
        return [
          { event: "observer-error", ...base, observer, state: failure?.state, err: failure?.error },
          `observer ${observer} failed in ${failure?.state ?? "?"} of ${name}: ${errorMessage(failure?.error)}`,
        ];
      }
    }
  }

  #arguments(context: ExecutionContext): Pick<LogRecord, "arguments"> {
    if (!this.#logArguments) return {};
    const safe = redactArguments(context.arguments, this.#json);
    for (const name of Object.keys(safe)) {
      const value = safe[name];
      if (typeof value === "string") safe[name] = truncate(value, this.#maxValueLength);
      else if (value !== null && typeof value === "object") {
        const text = JSON.stringify(value);
        if (text.length > this.#maxValueLength) safe[name] = truncate(text, this.#maxValueLength);
      }
    }
    return { arguments: safe };
  }
}
