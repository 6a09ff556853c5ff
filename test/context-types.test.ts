/**
 * Type-level tests of `observe()` (runtime/observe.ts: one signature, typed by `TargetContext`) and
 * `ExecutionContext<A, R>`: `npm run typecheck` compiles this file (test/tsconfig.json), so every
 * `expectTypeOf` and `// @ts-expect-error` here is checked by tsc; vitest runs it too, so each observer also
 * sees the values its types promise. The `expectTypeOf(...).toEqualTypeOf<T>()` checks fail to compile when a
 * type is `any` or `unknown`.
 * Lines under `// @ts-expect-error` sit in functions that are never called: they only have to NOT compile.
 * The observed functions are test/hand/*.ts, rewritten by the real Vite plugin (vitest.config.ts).
 */
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  BaseObserver,
  configureRuntime,
  ExecutionState,
  observe,
  observer,
  onCall,
  onCompletion,
  onFailure,
  onSuccess,
  shutdown,
  type ConstructorContextOf,
  type ContextOf,
  type ExecutionContext,
  type ExecutionFailure,
  type ExecutionOutcome,
  type ExecutionSuccess,
  type Observer,
  type ObserverFailure,
  type SettledContext,
  type SucceededContext,
  type Subscription,
} from "../runtime/index.js";
import { createTestContext } from "../runtime/testing.js";
import * as hand from "./hand/emitted.js";
import * as fixtures from "./hand/observers-fixtures.js";

type User = { id: number; name: string };

afterEach(async () => {
  await shutdown();
});

describe("observe(fn, observer): the context is typed from the function", () => {
  it("sync function: args is the parameter tuple, result the return type", () => {
    const seen: unknown[] = [];
    using _sub = observe(hand.add, (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<ExecutionContext<[a: number, b: number], number>>();
      expectTypeOf(ctx.args).toEqualTypeOf<readonly [a: number, b: number]>();
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<number> | undefined>();
      if (ctx.result?.ok === true) {
        expectTypeOf(ctx.result.value).toEqualTypeOf<number>();
        seen.push(ctx.args[0] + ctx.args[1] === ctx.result.value);
      }
    });
    hand.add(2, 3);
    expect(seen).toEqual([true, true]); // POST_SUCCESS and COMPLETED
  });

  it("async function and a plain function returning a promise: result is the awaited value", async () => {
    const values: unknown[] = [];
    using _user = observe(hand.fetchUser, (ctx) => {
      expectTypeOf(ctx.args).toEqualTypeOf<readonly [id: number]>();
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<User> | undefined>();
      if (ctx.state === ExecutionState.COMPLETED && ctx.result?.ok === true) values.push(ctx.result.value.name);
    });
    using _double = observe(fixtures.deferredDouble, (ctx) => {
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<number> | undefined>();
      if (ctx.state === ExecutionState.COMPLETED && ctx.result?.ok === true) values.push(ctx.result.value.toFixed(1));
    });
    await hand.fetchUser(4);
    await fixtures.deferredDouble(2);
    expect(values).toEqual(["user4", "4.0"]);
  });

  it("rest parameters, a method (through its prototype) and an observer factory infer their context too", () => {
    const seen: unknown[] = [];
    using _spread = observe(hand.spread, (ctx) => {
      expectTypeOf(ctx.args).toEqualTypeOf<readonly [first: string, ...rest: string[]]>();
      if (ctx.state === ExecutionState.PRE_EXECUTION) seen.push([...ctx.args]);
    });
    using _method = observe(hand.Counter.prototype.increment, (ctx) => {
      expectTypeOf(ctx.args).toEqualTypeOf<readonly []>();
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<number> | undefined>();
    });
    using _factory = observe(
      hand.add,
      onCompletion((ctx) => {
        expectTypeOf(ctx.args).toEqualTypeOf<readonly [a: number, b: number]>();
        seen.push(ctx.args[0]);
      }),
    );
    hand.spread("a", "b", "c");
    hand.add(9, 1);
    expect(seen).toEqual([["a", "b", "c"], 9]);
  });

  it("ContextOf<F> is the context observe(F, …) gives", () => {
    expectTypeOf<ContextOf<typeof hand.login>>().toEqualTypeOf<ExecutionContext<[user: string, password: string], string>>();
    expectTypeOf<ContextOf<typeof hand.later>>().toEqualTypeOf<ExecutionContext<[value: number], number>>();
    // A generator function's call settles with the generator's return value (undefined if stopped early).
    expectTypeOf<ContextOf<typeof hand.count>>().toEqualTypeOf<ExecutionContext<[n: number], string | undefined>>();
    expectTypeOf<ContextOf<(n: number) => AsyncGenerator<number, boolean>>>().toEqualTypeOf<ExecutionContext<[n: number], boolean | undefined>>();
  });

  it("a generator's result.value is its return value at run time, as typed", () => {
    const values: (string | undefined)[] = [];
    using _count = observe(hand.count, onCompletion((ctx) => {
      expectTypeOf(ctx.result!).toMatchTypeOf<{ ok: true; value: string | undefined } | { ok: false }>();
      if (ctx.result?.ok === true) values.push(ctx.result.value);
    }));
    const finished = [...hand.count(2)];
    const stopped = hand.count(5);
    stopped.next();
    stopped.return("ignored");
    expect(finished.length).toBe(2);
    expect(values).toEqual(["done", undefined]);
  });
});

describe("control calls take the function's result type", () => {
  it("returnEarly and recover accept a value of the result type; the caller gets it", async () => {
    using _add = observe(hand.add, (ctx) => {
      if (ctx.state === ExecutionState.PRE_EXECUTION) ctx.returnEarly(-1);
    });
    using _user = observe(hand.fetchUser, (ctx) => {
      if (ctx.state === ExecutionState.POST_FAILURE) ctx.recover({ id: 0, name: "guest" });
    });
    expect(hand.add(1, 1)).toBe(-1);
    expect(await hand.fetchUser(-5)).toEqual({ id: 0, name: "guest" });
  });

  it("a value of another type does not compile", () => {
    const typeOnly = (): Subscription[] => [
      observe(hand.add, (ctx) => {
        // @ts-expect-error add returns a number, not a string
        ctx.returnEarly("-1");
        // @ts-expect-error nor undefined
        ctx.returnEarly(undefined);
        // @ts-expect-error recover takes the result type too
        ctx.recover("0");
      }),
      observe(hand.fetchUser, (ctx) => {
        // @ts-expect-error fetchUser's result is a User: no name
        ctx.returnEarly({ id: 1 });
        // @ts-expect-error the awaited type, not the number of its id
        ctx.recover(1);
      }),
      // @ts-expect-error an observer written for another function's context
      observe(hand.add, (ctx: ContextOf<typeof hand.login>) => void ctx.args[1].toUpperCase()),
      // @ts-expect-error a number is not a target
      observe(42, () => {}),
    ];
    expectTypeOf(typeOnly).returns.toEqualTypeOf<Subscription[]>();
  });
});

describe("observe(Class, observer): the constructor's parameters", () => {
  class Account {
    constructor(
      readonly owner: string,
      readonly balance = 0,
    ) {}
  }

  it("ctx.args is the constructor's parameter tuple and the result undefined; returnEarly takes only undefined", () => {
    expectTypeOf<ConstructorContextOf<typeof Account>>().toEqualTypeOf<ExecutionContext<[owner: string, balance?: number], undefined>>();
    // Account is not built through the transformer: observe() compiles (a class target: the constructor's context) and refuses at run time.
    expect(() =>
      observe(Account, (ctx) => {
        expectTypeOf(ctx.args).toEqualTypeOf<readonly [owner: string, balance?: number]>();
        expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<undefined> | undefined>();
        ctx.returnEarly(undefined);
        // @ts-expect-error a constructor call's own result is undefined
        ctx.returnEarly(new Account("x"));
      }),
    ).toThrow('observe() was given function "Account", which is not an observed function object');
  });

  // NestJS trial: `observe(OrdersService, onCompletion((ctx) => …))` was TS2769 (no overload matches): with an
  // overload per kind of target, the factory's call was resolved against the function overload's context.
  it("the callback factories over a class: onCall and onCompletion get the constructor's context", () => {
    const refused = 'observe() was given function "Account", which is not an observed function object';
    expect(() =>
      observe(
        Account,
        onCompletion((ctx) => {
          expectTypeOf(ctx.args).toEqualTypeOf<readonly [owner: string, balance?: number]>();
          expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<undefined>>();
        }),
      ),
    ).toThrow(refused);
    expect(() => observe(Account, onCall((ctx) => expectTypeOf(ctx.args[0]).toEqualTypeOf<string>()))).toThrow(refused);
    expect(() => observe(Account, onFailure((ctx) => expectTypeOf(ctx.thisArg).toEqualTypeOf<unknown>()))).toThrow(refused);
  });
});

describe("observe(name | group | glob | RegExp, observer): any observed function", () => {
  class Lines extends BaseObserver {
    readonly lines: string[] = [];
    update(ctx: ExecutionContext): void {
      this.lines.push(`${ctx.state} ${ctx.functionSignature.name}`);
    }
  }

  it("a group string, a glob and a RegExp compile with the untyped context, and route", () => {
    const seen: string[] = [];
    using _group = observe("math", (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<ExecutionContext>();
      expectTypeOf(ctx.args).toEqualTypeOf<readonly unknown[]>();
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<unknown> | undefined>();
      if (ctx.state === ExecutionState.PRE_EXECUTION) seen.push(`group ${ctx.functionSignature.name}`);
    });
    using _regexp = observe(/^divide$/, (ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<ExecutionContext>();
      if (ctx.state === ExecutionState.PRE_EXECUTION) seen.push(`regexp ${ctx.functionSignature.name}`);
    });
    const lines = new Lines({ states: [ExecutionState.COMPLETED] });
    // A class observer over the untyped context fits a typed target too.
    using _glob = observe("Counter.*", lines);
    using _typed = observe(hand.add, lines);
    hand.add(1, 2);
    hand.divide(4, 2);
    new hand.Counter().increment();
    expect(seen).toEqual(["group add", "regexp divide"]);
    expect(lines.lines).toEqual(["COMPLETED add", "COMPLETED increment"]);
  });
});

describe("observer callbacks return anything; a thenable is awaited apart from the call", () => {
  it("expression-bodied arrows that return a value compile for the factories, plain functions, observer() and BaseObserver", () => {
    const seen: unknown[] = [];
    class Pusher extends BaseObserver {
      update(ctx: ExecutionContext): number {
        return seen.push(`class ${ctx.state}`);
      }
    }
    using _call = observe(hand.add, onCall((ctx) => seen.push(`onCall ${ctx.args[0]}`)));
    using _success = observe(hand.add, onSuccess((ctx) => seen.push(`onSuccess ${ctx.result.ok}`)));
    using _completion = observe(hand.add, onCompletion((c) => seen.push(`onCompletion ${c.callId > 0}`)));
    using _plain = observe(hand.add, (ctx) => ctx.state === ExecutionState.COMPLETED && seen.push("plain"));
    using _factory = observe(hand.add, observer((ctx) => seen.push(`observer ${ctx.state}`), { states: [ExecutionState.PRE_EXECUTION] }));
    using _class = observe(hand.add, new Pusher({ states: [ExecutionState.POST_SUCCESS] }));
    using _failure = observe(hand.divide, onFailure((ctx) => seen.push(`onFailure ${ctx.result.ok}`)));
    const failures: ObserverFailure[] = [];
    const restore = configureRuntime({ onObserverError: (failure) => void failures.push(failure) });
    try {
      hand.add(7, 1);
      expect(() => hand.divide(1, 0)).toThrow();
    } finally {
      restore();
    }
    expect(seen).toEqual(["onCall 7", "observer PRE_EXECUTION", "onSuccess true", "class POST_SUCCESS", "onCompletion true", "plain", "onFailure false"]);
    expect(failures).toEqual([]);
  });

  it("a returned thenable (a promise, or any object or function with a callable then) is awaited: its rejection is an observer failure", async () => {
    const failures: ObserverFailure[] = [];
    const restore = configureRuntime({ onObserverError: (failure) => void failures.push(failure) });
    try {
      const thenable = { then: (_resolve: unknown, reject: (error: unknown) => void) => reject(new Error("thenable")) };
      const callable = Object.assign(() => 1, { then: (_resolve: unknown, reject: (error: unknown) => void) => reject(new Error("callable")) });
      using _promise = observe(hand.add, onCompletion(() => Promise.reject(new Error("promise")), { name: "promise" }));
      using _thenable = observe(hand.add, onCompletion(() => thenable, { name: "thenable" }));
      using _callable = observe(hand.add, onCompletion(() => callable, { name: "callable" }));
      // Not thenables: ignored, however they look.
      using _values = observe(hand.add, onCompletion(() => ({ then: 42 }), { name: "then is no function" }));
      using _string = observe(hand.add, onCompletion(() => "then", { name: "string" }));
      expect(hand.add(1, 2)).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      restore();
    }
    expect(failures.map((f) => [f.observer, (f.error as Error).message]).sort()).toEqual([
      ["callable", "callable"],
      ["promise", "promise"],
      ["thenable", "thenable"],
    ]);
  });
});

describe("onSuccess, onFailure and onCompletion: the call has settled, ctx.result is set", () => {
  it("typed from the observed function: SettledContext<A, R>, result an ExecutionOutcome<R>", async () => {
    const seen: unknown[] = [];
    using _add = observe(
      hand.add,
      onCompletion((ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<SettledContext<[a: number, b: number], number>>();
        expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome<number>>();
        seen.push(ctx.result.ok ? ctx.result.value : ctx.result.exception);
      }),
    );
    using _user = observe(
      hand.fetchUser,
      onSuccess((ctx) => {
        expectTypeOf(ctx.args).toEqualTypeOf<readonly [id: number]>();
        // POST_SUCCESS: the outcome is a success, its value typed, no `ok` check needed.
        expectTypeOf(ctx).toEqualTypeOf<SucceededContext<[id: number], { id: number; name: string }>>();
        expectTypeOf(ctx.result).toEqualTypeOf<ExecutionSuccess<{ id: number; name: string }>>();
        seen.push(ctx.result.value.name);
      }),
      onFailure((ctx) => {
        // POST_FAILURE: the outcome is a failure (it stays one after a recover).
        expectTypeOf(ctx.result).toEqualTypeOf<ExecutionFailure>();
        seen.push((ctx.result.exception as Error).message.length > 0);
        // recover still takes the function's result type.
        ctx.recover({ id: 0, name: "guest" });
      }),
    );
    hand.add(2, 3);
    await hand.fetchUser(1);
    expect(await hand.fetchUser(-1)).toEqual({ id: 0, name: "guest" });
    expect(seen).toEqual([5, "user1", true]);
  });

  it("untyped targets get SettledContext; a callback annotated with a context type fixes the observer's type", () => {
    const untyped = onCompletion((ctx) => {
      expectTypeOf(ctx).toEqualTypeOf<SettledContext>();
      expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome>();
    });
    expectTypeOf(untyped).toEqualTypeOf<Observer<ExecutionContext>>();
    const annotated = onSuccess((ctx: ContextOf<typeof hand.add>) => ctx.args[0]);
    expectTypeOf(annotated).toEqualTypeOf<Observer<ContextOf<typeof hand.add>>>();
    const plain = onFailure((ctx: ExecutionContext) => ctx.state);
    expectTypeOf(plain).toEqualTypeOf<Observer<ExecutionContext>>();
    // onCall runs before the body: its context's result stays possibly undefined.
    onCall((ctx) => expectTypeOf(ctx.result).toEqualTypeOf<ExecutionOutcome | undefined>());
    const typeOnly = (): Subscription[] => [
      // @ts-expect-error an observer typed for add does not fit login
      observe(hand.login, annotated),
      observe(hand.add, annotated),
      observe("*", untyped, plain),
    ];
    expectTypeOf(typeOnly).returns.toEqualTypeOf<Subscription[]>();
  });
});

/**
 * Trial 10: `createTestContext()` returned an untyped `TestContext`, which a typed observer's `update` (one
 * made by `onSuccess<A, R>` or for `observe(fn, …)`) refused (TS2345): unit-testing it, as the README's
 * "Testing observers" does, needed a cast. It now takes the types, or infers them from where it is passed.
 */
describe("createTestContext for typed observers", () => {
  it("is inferred from a typed observer's update, or given explicitly", async () => {
    const seen: string[] = [];
    const typed = onSuccess<[id: number], User>((ctx) => void seen.push(`${ctx.args[0]}:${ctx.result.value.name}`));
    await typed.update(createTestContext({ name: "fetchUser", params: ["id"], args: [7], state: ExecutionState.POST_SUCCESS, value: { id: 7, name: "ada" } }));
    const explicit = createTestContext<Parameters<typeof hand.fetchUser>, Awaited<ReturnType<typeof hand.fetchUser>>>({ args: [8], value: { id: 8, name: "bob" } });
    expectTypeOf(explicit.args).toEqualTypeOf<Readonly<[id: number]>>();
    expectTypeOf(explicit).toMatchTypeOf<ExecutionContext<[id: number], User>>();
    await typed.update(explicit);
    // Made first and kept in a variable: `args` inferred as a tuple, so the typed observer still takes it.
    const kept = createTestContext({ name: "fetchUser", params: ["id"], args: [9], state: ExecutionState.POST_SUCCESS, value: { id: 9, name: "eve" } });
    expectTypeOf(kept.args).toEqualTypeOf<Readonly<[number]>>();
    await typed.update(kept);
    const forFunction = onCompletion<Parameters<typeof hand.add>, ReturnType<typeof hand.add>>((ctx) => void seen.push(`add ${ctx.args[0] + ctx.args[1]}`));
    await forFunction.update(createTestContext({ name: "add", args: [1, 2], value: 3 }));
    expect(seen).toEqual(["7:ada", "8:bob", "9:eve", "add 3"]);
  });

  function refused(): void {
    const typed = onSuccess<[id: number], User>(() => {});
    // @ts-expect-error: a string where the function takes a number.
    typed.update(createTestContext({ args: ["7"], value: { id: 7, name: "ada" } }));
    // @ts-expect-error: the value is no User.
    createTestContext<[id: number], User>({ args: [7], value: 42 });
  }
  void refused;
});
