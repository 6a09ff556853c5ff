/**
 * `ts-observed/testing`: unit-test observers without the transformer. `createTestContext` builds a real
 * context (the same class generated code uses) in the state you ask for; `FakeClock` makes time exact.
 */
import type { ControlRequest } from "./context.js";
import { registry } from "./registry.js";
import { ownBits } from "./interest.js";
import { Site } from "./site.js";
import { ExecutionState, TIMING } from "./states.js";
import type { Clock, ExecutionContext, FunctionKind, SiteMeta } from "./types.js";

export type { ControlRequest } from "./context.js";

/** A clock that moves only when told to. */
export class FakeClock implements Clock {
  #now: number;

  /**
   * Creates a clock that reads `start` until it is moved.
   *
   * @param start Initial `now()` in milliseconds. Default 0.
   * @param origin Epoch milliseconds at `now() === 0`. Default 0.
   */
  constructor(
    start = 0,
    readonly origin = 0,
  ) {
    this.#now = start;
  }

  /** The fake time in milliseconds: `start`, moved by every {@link FakeClock.advance} and {@link FakeClock.set}. */
  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** Sets `now()` to `ms`. */
  set(ms: number): void {
    this.#now = ms;
  }
}

/**
 * What a test context should look like; everything is optional. `A` (the argument tuple) and `R` (the
 * result) type `args`, `value` and `recoveredWith`, and the context made from them: see {@link createTestContext}.
 */
export interface TestContextOptions<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /**
   * The state the context is in (`ctx.state`). Default COMPLETED. For any state but PRE_EXECUTION the call
   * has settled (with `value`, or failed with `exception`); for COMPLETED and ERROR it has also completed.
   */
  state?: ExecutionState;
  /** `functionSignature.name`. Default `"testFunction"`. */
  name?: string;
  /** `functionSignature.qualifiedName`. Default: `name`, else `"testFunction"`. */
  qualifiedName?: string;
  /** `functionSignature.file`. Default `"test.ts"`. */
  file?: string;
  /** `functionSignature.kind`. Default `"function"`. */
  kind?: FunctionKind;
  /** `functionSignature.async`. Default false. */
  async?: boolean;
  /** `functionSignature.generator`. Default false. */
  generator?: boolean;
  /** Parameter names; default `arg0…` for the given `args`. */
  params?: readonly string[];
  /** Argument values by position (`ctx.args`; by name in `ctx.arguments`, named by `params`). Default none. */
  args?: A;
  /** `ctx.thisArg`. Default undefined. */
  thisArg?: unknown;
  /** `functionSignature.groups`: the `@observed` group names. Default none. */
  groups?: readonly string[];
  /** Parameter names treated as `@redact`ed: their values read `REDACTED` (`"[REDACTED]"`) in `args` and `arguments`. Default none. */
  redact?: readonly string[];
  /** For POST_SUCCESS / COMPLETED: the returned value. */
  value?: R;
  /** For POST_FAILURE / COMPLETED: the thrown value (makes the call a failure). */
  exception?: unknown;
  /** For a failure: an observer recovered with this value (`recovered` is then true). */
  recoveredWith?: R;
  /** Milliseconds the call took (default 0). */
  executionTime?: number;
  /** Captured locals. */
  localVariables?: Readonly<Record<string, unknown>>;
}

/** A context for tests, with what observers asked for. */
export interface TestContext<A extends readonly unknown[] = readonly unknown[], R = unknown> extends ExecutionContext<A, R> {
  /** The `returnEarly` / `reject` / `recover` an observer requested, if any. */
  requestedControl(): ControlRequest | undefined;
}

/**
 * Builds a real execution context in the given state, for calling `observer.update(ctx)` directly. Typed
 * like the contexts of the function it stands for when given its types — `createTestContext<[id: number],
 * User>({ … })`, or `createTestContext<Parameters<typeof f>, Awaited<ReturnType<typeof f>>>` — or when
 * passed straight to a typed observer's `update`, which infers them: an observer made by
 * `onSuccess<[id: number], User>(…)` or for `observe(f, …)` takes it without a cast. (`| []` in the
 * constraint makes `args: [7]` infer as the tuple `[number]`, not `number[]`: a context kept in a variable
 * first is still one a typed observer takes.)
 */
export function createTestContext<A extends readonly unknown[] | [] = readonly unknown[], R = unknown>(options: TestContextOptions<A, R> = {}): TestContext<A, R> {
  const args = options.args ?? [];
  const captured = options.localVariables ?? {};
  const meta: SiteMeta = {
    name: options.name ?? "testFunction",
    qualifiedName: options.qualifiedName ?? options.name ?? "testFunction",
    file: options.file ?? "test.ts",
    line: 1,
    column: 1,
    kind: options.kind ?? "function",
    async: options.async ?? false,
    generator: options.generator ?? false,
    params: options.params ?? args.map((_, index) => `arg${index}`),
    rest: false,
    groups: options.groups ?? [],
    redact: options.redact ?? [],
    capture: Object.keys(captured),
    awaits: false,
  };
  // A site of its own, never registered: no subscription reaches it, so nothing is dispatched, and
  // the TIMING bit makes the context read the (fake) clock; its own bits (REDACT) apply as in a real call.
  const site = new Site(meta);
  site.on = TIMING | ownBits(site);
  const clock = new FakeClock();
  const restore = registry.clock;
  const current = registry.current;
  registry.clock = clock;
  try {
    const values = [...args];
    const context = site.enterN(options.thisArg, values);
    const state = options.state ?? ExecutionState.COMPLETED;
    if (state !== ExecutionState.PRE_EXECUTION) {
      const names = meta.capture;
      context.capture((index) => captured[names[index]!]);
      clock.advance(options.executionTime ?? 0);
      if (options.exception !== undefined || state === ExecutionState.POST_FAILURE) {
        if ("recoveredWith" in options) {
          context.state = ExecutionState.POST_FAILURE;
          context.recover(options.recoveredWith);
        }
        try {
          context.fail(options.exception);
        } catch {
          // fail() rethrows, as it does for generated code.
        }
      } else context.ok(options.value);
      if (state === ExecutionState.COMPLETED || state === ExecutionState.ERROR) context.done();
    }
    context.state = state;
    // The context holds what `options` gave, typed by A and R there: the generated code's contexts are typed the same way (ContextOf).
    return context as unknown as TestContext<A, R>;
  } finally {
    registry.clock = restore;
    registry.current = current;
  }
}
