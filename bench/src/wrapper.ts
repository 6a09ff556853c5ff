// The alternative the design is measured against: the decorator style of the original library, as a
// closure wrapper `wrap(fn, observers)` with the same semantics as ts-observed (priority order, per-state
// interest, timing only when wanted, isolation of throwing observers, async settlement), written as well as
// a wrapper can be: lists are sorted once at wrap time (the original sorted per call), a wrapper with no
// interested observer calls straight through (the original always built a context), and the context is
// one object per call with lazy named arguments.
//
// `observedMethod` is the same wrapper as a TC39 standard method decorator (TypeScript 5,
// experimentalDecorators: false); its observers are those set with `setDecoratorObservers` before the
// decorated class is evaluated.

export interface WrapObserver {
  update(context: WrapContext): void | PromiseLike<void>;
  readonly priority?: number;
  /** State names, as ts-observed's ExecutionState values; default: all. */
  readonly states?: Iterable<string> | undefined;
  readonly timing?: boolean;
}

const STATES = ["PRE_EXECUTION", "POST_SUCCESS", "POST_FAILURE", "COMPLETED"] as const;
let nextCallId = 1;

export class WrapContext {
  state = "PRE_EXECUTION";
  result: { ok: boolean; value?: unknown; exception?: unknown; executionTime: number } | undefined = undefined;
  readonly callId = nextCallId++;
  readonly start: number;
  #arguments: Record<string, unknown> | undefined = undefined;
  #metadata: Record<string, unknown> | undefined = undefined;

  constructor(
    readonly name: string,
    readonly params: readonly string[],
    readonly thisArg: unknown,
    readonly args: readonly unknown[],
    timing: boolean,
  ) {
    this.start = timing ? performance.now() : NaN;
  }

  get arguments(): Record<string, unknown> {
    if (this.#arguments === undefined) {
      const record: Record<string, unknown> = {};
      for (let i = 0; i < this.params.length; i++) record[this.params[i]!] = this.args[i];
      this.#arguments = record;
    }
    return this.#arguments;
  }

  get metadata(): Record<string, unknown> {
    return (this.#metadata ??= {});
  }

  get isSuccessful(): boolean {
    return this.result !== undefined && this.result.ok;
  }

  settle(ok: boolean, valueOrError: unknown): void {
    const executionTime = Number.isNaN(this.start) ? NaN : performance.now() - this.start;
    this.result = ok ? { ok, value: valueOrError, executionTime } : { ok, exception: valueOrError, executionTime };
  }
}

function report(error: unknown): void {
  console.warn("[wrap] observer failed:", error);
}

function dispatch(list: readonly WrapObserver[], context: WrapContext, state: string): void {
  for (let i = 0; i < list.length; i++) {
    context.state = state;
    try {
      const returned = list[i]!.update(context);
      if (returned != null && typeof returned.then === "function") Promise.resolve(returned).then(undefined, report);
    } catch (error) {
      report(error);
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as PromiseLike<unknown>).then === "function";
}

/** Wraps `fn` so that `observers` see its calls. */
export function wrap<F extends (...args: never[]) => unknown>(fn: F, observers: readonly WrapObserver[], name = fn.name, params: readonly string[] = ["item", "n"]): F {
  const sorted = [...observers].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
  const lists = STATES.map((state) => sorted.filter((o) => o.states === undefined || [...o.states].includes(state)));
  const [pre, success, failure, completed] = lists as [WrapObserver[], WrapObserver[], WrapObserver[], WrapObserver[]];
  const timing = sorted.some((o) => o.timing ?? true);
  const apply = fn as unknown as (this: unknown, ...args: unknown[]) => unknown;
  if (sorted.length === 0) {
    return function (this: unknown, ...args: unknown[]): unknown {
      return apply.apply(this, args);
    } as unknown as F;
  }
  return function (this: unknown, ...args: unknown[]): unknown {
    const context = new WrapContext(name, params, this, args, timing);
    if (pre.length !== 0) dispatch(pre, context, "PRE_EXECUTION");
    let value: unknown;
    try {
      value = apply.apply(this, args);
    } catch (error) {
      context.settle(false, error);
      if (failure.length !== 0) dispatch(failure, context, "POST_FAILURE");
      if (completed.length !== 0) dispatch(completed, context, "COMPLETED");
      throw error;
    }
    if (isThenable(value)) {
      return Promise.resolve(value).then(
        (settled) => {
          context.settle(true, settled);
          if (success.length !== 0) dispatch(success, context, "POST_SUCCESS");
          if (completed.length !== 0) dispatch(completed, context, "COMPLETED");
          return settled;
        },
        (error: unknown) => {
          context.settle(false, error);
          if (failure.length !== 0) dispatch(failure, context, "POST_FAILURE");
          if (completed.length !== 0) dispatch(completed, context, "COMPLETED");
          throw error;
        },
      );
    }
    context.settle(true, value);
    if (success.length !== 0) dispatch(success, context, "POST_SUCCESS");
    if (completed.length !== 0) dispatch(completed, context, "COMPLETED");
    return value;
  } as unknown as F;
}

let decoratorObservers: readonly WrapObserver[] = [];
let decoratorFilter: (name: string) => boolean = () => true;

/** Sets the observers (and which method names get them) of classes decorated from now on. */
export function setDecoratorObservers(observers: readonly WrapObserver[], filter: (name: string) => boolean = () => true): void {
  decoratorObservers = observers;
  decoratorFilter = filter;
}

/** TC39 method decorator: replaces the method with its observed wrapper. */
export function observedMethod<T, A extends unknown[], R>(method: (this: T, ...args: A) => R, context: ClassMethodDecoratorContext<T, (this: T, ...args: A) => R>): (this: T, ...args: A) => R {
  const name = String(context.name);
  return wrap(method as never, decoratorFilter(name) ? decoratorObservers : [], name) as unknown as (this: T, ...args: A) => R;
}
