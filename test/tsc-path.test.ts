/**
 * The tsc path end to end: every fixture built with tspc (TS 5.9 + ts-patch 3, TS 6 + ts-patch 4), in
 * ESM and CommonJS, run and compared with the plain tsc build; plus contexts, source maps, .d.ts
 * identity and `enabled: false`.
 */
import { describe, expect, it } from "vitest";
import { buildPaths } from "./harness/paths.js";
import { defineFixtureSuite } from "./harness/fixture-suite.js";
import type { EventDetail, FixtureRun } from "./harness/run.js";

const tscPaths = buildPaths.filter((p) => p.name.startsWith("tspc-"));

/** The first detail of `state` for `name` (the n-th when `nth` is given). */
function detail(run: FixtureRun, state: string, name: string, nth = 0): EventDetail {
  const found = run.details.filter((d) => d.state === state && d.name === name)[nth];
  if (found === undefined) throw new Error(`no ${state} event #${nth} for ${name}`);
  return found;
}

defineFixtureSuite(tscPaths, (path, results) => {
  it("contexts: arguments after defaults, patterns and rest; this; groups; kinds", () => {
    const run = results()["declarations"]!;
    expect(detail(run, "PRE_EXECUTION", "params").arguments).toEqual({ a: 1, b: 2, "{ c, d }": { c: 3, d: 4 }, "[e, f]": [5, 6], rest: [] });
    expect(detail(run, "PRE_EXECUTION", "params", 1).arguments).toEqual({ a: 1, b: 2, "{ c, d }": { c: 7, d: 8 }, "[e, f]": [9, 10], rest: [11, 12] });
    expect(detail(run, "PRE_EXECUTION", "withThis").thisArg).toBe("object Object");
    expect(detail(run, "PRE_EXECUTION", "withThis").arguments).toEqual({ n: 1 });
    expect(detail(run, "PRE_EXECUTION", "withThis", 1).thisArg).toBe("undefined");
    expect(detail(run, "PRE_EXECUTION", "hoisted").groups).toEqual(["math"]);
    expect(detail(run, "PRE_EXECUTION", "default").fnName).toBe("default");
    expect(detail(run, "POST_FAILURE", "thrower").result).toEqual({ exception: "a string" });
    expect(detail(run, "POST_FAILURE", "thrower", 1).result).toEqual({ exception: { code: 42 } });
    expect(detail(run, "POST_SUCCESS", "noReturnValue").result).toEqual({ value: "[undefined]" });
    const classes = results()["classes"]!;
    expect(detail(classes, "PRE_EXECUTION", "Cart.create").thisArg).toBe("function Cart");
    expect(detail(classes, "PRE_EXECUTION", "Cart.constructor").thisArg).toBe("object Cart");
    expect(detail(classes, "PRE_EXECUTION", "Cart.constructor").kind).toBe("constructor");
    expect(detail(classes, "PRE_EXECUTION", "Cart.#secret").fnName).toBe("#secret");
    expect(detail(classes, "PRE_EXECUTION", "Cart.total").kind).toBe("getter");
    expect(detail(classes, "PRE_EXECUTION", "Cart.total", 1).kind).toBe("setter");
    expect(detail(classes, "PRE_EXECUTION", "Cart.add").groups).toEqual(["billing"]);
    expect(detail(classes, "POST_FAILURE", "Cart.fetchPrice").result).toEqual({ exception: "[RangeError: bad id]" });
    const expressions = results()["expressions"]!;
    expect(detail(expressions, "PRE_EXECUTION", "Counter.increment").thisArg).toBe("object Counter");
    expect(detail(expressions, "PRE_EXECUTION", "api.load").kind).toBe("method");
    expect(detail(expressions, "PRE_EXECUTION", "double").kind).toBe("arrow");
  });

  it("contexts: @capture at success and failure (a local still in its TDZ is left out), @redact", () => {
    const run = results()["capture"]!;
    expect(detail(run, "POST_FAILURE", "sum").locals).toEqual({ items: 3 });
    expect(detail(run, "POST_FAILURE", "sum", 1).locals).toEqual({ items: 3, total: 6 });
    expect(detail(run, "POST_SUCCESS", "sum").locals).toEqual({ items: 3, total: 6 });
    expect(detail(run, "PRE_EXECUTION", "login").arguments).toEqual({ user: "ann", password: "[REDACTED]" });
    expect(detail(run, "POST_SUCCESS", "login", 1).locals).toEqual({ attempts: 2 });
    expect(detail(run, "PRE_EXECUTION", "withToken").arguments).toEqual({ "{ token, scope }": "[REDACTED]" });
  });

  it("control: returnEarly, reject, recover, async returnEarly, observe(fn) and observe(Class.prototype.method)", () => {
    expect(results()["control"]!.control).toEqual({
      returnEarly: -1,
      reject: "rate limited",
      recover: "recovered",
      asyncReturnEarly: 99,
      methodByPrototype: "cached",
      bodyRunsWhileSteered: 0,
      afterUnsubscribe: 70,
    });
  });
  void path;
});

describe("tsc paths registered", () => {
  it("covers TS 5 and TS 6 in both formats", () => {
    expect(tscPaths.map((p) => p.name).sort()).toEqual(["tspc-ts5-cjs", "tspc-ts5-esm", "tspc-ts6-cjs", "tspc-ts6-esm"]);
  });
});
