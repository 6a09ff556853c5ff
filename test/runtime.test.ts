import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BaseObserver,
  configureRuntime,
  type ExecutionContext,
  ExecutionState,
  observe,
  ObservedError,
  observer,
  ObserverValidationError,
  onCall,
  onCompletion,
  onFailure,
  onSuccess,
  REDACTED,
  setClock,
  shutdown,
  type ObserverFailure,
} from "../runtime/index.js";
import { FakeClock, createTestContext } from "../runtime/testing.js";
import { registry } from "../runtime/registry.js";
import { site } from "../runtime/emit-api.js";
import * as hand from "./hand/emitted.js";

const { PRE_EXECUTION, POST_SUCCESS, POST_FAILURE, COMPLETED, ERROR } = ExecutionState;

/** Records `[state, qualifiedName]` of every dispatch it sees. */
function recorder(options: { states?: ExecutionState[]; priority?: number; name?: string } = {}) {
  const events: string[] = [];
  const contexts: ExecutionContext[] = [];
  const obs = observer(
    (ctx) => {
      events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}`);
      contexts.push(ctx);
    },
    { ...options, name: options.name ?? "recorder" },
  );
  return { events, contexts, obs };
}

let failures: ObserverFailure[] = [];
beforeEach(() => {
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
});

describe("no observer", () => {
  it("runs as the plain function and creates no context", () => {
    const before = registry.nextCallId;
    expect(hand.add(2, 3)).toBe(5);
    expect(() => hand.divide(1, 0)).toThrow("division by zero");
    expect(registry.nextCallId).toBe(before);
  });

  it("an observer of ERROR alone does not switch sites on", () => {
    using _sub = observe("*", observer(() => {}, { states: [ERROR] }));
    const before = registry.nextCallId;
    hand.add(1, 1);
    expect(registry.nextCallId).toBe(before);
  });
});

describe("state sequence", () => {
  it("PRE → POST_SUCCESS → COMPLETED on return", () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe(hand.add, obs);
    expect(hand.add(2, 3)).toBe(5);
    expect(events).toEqual(["PRE_EXECUTION:add", "POST_SUCCESS:add", "COMPLETED:add"]);
    const ctx = contexts[0]!;
    expect(ctx.arguments).toEqual({ a: 2, b: 3 });
    expect(ctx.args).toEqual([2, 3]);
    expect(ctx.result).toMatchObject({ ok: true, value: 5 });
    expect(ctx.isSuccessful).toBe(true);
    expect(ctx.isFailed).toBe(false);
  });

  it("PRE → POST_FAILURE → COMPLETED on throw, and the caller gets the same error", () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe("divide", obs);
    let thrown: unknown;
    try {
      hand.divide(1, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect(events).toEqual(["PRE_EXECUTION:divide", "POST_FAILURE:divide", "COMPLETED:divide"]);
    expect(contexts[0]!.result).toMatchObject({ ok: false, exception: thrown });
    expect(contexts[0]!.isFailed).toBe(true);
  });

  it("dispatches only the states an observer asked for", () => {
    const { events, obs } = recorder({ states: [COMPLETED] });
    using _sub = observe(hand.add, obs);
    hand.add(1, 2);
    expect(events).toEqual(["COMPLETED:add"]);
  });

  it("a method is observed with its this", () => {
    const { contexts, obs } = recorder();
    using _sub = observe(hand.Counter.prototype.increment, obs);
    const counter = new hand.Counter();
    expect(counter.increment()).toBe(1);
    expect(contexts[0]!.thisArg).toBe(counter);
    expect(contexts[0]!.functionSignature.qualifiedName).toBe("Counter.increment");
  });
});

describe("timing", () => {
  it("measures executionTime in milliseconds with the injected clock, and async up to settlement", async () => {
    const clock = new FakeClock(1000, 1_700_000_000_000);
    const restore = setClock(clock);
    try {
      const { contexts, obs } = recorder({ states: [POST_SUCCESS] });
      using _sub = observe("fetchUser", obs);
      const pending = hand.fetchUser(7);
      clock.advance(42);
      await expect(pending).resolves.toEqual({ id: 7, name: "user7" });
      expect(contexts[0]!.result?.executionTime).toBe(42);
      expect(contexts[0]!.timestamp).toBe(1_700_000_000_000 + 1000);
    } finally {
      restore();
    }
  });

  it("reads no clock when no observer wants timing", () => {
    const clock = new FakeClock();
    const now = vi.spyOn(clock, "now");
    const restore = setClock(clock);
    try {
      using _sub = observe(hand.add, observer(() => {}, { states: [COMPLETED], timing: false }));
      hand.add(1, 2);
      expect(now).not.toHaveBeenCalled();
    } finally {
      restore();
    }
  });
});

describe("async and thenables", () => {
  it("fires POST_SUCCESS and COMPLETED at settlement, not at the first await", async () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe("fetchUser", obs);
    const pending = hand.fetchUser(1);
    expect(events).toEqual(["PRE_EXECUTION:fetchUser"]);
    await pending;
    expect(events).toEqual(["PRE_EXECUTION:fetchUser", "POST_SUCCESS:fetchUser", "COMPLETED:fetchUser"]);
    expect(contexts[0]!.result).toMatchObject({ ok: true, value: { id: 1, name: "user1" } });
  });

  it("a rejection inside an async function is POST_FAILURE", async () => {
    const { events, obs } = recorder();
    using _sub = observe("fetchUser", obs);
    await expect(hand.fetchUser(-1)).rejects.toThrow("no user -1");
    expect(events).toEqual(["PRE_EXECUTION:fetchUser", "POST_FAILURE:fetchUser", "COMPLETED:fetchUser"]);
  });

  it("a returned rejected promise in an async function is POST_FAILURE at settlement", async () => {
    const { events, obs } = recorder();
    using _sub = observe("failLater", obs);
    await expect(hand.failLater("boom")).rejects.toThrow("boom");
    expect(events).toEqual(["PRE_EXECUTION:failLater", "POST_FAILURE:failLater", "COMPLETED:failLater"]);
  });

  it("a plain function's returned Promise subclass is returned as the same object, observed at settlement", async () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe("later", obs);
    const promise = hand.later(4);
    expect(promise).toBeInstanceOf(hand.TaggedPromise);
    expect(promise.tag()).toBe("tagged");
    expect(events).toEqual(["PRE_EXECUTION:later"]);
    await expect(promise).resolves.toBe(40);
    await Promise.resolve();
    expect(events).toEqual(["PRE_EXECUTION:later", "POST_SUCCESS:later", "COMPLETED:later"]);
    expect(contexts[0]!.result).toMatchObject({ ok: true, value: 40 });
  });

  it("a plain function's rejected thenable is POST_FAILURE, the caller still gets the rejection", async () => {
    const { events, obs } = recorder();
    using _sub = observe("later", obs);
    await expect(hand.later(-1)).rejects.toThrow("negative");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual(["PRE_EXECUTION:later", "POST_FAILURE:later", "COMPLETED:later"]);
  });

  it("recover() on a plain function's promise is a clear observer error, the caller still sees the rejection", async () => {
    using _sub = observe("later", onFailure((ctx) => ctx.recover(0), { name: "recoverer" }));
    await expect(hand.later(-1)).rejects.toThrow("negative");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(failures).toHaveLength(1);
    expect(String((failures[0]!.error as Error).message)).toMatch(/cannot change the promise.*make the function async/);
  });
});

describe("generators", () => {
  it("PRE at the first next(), success with the return value at the end", () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe("count", obs);
    const iterator = hand.count(2);
    expect(events).toEqual([]);
    expect([...iterator]).toEqual([0, 1]);
    expect(events).toEqual(["PRE_EXECUTION:count", "POST_SUCCESS:count", "COMPLETED:count"]);
    expect(contexts[0]!.result).toMatchObject({ ok: true, value: "done" });
  });

  it("a consumer's early return() still ends in COMPLETED", () => {
    const { events, obs } = recorder();
    using _sub = observe("count", obs);
    for (const value of hand.count(10)) if (value === 1) break;
    expect(events).toEqual(["PRE_EXECUTION:count", "POST_SUCCESS:count", "COMPLETED:count"]);
  });
});

describe("priority", () => {
  it("highest priority first, ties in subscription order, across subscriptions", () => {
    const order: string[] = [];
    const make = (name: string, priority: number) => observer(() => void order.push(name), { name, priority, states: [PRE_EXECUTION] });
    using _a = observe(hand.add, make("low", 1), make("high-first", 10));
    using _b = observe("math", make("high-second", 10), make("mid", 5));
    hand.add(1, 1);
    expect(order).toEqual(["high-first", "high-second", "mid", "low"]);
  });
});

describe("nesting", () => {
  it("an observed call made inside another has it as parent", () => {
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("hand", obs);
    hand.outer(1);
    const outer = contexts.find((ctx) => ctx.functionSignature.name === "outer")!;
    const inner = contexts.find((ctx) => ctx.functionSignature.name === "add")!;
    expect(inner.parent).toBe(outer);
    expect(outer.parent).toBeUndefined();
    hand.add(1, 1);
    expect(contexts.at(-1)!.parent).toBeUndefined();
  });

  it("the caller is current again after a return and after a throw (ok and fail unnest: no finally)", () => {
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("hand", obs);
    hand.outer(1);
    expect(registry.current).toBeUndefined();
    expect(() => hand.divide(1, 0)).toThrow(RangeError);
    expect(registry.current).toBeUndefined();
    hand.add(1, 1);
    expect(contexts.at(-1)!.parent).toBeUndefined();
  });
});

describe("nesting interest", () => {
  it("nesting is tracked only while some observer reads parent (nesting: false costs no bookkeeping)", () => {
    const seen: (string | undefined)[] = [];
    const lean = observer((ctx) => void seen.push(ctx.parent?.functionSignature.name), { states: [PRE_EXECUTION], nesting: false });
    const sub = observe("hand", lean);
    hand.outer(1);
    expect(seen).toEqual([undefined, undefined]);
    expect(registry.nesting).toBe(false);
    using _nesting = observe("divide", observer(() => {}, { states: [COMPLETED] })); // nesting: true by default
    expect(registry.nesting).toBe(true);
    hand.outer(1);
    expect(seen.slice(2)).toEqual([undefined, "outer"]);
    sub.unsubscribe();
  });
});

describe("async nesting", () => {
  it("with instrumented awaits, calls before and after an await have the async call as parent; the caller does not", async () => {
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("*", obs);
    const pending = hand.pipeline(1);
    hand.add(10, 10); // runs in the caller after pipeline suspended: not a child
    await pending;
    const parentOf = (name: string) => contexts.filter((ctx) => ctx.functionSignature.name === name).map((ctx) => ctx.parent?.functionSignature.name);
    expect(parentOf("add")).toEqual(["pipeline", undefined, "pipeline"]);
    expect(parentOf("fetchUser")).toEqual(["pipeline"]);
    expect(registry.current).toBeUndefined();
  });

  it("an await that resumes while another call is current makes it current again afterwards (neither undefined nor the parent)", async () => {
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("*", obs);
    hand.add(1, 1);
    const other = contexts[0] as typeof registry.current;
    const pending = hand.pipeline(1);
    // As if `other` were running when fetchUser and then pipeline resume: each must put it back when it stops being current.
    registry.current = other;
    try {
      await pending;
      expect(registry.current).toBe(other);
      const parentOf = (name: string) => contexts.filter((ctx) => ctx.functionSignature.name === name).map((ctx) => ctx.parent?.functionSignature.name);
      expect(parentOf("add")).toEqual([undefined, "pipeline", "pipeline"]);
    } finally {
      registry.current = undefined;
    }
  });

  it("calls from timers find their parent only with the opt-in async context", async () => {
    const { enableAsyncContext } = await import("../runtime/async-context.js");
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("*", obs);
    await hand.viaTimer(2);
    expect(contexts.find((ctx) => ctx.functionSignature.name === "add")!.parent).toBeUndefined();
    const disable = enableAsyncContext();
    try {
      await hand.viaTimer(3);
      expect(contexts.filter((ctx) => ctx.functionSignature.name === "add")[1]!.parent?.functionSignature.name).toBe("viaTimer");
    } finally {
      disable();
    }
  });
});

describe("control from observers", () => {
  it("returnEarly in PRE skips the body and gives the caller the value (cache hit)", () => {
    const { events, contexts, obs } = recorder();
    using _sub = observe(hand.add, onCall((ctx) => ctx.returnEarly(99), { priority: 10 }), obs);
    expect(hand.add(1, 2)).toBe(99);
    expect(events).toEqual(["PRE_EXECUTION:add", "POST_SUCCESS:add", "COMPLETED:add"]);
    expect(contexts[0]!.returnedEarly).toBe(true);
    expect(contexts[0]!.result).toMatchObject({ ok: true, value: 99 });
  });

  it("returnEarly on an async function resolves the caller's promise", async () => {
    let bodyRan = false;
    using _a = observe("fetchUser", onSuccess(() => void (bodyRan = true)));
    using _b = observe("fetchUser", onCall((ctx) => ctx.returnEarly({ id: 0, name: "cached" })));
    await expect(hand.fetchUser(5)).resolves.toEqual({ id: 0, name: "cached" });
    expect(bodyRan).toBe(true); // POST_SUCCESS still fires, marked returnedEarly
  });

  it("reject in PRE makes the call throw that error, with POST_FAILURE and COMPLETED", () => {
    const limit = new Error("rate limited");
    const { events, obs } = recorder();
    using _sub = observe(hand.add, onCall((ctx) => ctx.reject(limit), { priority: 100 }), obs);
    expect(() => hand.add(1, 2)).toThrow(limit);
    expect(events).toEqual(["PRE_EXECUTION:add", "POST_FAILURE:add", "COMPLETED:add"]);
  });

  it("recover in POST_FAILURE gives the caller a value instead of the throw", () => {
    const { contexts, obs } = recorder({ states: [COMPLETED] });
    using _sub = observe("divide", onFailure((ctx) => ctx.recover(Infinity)), obs);
    expect(hand.divide(1, 0)).toBe(Infinity);
    expect(contexts[0]!.recovered).toBe(true);
  });

  it("recover works for an async function's rejection", async () => {
    using _sub = observe("fetchUser", onFailure((ctx) => ctx.recover({ id: -1, name: "anonymous" })));
    await expect(hand.fetchUser(-1)).resolves.toEqual({ id: -1, name: "anonymous" });
  });

  it("a second answer in PRE is a clear error; ctx.answered tells observers to stand back", () => {
    const limit = new Error("rate limited");
    const seen: boolean[] = [];
    using _sub = observe(
      hand.add,
      onCall((ctx) => ctx.reject(limit), { priority: 100, name: "limiter" }),
      onCall((ctx) => void seen.push(ctx.answered), { priority: 50 }),
      onCall((ctx) => ctx.returnEarly(1), { priority: 10, name: "cache" }),
    );
    expect(() => hand.add(1, 2)).toThrow(limit);
    expect(seen).toEqual([true]);
    expect(failures.map((f) => f.observer)).toEqual(["cache"]);
    expect((failures[0]!.error as Error).message).toMatch(/already answered with reject\(\); check ctx.answered first/);
  });

  it("returnEarly with a promise settles it before POST_SUCCESS, as a returned one would be", async () => {
    const { events, contexts, obs } = recorder({ states: [POST_SUCCESS, COMPLETED] });
    using _sub = observe("later", onCall((ctx) => ctx.returnEarly(Promise.resolve(5))), obs);
    const returned = hand.later(1);
    expect(events).toEqual([]);
    await expect(returned).resolves.toBe(5);
    await Promise.resolve();
    expect(events).toEqual(["POST_SUCCESS:later", "COMPLETED:later"]);
    expect(contexts[0]!.result).toMatchObject({ ok: true, value: 5 });
    expect(contexts[0]!.fromThenable).toBe(true);
  });

  it("fromThenable and canRecover describe a plain function's returned promise", async () => {
    const { contexts, obs } = recorder({ states: [POST_SUCCESS] });
    using _sub = observe("*", obs);
    await hand.later(1);
    hand.add(1, 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const byName = Object.fromEntries(contexts.map((ctx) => [ctx.functionSignature.name, ctx]));
    expect([byName.later!.fromThenable, byName.later!.canRecover]).toEqual([true, false]);
    expect([byName.add!.fromThenable, byName.add!.canRecover]).toEqual([false, true]);
  });

  it("a control call in the wrong state is a clear error, reported, not thrown at the caller", () => {
    using _sub = observe(hand.add, onSuccess((ctx) => ctx.returnEarly(1), { name: "misplaced" }));
    expect(hand.add(1, 2)).toBe(3);
    expect(failures).toHaveLength(1);
    expect((failures[0]!.error as Error).message).toBe(
      "ts-observed: returnEarly() is only valid in PRE_EXECUTION; it was called in POST_SUCCESS of add",
    );
    expect(failures[0]!.error).toBeInstanceOf(ObservedError);
  });
});

describe("isolation and circuit breaker", () => {
  class Exploding extends BaseObserver {
    calls = 0;
    constructor() {
      super({ name: "Exploding", states: [COMPLETED], maxFailures: 3 });
    }
    update(): void {
      this.calls++;
      throw new Error("observer bug");
    }
  }

  it("an observer's throw never reaches the caller; it is reported and dispatched as ERROR", () => {
    const errors: ExecutionContext[] = [];
    const exploding = new Exploding();
    using _sub = observe(hand.add, exploding, observer((ctx) => void errors.push(ctx), { states: [ERROR] }));
    expect(hand.add(2, 2)).toBe(4);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ observer: "Exploding", state: COMPLETED, function: "add", consecutiveFailures: 1, disabled: false });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.observerFailure?.observer).toBe("Exploding");
  });

  it("trips after maxFailures consecutive failures and stays off until enable()", () => {
    const exploding = new Exploding();
    using _sub = observe(hand.add, exploding);
    for (let i = 0; i < 5; i++) hand.add(i, i);
    expect(exploding.calls).toBe(3);
    expect(exploding.disabled).toBe(true);
    expect(failures.at(-1)).toMatchObject({ consecutiveFailures: 3, disabled: true });
    const before = registry.nextCallId;
    hand.add(1, 1);
    expect(registry.nextCallId).toBe(before); // no interested observer left: the site is off again
    exploding.enable();
    hand.add(1, 1);
    expect(exploding.calls).toBe(4);
  });

  it("an async observer's rejection is caught, reported and counted: no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      using _sub = observe(hand.add, onCompletion(async () => Promise.reject(new Error("async observer bug")), { name: "asyncBug" }));
      expect(hand.add(1, 1)).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(failures.map((f) => f.observer)).toEqual(["asyncBug"]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});

describe("routing", () => {
  it("by function object, plain name, qualified name, group, glob, RegExp and *", () => {
    const seen = (target: Parameters<typeof observe>[0]) => {
      const names = new Set<string>();
      const sub = observe(target as string, observer((ctx) => void names.add(ctx.functionSignature.qualifiedName), { states: [PRE_EXECUTION] }));
      hand.add(1, 1);
      hand.five(1, 2, 3, 4, 5);
      new hand.Counter().increment();
      sub.unsubscribe();
      return [...names].sort();
    };
    expect(seen(hand.add as never)).toEqual(["add"]);
    expect(seen("increment")).toEqual(["Counter.increment"]);
    expect(seen("Counter.increment")).toEqual(["Counter.increment"]);
    expect(seen("math")).toEqual(["add"]);
    expect(seen("Counter.*")).toEqual(["Counter.increment"]);
    expect(seen(/^f/)).toEqual(["five"]);
    expect(seen("*")).toEqual(["Counter.increment", "add", "five"]);
    expect(seen("test/hand/emitted.ts:add")).toEqual(["add"]);
    expect(seen("test/hand/*:Counter.*")).toEqual(["Counter.increment"]);
    expect(seen("src/*:add")).toEqual([]);
    // The same glob syntax as the config's include: `*` stays within a folder, `**` crosses them.
    expect(seen("test/*:add")).toEqual([]);
    expect(seen("test/**:add")).toEqual(["add"]);
    expect(seen("{add,five}")).toEqual(["add", "five"]);
  });

  it("a group whose name holds a colon (`@observed acme:http`) is reached by that name, besides file:name targets", () => {
    // As a library emits for `/** @observed acme acme:http */ function send(…)`: the tag grammar allows `:` in a
    // group, and a library names its groups after itself. `observe("acme:http")` used to be read only as
    // file "acme", name "http", and matched nothing, silently.
    const s = site({ name: "send", file: "src/transport.ts", line: 1, column: 1, params: ["url"], groups: ["acme", "acme:http"] });
    function send(url: string): string {
      const c = s.on !== 0 ? s.enter(undefined, url) : null;
      return c === null ? url : (c.ok(url) as string);
    }
    const seen = (target: string) => {
      const names: string[] = [];
      const sub = observe(target, observer((ctx) => void names.push(ctx.functionSignature.name), { states: [PRE_EXECUTION] }));
      send("/a");
      sub.unsubscribe();
      return names;
    };
    expect(seen("acme:http")).toEqual(["send"]);
    expect(seen("acme")).toEqual(["send"]);
    // Still file:name targets: the file's glob and the name.
    expect(seen("src/transport.ts:send")).toEqual(["send"]);
    expect(seen("src/**:*")).toEqual(["send"]);
    // Not a group glob: `acme:*` is file "acme", any name, and no group is named so.
    expect(seen("acme:*")).toEqual([]);
    expect(seen("acme:client")).toEqual([]);
  });

  it("a subscription made before a module loads applies to its sites when it loads", async () => {
    const { events, obs } = recorder();
    using sub = observe("late", obs);
    expect(sub.functions).toEqual([]);
    const late = await import("./hand/late.js");
    expect(late.lateLoaded(2)).toBe(6);
    expect(events).toEqual(["PRE_EXECUTION:lateLoaded", "POST_SUCCESS:lateLoaded", "COMPLETED:lateLoaded"]);
    expect(sub.functions.map((meta) => meta.name)).toEqual(["lateLoaded"]);
  });

  it("a function that is not observed is a clear error", () => {
    expect(() => observe(function notTagged() {}, () => {})).toThrow(/"notTagged", which is not an observed function/);
  });

  it("unsubscribe (and using) turns the site off again", () => {
    const { events, obs } = recorder();
    {
      using _sub = observe(hand.add, obs);
      hand.add(1, 1);
    }
    hand.add(1, 1);
    expect(events).toHaveLength(3);
  });
});

describe("context contents", () => {
  it("@redact keeps a value out of arguments and args", () => {
    const { contexts, obs } = recorder({ states: [POST_FAILURE] });
    using _sub = observe("login", obs);
    expect(() => hand.login("ada", "wrong")).toThrow("authentication failed");
    expect(contexts[0]!.arguments).toEqual({ user: "ada", password: REDACTED });
    expect(contexts[0]!.args).toEqual(["ada", REDACTED]);
  });

  it("@capture of a @redact'ed name reads REDACTED in localVariables, like its argument, and is never read", () => {
    // The metadata and the body as the transformer emits them for
    // `/** @observed @redact password, token @capture ok, password, token, scope */ function signIn(user, password, { token, scope })`.
    const s = site({
      name: "signIn", qualifiedName: "redactCapture.signIn", file: "test/runtime.test.ts", line: 1, column: 1, kind: "function",
      async: false, generator: false, params: ["user", "password", "{ token, scope }"], rest: false, groups: [],
      redact: ["password", "{ token, scope }", "token", "scope"], capture: ["ok", "password", "token", "scope"],
    });
    const reads: number[] = [];
    function signIn(user: string, password: string, { token, scope }: { token: string; scope: string }): boolean {
      const c = s.on !== 0 ? s.enter(undefined, user, password, { token, scope }) : null;
      try {
        c !== null && c.capture((k) => (reads.push(k), k === 0 ? ok : k === 1 ? password : k === 2 ? token : scope));
        const ok = password === "hunter2" && scope === "scope-admin";
        if (!ok) throw new Error("denied");
        return c === null ? ok : c.ok(ok) as boolean;
      } catch (e) {
        if (c === null) throw e;
        return c.fail(e) as boolean;
      }
    }
    const seen: Record<string, unknown>[] = [];
    using _sub = observe("redactCapture.signIn", (ctx) => {
      ctx.metadata.seen = true;
      seen.push({ state: ctx.state, arguments: ctx.arguments, args: ctx.args, locals: ctx.localVariables, metadata: ctx.metadata, result: ctx.result, signature: ctx.functionSignature });
    });
    expect(signIn("ada", "hunter2", { token: "tok-1", scope: "scope-admin" })).toBe(true);
    expect(() => signIn("bob", "letmein", { token: "tok-2", scope: "scope-read" })).toThrow("denied");
    expect(seen.map((event) => event.state)).toEqual([PRE_EXECUTION, POST_SUCCESS, COMPLETED, PRE_EXECUTION, POST_FAILURE, COMPLETED]);
    expect(seen[0]!.arguments).toEqual({ user: "ada", password: REDACTED, "{ token, scope }": REDACTED });
    expect(seen[0]!.args).toEqual(["ada", REDACTED, REDACTED]);
    expect(seen[1]!.locals).toEqual({ ok: true, password: REDACTED, token: REDACTED, scope: REDACTED });
    expect(seen[4]!.locals).toEqual({ ok: false, password: REDACTED, token: REDACTED, scope: REDACTED });
    // Only `ok` went through the reader (once per call): the redacted values never reached the runtime.
    expect(reads).toEqual([0, 0]);
    const everything = JSON.stringify(seen);
    for (const secret of ["hunter2", "letmein", "tok-1", "tok-2", "scope-admin", "scope-read"]) expect(everything).not.toContain(secret);
  });

  it("third and fourth values: passed or left undefined, redacted or not, arguments and args list every declared parameter", () => {
    // As emitted for `/** @observed @redact token */ function pick(a, b, token?, d?)`: calls that pass a third or fourth
    // value get the wider context class, the others the two-value one (runtime/context.ts, WideContext).
    const s = site({ name: "pick", qualifiedName: "wide.pick", file: "test/runtime.test.ts", line: 1, column: 1, params: ["a", "b", "token", "d"], groups: ["wide"], redact: ["token"] });
    const plain = site({ name: "pick3", qualifiedName: "wide.pick3", file: "test/runtime.test.ts", line: 1, column: 1, params: ["a", "b", "c"], groups: ["wide"] });
    function pick(a: number, b: number, token?: string, d?: number): number {
      const c = s.on !== 0 ? s.enter(undefined, a, b, token, d) : null;
      try {
        return c === null ? a + b + (d ?? 0) : (c.ok(a + b + (d ?? 0)) as number);
      } catch (e) {
        if (c === null) throw e;
        return c.fail(e) as number;
      }
    }
    function pick3(a: number, b: number, c3?: number): number {
      const c = plain.on !== 0 ? plain.enter(undefined, a, b, c3) : null;
      return c === null ? a + b : (c.ok(a + b) as number);
    }
    const seen: { arguments: Readonly<Record<string, unknown>>; args: readonly unknown[] }[] = [];
    using _sub = observe("wide", observer((ctx) => void seen.push({ arguments: ctx.arguments, args: ctx.args }), { states: [COMPLETED] }));
    expect(pick(1, 2)).toBe(3);
    expect(pick(1, 2, "secret")).toBe(3);
    expect(pick(1, 2, undefined, 4)).toBe(7);
    expect(pick(1, 2, "secret", 4)).toBe(7);
    expect(pick3(1, 2)).toBe(3);
    expect(pick3(1, 2, 3)).toBe(3);
    expect(seen.map((event) => event.arguments)).toEqual([
      { a: 1, b: 2, token: REDACTED, d: undefined },
      { a: 1, b: 2, token: REDACTED, d: undefined },
      { a: 1, b: 2, token: REDACTED, d: 4 },
      { a: 1, b: 2, token: REDACTED, d: 4 },
      { a: 1, b: 2, c: undefined },
      { a: 1, b: 2, c: 3 },
    ]);
    expect(seen.map((event) => event.args)).toEqual([
      [1, 2, REDACTED, undefined],
      [1, 2, REDACTED, undefined],
      [1, 2, REDACTED, 4],
      [1, 2, REDACTED, 4],
      [1, 2, undefined],
      [1, 2, 3],
    ]);
    expect(JSON.stringify(seen)).not.toContain("secret");
  });

  it("createTestContext redacts the same way: arguments, args and a captured redacted name", () => {
    const ctx = createTestContext({
      params: ["user", "password"], args: ["ada", "hunter2"], redact: ["password"], localVariables: { ok: true, password: "hunter2" }, value: true,
    });
    expect(ctx.arguments).toEqual({ user: "ada", password: REDACTED });
    expect(ctx.args).toEqual(["ada", REDACTED]);
    expect(ctx.localVariables).toEqual({ ok: true, password: REDACTED });
    expect(JSON.stringify([ctx.arguments, ctx.args, ctx.localVariables, ctx.metadata, ctx.result])).not.toContain("hunter2");
  });

  it("@capture copies locals at success and at failure, leaving out names in their TDZ", () => {
    const { contexts, obs } = recorder({ states: [POST_SUCCESS, POST_FAILURE] });
    using _sub = observe("total", obs);
    expect(hand.total([1, 2, 3])).toBe(6);
    expect(() => hand.total([])).toThrow("empty");
    expect(() => hand.total([-5])).toThrow("negative");
    expect(contexts.map((ctx) => ctx.localVariables)).toEqual([{ sum: 6, count: 3 }, {}, { sum: -5 }]);
  });

  it("more than four parameters and rest parameters", () => {
    const { contexts, obs } = recorder({ states: [PRE_EXECUTION] });
    using _sub = observe("*", obs);
    hand.five(1, 2, 3, 4, 5);
    hand.spread("a", "b", "c");
    expect(contexts[0]!.arguments).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(contexts[1]!.arguments).toEqual({ first: "a", rest: ["b", "c"] });
    expect(contexts[1]!.args).toEqual(["a", "b", "c"]);
  });

  it("metadata is shared across the states of one call, callId increases", () => {
    const seen: unknown[] = [];
    using _sub = observe(
      hand.add,
      onCall((ctx) => void (ctx.metadata.started = ctx.callId)),
      onCompletion((ctx) => void seen.push(ctx.metadata.started, ctx.callId)),
    );
    hand.add(1, 1);
    hand.add(1, 1);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).toBe((seen[0] as number) + 1);
  });
});

describe("lifecycle", () => {
  it("validate() failing makes observe() throw, naming the observer; nothing is attached", () => {
    class Misconfigured extends BaseObserver {
      update(): void {}
      validate(): string {
        return "webhook URL is missing";
      }
    }
    expect(() => observe(hand.add, new Misconfigured())).toThrow(ObserverValidationError);
    expect(() => observe(hand.add, new Misconfigured())).toThrow('observer "Misconfigured" is not valid: webhook URL is missing');
    expect(registry.subscriptions).toHaveLength(0);
  });

  it("a bad option is a clear error from observe(), naming the observer", () => {
    class Odd extends BaseObserver {
      update(): void {}
    }
    expect(() => observe(hand.add, new Odd({ priority: Number.NaN }))).toThrow('ts-observed: observer "Odd" has priority NaN; it must be a number');
    expect(() => observe(hand.add, new Odd({ states: [] }))).toThrow('observer "Odd" is interested in no state');
    expect(registry.subscriptions).toHaveLength(0);
  });

  it("configure() then validate() once; close() when the last subscription ends", () => {
    const calls: string[] = [];
    class Lifecycle extends BaseObserver {
      update(): void {}
      configure(): void {
        calls.push("configure");
      }
      validate(): void {
        calls.push("validate");
      }
      close(): void {
        calls.push("close");
      }
    }
    const lifecycle = new Lifecycle();
    const a = observe(hand.add, lifecycle);
    const b = observe("divide", lifecycle);
    a.unsubscribe();
    expect(calls).toEqual(["configure", "validate"]);
    b.unsubscribe();
    b.unsubscribe();
    expect(calls).toEqual(["configure", "validate", "close"]);
  });

  it("shutdown() closes every observer and awaits their flushes", async () => {
    const flushed: string[] = [];
    class Flushing extends BaseObserver {
      update(): void {}
      async close(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
        flushed.push(this.name);
      }
    }
    observe(hand.add, new Flushing({ name: "one" }));
    observe("*", new Flushing({ name: "two" }));
    await shutdown();
    expect(flushed.sort()).toEqual(["one", "two"]);
    expect(registry.subscriptions).toHaveLength(0);
  });
});

describe("settings", () => {
  it("configureRuntime returns a restore function", () => {
    const mine: ObserverFailure[] = [];
    const restore = configureRuntime({ onObserverError: (failure) => mine.push(failure), maxFailures: 2 });
    expect(registry.maxFailures).toBe(2);
    restore();
    expect(registry.maxFailures).toBe(5);
    using _sub = observe(hand.add, onCompletion(() => { throw new Error("x"); }));
    hand.add(1, 1);
    expect(mine).toHaveLength(0);
    expect(failures).toHaveLength(1);
    expect(() => configureRuntime({ maxFailures: 0 })).toThrow("maxFailures must be a whole number ≥ 1, got 0");
  });
});

describe("testing helpers", () => {
  it("createTestContext builds a real context in the asked state", () => {
    const ctx = createTestContext({ name: "checkout", state: POST_SUCCESS, params: ["cart"], args: [{ items: 2 }], value: 42, executionTime: 12.5 });
    expect(ctx.state).toBe(POST_SUCCESS);
    expect(ctx.arguments).toEqual({ cart: { items: 2 } });
    expect(ctx.result).toEqual({ ok: true, value: 42, executionTime: 12.5 });
    const failed = createTestContext({ state: POST_FAILURE, exception: new Error("x") });
    expect(failed.isFailed).toBe(true);
    failed.recover(7);
    expect(failed.requestedControl()).toEqual({ kind: "recover", value: 7 });
    const pre = createTestContext({ state: PRE_EXECUTION });
    pre.returnEarly("cached");
    expect(pre.requestedControl()).toEqual({ kind: "returnEarly", value: "cached" });
    expect(registry.current).toBeUndefined();
  });
});
