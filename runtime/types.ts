import type { ExecutionState } from "./states.js";

/** Kind of function an observed site was compiled from. */
export type FunctionKind = "function" | "arrow" | "method" | "getter" | "setter" | "constructor";

/** Static metadata of an observed function, written by the transformer (one object per function, at module load). */
export interface SiteMeta {
  /** The function's own name (`checkout`), `default` for an anonymous default export. */
  readonly name: string;
  /** Name qualified by its class or object (`Cart.checkout`, `Cart.#audit`, `api.load`). */
  readonly qualifiedName: string;
  /** Source file, relative to the project root. */
  readonly file: string;
  /** 1-based line and column of the function in its source file. */
  readonly line: number;
  /**
   * 1-based column (in UTF-16 code units, as editors count) of the function's name on `line`, or of the
   * function itself when it has no name.
   */
  readonly column: number;
  /** The syntax the function was written with: a declaration or expression, an arrow, a method, an accessor or a constructor. */
  readonly kind: FunctionKind;
  /** True for an `async` function; its outcome is then the settled value of its promise. */
  readonly async: boolean;
  /** True for a generator (`function*`, async ones too): its call settles when its body returns, so after it is iterated. */
  readonly generator: boolean;
  /** Parameter names in order (a destructuring parameter is named by its pattern's text). */
  readonly params: readonly string[];
  /** True when the last parameter is a rest parameter. */
  readonly rest: boolean;
  /** Group names from `@observed group1 group2`. */
  readonly groups: readonly string[];
  /** Names whose values never enter a context (`@redact`): the redacted parameters as named in `params`, then the names they bind. */
  readonly redact: readonly string[];
  /** Locals copied into `localVariables` (`@capture`). */
  readonly capture: readonly string[];
  /**
   * Async functions: true when the transformer wrapped every own `await` with `suspend`/`resume`, so the
   * call stays the parent of observed calls it makes across awaits. False otherwise (and for other kinds).
   */
  readonly awaits: boolean;
}

/** What an observer sees of the function: its static metadata. */
export type FunctionSignature = SiteMeta;

/** Outcome of a call that returned (or settled) normally. */
export interface ExecutionSuccess<R = unknown> {
  /** Always true: tells a success from an {@link ExecutionFailure}. */
  readonly ok: true;
  /** The returned value; for async functions, and promises a plain function returned, the settled value (another thenable a plain function returned is the value itself: it is not waited for). */
  readonly value: R;
  /** Milliseconds from entry to return (or settlement); NaN when no attached observer asked for timing. */
  readonly executionTime: number;
}

/** Outcome of a call that threw (or whose promise rejected). */
export interface ExecutionFailure {
  /** Always false: tells a failure from an {@link ExecutionSuccess}. */
  readonly ok: false;
  /** The thrown value, exactly as thrown. */
  readonly exception: unknown;
  /** Milliseconds from entry to the throw (or rejection); NaN when no attached observer asked for timing. */
  readonly executionTime: number;
}

/** Either outcome; `undefined` on the context before the call has settled. */
export type ExecutionOutcome<R = unknown> = ExecutionSuccess<R> | ExecutionFailure;

/** Details of an observer failure, on the context dispatched as ERROR and given to the error reporter. */
export interface ObserverFailure {
  /** Name of the observer that failed. */
  readonly observer: string;
  /** The state it was handling. */
  readonly state: ExecutionState;
  /** What the observer threw, or what its returned promise rejected with, exactly as thrown. */
  readonly error: unknown;
  /** Its consecutive failures so far, this one included. */
  readonly consecutiveFailures: number;
  /** True when this failure tripped the circuit breaker: the observer is disabled until `enable()`. */
  readonly disabled: boolean;
  /** The observed function. */
  readonly function: string;
}

/**
 * What an observer receives. One object per call, updated at each state (copy what you keep past
 * `update`). `A` is the function's parameter tuple and `R` its (awaited) result.
 */
export interface ExecutionContext<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /**
   * The state being dispatched now; it changes as the call proceeds (the same object is passed at every
   * state). ERROR while ERROR observers run, then back to the state that was interrupted.
   */
  readonly state: ExecutionState;
  /** Static metadata of the observed function: one frozen object shared by every call of that function. */
  readonly functionSignature: FunctionSignature;
  /** Arguments by parameter name, defaults applied; `@redact`ed ones read {@link REDACTED}. Built on first read. */
  readonly arguments: Readonly<Record<string, unknown>>;
  /** Arguments by position, a rest parameter spread; `@redact`ed ones read {@link REDACTED}. */
  readonly args: Readonly<A>;
  /** `this` of the call (the lexical `this` for arrow functions). */
  readonly thisArg: unknown;
  /** The outcome, from POST_SUCCESS / POST_FAILURE on. */
  readonly result: ExecutionOutcome<R> | undefined;
  /** Wall-clock milliseconds since the epoch when the call started (when timing is off: when first read). */
  readonly timestamp: number;
  /**
   * True once the call has settled without a failure (POST_SUCCESS and COMPLETED of a success, `returnEarly`
   * included); false before it settles and for a failure, even a recovered one.
   */
  readonly isSuccessful: boolean;
  /**
   * True once the call has settled with a failure: it threw, its promise rejected, or an observer
   * `reject`ed it. It stays true when an observer recovers (see `recovered`); false before the call settles.
   */
  readonly isFailed: boolean;
  /** `@capture`d locals, from POST_SUCCESS / POST_FAILURE on; a name not yet initialised is absent; a `@redact`ed one reads {@link REDACTED}. */
  readonly localVariables: Readonly<Record<string, unknown>>;
  /** Per-call scratch shared by all observers across the states of this call. */
  readonly metadata: Record<string, unknown>;
  /** Unique, increasing id of this call. */
  readonly callId: number;
  /**
   * The observed call this one runs inside, if any: synchronous nesting and instrumented awaits (and
   * callbacks with `enableAsyncContext`). Tracked only while some attached observer has `nesting` interest
   * (the default); undefined otherwise.
   */
  readonly parent: ExecutionContext | undefined;
  /** True when an observer answered in PRE_EXECUTION with `returnEarly` (the body did not run). */
  readonly returnedEarly: boolean;
  /** True when an observer turned the failure into a value with `recover`. */
  readonly recovered: boolean;
  /** True once an observer answered the call in PRE_EXECUTION (`returnEarly` or `reject`): a second answer is an error. */
  readonly answered: boolean;
  /** True when `result` is the settled value of a thenable the body returned (for a non-async function: a promise, and the caller received that very promise). */
  readonly fromThenable: boolean;
  /** False when `recover` cannot change the outcome: a non-async function already handed its promise to the caller. */
  readonly canRecover: boolean;
  /** The latest observer failure of this call (set before ERROR is dispatched): which observer, in which state, how. */
  readonly observerFailure: ObserverFailure | undefined;
  /**
   * PRE_EXECUTION only: skip the body and give the caller `value` (a cache hit). A thenable `value` is
   * settled before POST_SUCCESS / POST_FAILURE, as a returned one would be (for a non-async function: a promise).
   */
  returnEarly(value: R): void;
  /** PRE_EXECUTION only: skip the body and make the call throw `error` (a rate limit). */
  reject(error: unknown): void;
  /** POST_FAILURE only: the caller gets `value` instead of the failure. */
  recover(value: R): void;
  /**
   * The call's public facts as a plain object ({@link ExecutionContextJSON}): what `JSON.stringify(ctx)`, a
   * structured logger and a snapshot serializer see, instead of the runtime's internals (the site, the
   * observers' registrations, raw `this`, which could also hold cycles).
   */
  toJSON(): ExecutionContextJSON;
}

/**
 * A context as JSON (`ctx.toJSON()`, `JSON.stringify(ctx)`). Values (arguments, the result, captured locals)
 * are the call's own, `@redact`ed ones as {@link REDACTED}; an `Error` thrown is given as its `name` and
 * `message` (its stack is in `ctx.result.exception`). `callId`, `parentCallId` and `executionTime` change
 * from run to run: leave them out of snapshots.
 */
export interface ExecutionContextJSON {
  /** The state being dispatched. */
  readonly state: ExecutionState;
  /** The function's qualified name (`Cart.checkout`). */
  readonly function: string;
  /** Its file, relative to the project root (as in `functionSignature`). */
  readonly file: string;
  /** The line of its declaration (1-based). */
  readonly line: number;
  /** The call's id. */
  readonly callId: number;
  /** The id of the call this one runs inside, when nesting is tracked and there is one. */
  readonly parentCallId?: number;
  /** Arguments by parameter name. */
  readonly arguments: Readonly<Record<string, unknown>>;
  /** From POST_SUCCESS / POST_FAILURE on; `executionTime` is `null` in JSON when no observer asked for timing. */
  readonly result?: ExecutionOutcome;
  /** `@capture`d locals, from POST_SUCCESS / POST_FAILURE on, for a function that captures any. */
  readonly localVariables?: Readonly<Record<string, unknown>>;
}

/**
 * What an observer's `update` (or a function observer) may return: anything. A thenable (an object or
 * function with a callable `then`, such as a promise) is awaited apart from the call, so that its rejection
 * counts as an observer failure (reported, counted by the circuit breaker, dispatched as ERROR) and never
 * reaches the caller; the observed call does not wait for it. Any other value is ignored, so an
 * expression-bodied arrow such as `(ctx) => seen.push(ctx.state)` is a valid observer.
 */
export type UpdateResult = unknown;

/** Options every class observer accepts. */
export interface ObserverOptions {
  /** Higher runs first; ties run in subscription order. Default 0. */
  priority?: number;
  /** Shown in reports; default: the class name. */
  name?: string;
  /** States this observer wants; default: all of them. */
  states?: Iterable<ExecutionState>;
  /** Whether it reads `executionTime` (the clock is read only if some observer does). Default true. */
  timing?: boolean;
  /**
   * Whether it reads `parent` (nesting is tracked only while some attached observer does: it costs a
   * store into process-wide state per observed call). Default true.
   */
  nesting?: boolean;
  /** Consecutive failures before the circuit breaker disables it. Default: the runtime's (5). */
  maxFailures?: number;
}

/**
 * The observer contract: an object with `update`, optionally the lifecycle hooks. `BaseObserver`
 * implements it with sensible defaults; a plain function `(ctx) => void` is accepted too.
 */
export interface Observer<C extends ExecutionContext = ExecutionContext> {
  /**
   * Handles one state of one call: called once per dispatched state the observer is interested in. A throw,
   * or a rejection of the promise it returns, is an observer failure: reported, counted by its circuit
   * breaker and dispatched as ERROR, never passed to the caller. Any other returned value is ignored
   * ({@link UpdateResult}).
   */
  update(context: C): UpdateResult;
  /** Dispatch order: higher runs first, ties in subscription order. Undefined: 0. Read when it is subscribed, as are the fields below. */
  readonly priority?: number;
  /** Shown in reports and in {@link ObserverFailure.observer}. Undefined: its constructor's name. */
  readonly name?: string;
  /** The states dispatched to it; undefined: every state. `observe()` refuses one that names no state. */
  readonly states?: Iterable<ExecutionState>;
  /**
   * Whether it reads `result.executionTime`: the clock is read only while some attached observer does, and
   * `executionTime` is NaN otherwise. Undefined: true.
   */
  readonly timing?: boolean;
  /**
   * Whether it reads `parent`: nesting is tracked only while some attached observer does, and `parent` is
   * undefined otherwise. Undefined: true.
   */
  readonly nesting?: boolean;
  /**
   * Consecutive failures after which its circuit breaker disables it. Undefined: the runtime's
   * (`configureRuntime({ maxFailures })`, 5 by default).
   */
  readonly maxFailures?: number;
  /** Called once when first subscribed, before `validate`. */
  configure?(): void;
  /** Called once when first subscribed; throw or return a message to refuse the subscription. */
  validate?(): void | string | undefined;
  /** Clears accumulated state. */
  reset?(): void;
  /**
   * Called when its last subscription ends and at `shutdown()`. A returned thenable (a flush) is awaited
   * by `shutdown()`, and its rejection reported; any other returned value is ignored.
   */
  close?(): unknown;
}

/**
 * The context a POST_SUCCESS, POST_FAILURE or COMPLETED observer receives: the call has settled, so
 * `result` is always set. `onSuccess`, `onFailure` and `onCompletion` give their callbacks this type.
 */
export interface SettledContext<A extends readonly unknown[] = readonly unknown[], R = unknown> extends ExecutionContext<A, R> {
  /** The outcome of the call: set in every state from POST_SUCCESS / POST_FAILURE on. */
  readonly result: ExecutionOutcome<R>;
}

/**
 * The context an `onSuccess` observer receives (POST_SUCCESS): the call succeeded, so `result` is an
 * {@link ExecutionSuccess} (`ctx.result.value` without an `ok` check).
 */
export interface SucceededContext<A extends readonly unknown[] = readonly unknown[], R = unknown> extends SettledContext<A, R> {
  /** The success: the returned (or settled) value and the time it took. */
  readonly result: ExecutionSuccess<R>;
}

/**
 * The context an `onFailure` observer receives (POST_FAILURE): the call failed, so `result` is an
 * {@link ExecutionFailure} (`ctx.result.exception` without an `ok` check). It stays one after an observer's
 * `recover(value)`: what the caller then gets is not the call's outcome.
 */
export interface FailedContext<A extends readonly unknown[] = readonly unknown[], R = unknown> extends SettledContext<A, R> {
  /** The failure: what was thrown (or the rejection) and the time it took. */
  readonly result: ExecutionFailure;
}

/** A plain function observer. */
export type ObserverFunction<C extends ExecutionContext = ExecutionContext> = (context: C) => UpdateResult;

/** What `observe()` accepts as an observer. */
export type ObserverLike<C extends ExecutionContext = ExecutionContext> = Observer<C> | ObserverFunction<C>;

/** A function type as observed: any callable. */
export type AnyFunction = (...args: never[]) => unknown;

/**
 * What a call of a function returning `R` settles with, as `result.value` and `returnEarly` see it: the
 * awaited value; for a generator function (sync or async), the generator's return value, or `undefined`
 * when a consumer stopped it early with `return()` (docs/EMIT.md, generators).
 */
export type SettledValue<R> =
  R extends Generator<unknown, infer T, never> ? T | undefined : R extends AsyncGenerator<unknown, infer T, never> ? T | undefined : Awaited<R>;

/** The context type of a given function type. */
export type ContextOf<F extends AnyFunction> = ExecutionContext<Parameters<F>, SettledValue<ReturnType<F>>>;

/** A class as observed: `observe(Cart, …)` observes its tagged constructor. */
export type AnyConstructor = abstract new (...args: never[]) => unknown;

/** The context type of a class's constructor: its parameters; the call's own result is `undefined`. */
export type ConstructorContextOf<C extends AnyConstructor> = ExecutionContext<ConstructorParameters<C>, undefined>;

/** The part of `AsyncLocalStorage` the runtime uses to carry the current call into callbacks and timers. */
export interface ContextStore {
  getStore(): unknown;
  enterWith(store: unknown): void;
}

/** An injectable clock: monotonic milliseconds and the wall-clock time at which `now()` was 0. */
export interface Clock {
  /**
   * Monotonic time in milliseconds since an arbitrary start (for `systemClock`, `performance.now()`):
   * the difference of two readings is a duration; `origin + now()` is wall-clock epoch milliseconds.
   */
  now(): number;
  /** Epoch milliseconds corresponding to `now() === 0`. */
  readonly origin: number;
}
