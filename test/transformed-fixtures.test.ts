/**
 * The runtime's fixtures (test/hand/*.ts, test/integrations/emitted.ts) are plain tagged TypeScript that
 * vitest runs through the real Vite plugin (vitest.config.ts). These tests fail if a fixture reached vitest
 * untransformed (its functions would not be observable) or if it was paired with a second copy of the runtime.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as packageEntry from "ts-observed";
import * as packageRuntime from "ts-observed/runtime";
import * as emitApi from "../runtime/emit-api.js";
import { observe, shutdown } from "../runtime/index.js";
import * as hand from "./hand/emitted.js";
import * as observerFixtures from "./hand/observers-fixtures.js";
import * as integrations from "./integrations/emitted.js";

afterEach(async () => {
  await shutdown();
});

type AnyFunction = (...args: never[]) => unknown;

/** Each fixture file, and every function it tags with `@observed` (by qualified name). */
const FIXTURES: [file: string, functions: Record<string, AnyFunction>][] = [
  [
    "test/hand/emitted.ts",
    {
      add: hand.add, divide: hand.divide, fetchUser: hand.fetchUser, total: hand.total, login: hand.login, five: hand.five,
      spread: hand.spread, outer: hand.outer, later: hand.later, count: hand.count, failLater: hand.failLater,
      "Counter.increment": hand.Counter.prototype.increment, pipeline: hand.pipeline, viaTimer: hand.viaTimer,
    },
  ],
  [
    "test/hand/observers-fixtures.ts",
    {
      square: observerFixtures.square, lookupPrice: observerFixtures.lookupPrice, deferredDouble: observerFixtures.deferredDouble,
      work: observerFixtures.work, risky: observerFixtures.risky, connect: observerFixtures.connect, signIn: observerFixtures.signIn,
      loadConfig: observerFixtures.loadConfig,
    },
  ],
  [
    "test/integrations/emitted.ts",
    {
      connect: integrations.connect, "Gateway.charge": integrations.Gateway.prototype.charge, checkout: integrations.checkout,
      placeOrder: integrations.placeOrder, audit: integrations.audit,
    },
  ],
];

describe("the runtime's fixtures go through the real transformer", () => {
  for (const [file, functions] of FIXTURES) {
    it(`${file}: every tagged function is instrumented and bound to its site`, () => {
      for (const [qualifiedName, fn] of Object.entries(functions)) {
        expect(String(fn), qualifiedName).toContain("__obs_c.ok(");
        // Throws "… which is not an observed function" for a function the transformer did not bind.
        using sub = observe(fn, () => {});
        expect(sub.functions.map((meta) => [meta.qualifiedName, meta.file]), qualifiedName).toEqual([[qualifiedName, file]]);
      }
    });
  }

  it("test/hand/late.ts (loaded late by runtime.test.ts) is instrumented too", async () => {
    const late = await import("./hand/late.js");
    using sub = observe(late.lateLoaded, () => {});
    expect(sub.functions.map((meta) => [meta.qualifiedName, meta.file, meta.groups])).toEqual([["lateLoaded", "test/hand/late.ts", ["late"]]]);
  });

  it("an untagged function of a fixture file stays plain", () => {
    expect(String(observerFixtures.resetBodyRuns)).not.toContain("__obs_");
    expect(() => observe(observerFixtures.resetBodyRuns, () => {})).toThrow(/"resetBodyRuns", which is not an observed function/);
  });

  it("the tags' metadata reaches the sites: groups, @capture, @redact, async awaits, generator, method", () => {
    using sub = observe("hand", () => {});
    const meta = Object.fromEntries(sub.functions.map((m) => [m.qualifiedName, m]));
    expect(meta.add).toMatchObject({ groups: ["hand", "math"], params: ["a", "b"], kind: "function", line: 6 });
    expect(meta.total).toMatchObject({ capture: ["sum", "count"] });
    expect(meta.login).toMatchObject({ redact: ["password"] });
    expect(meta.spread).toMatchObject({ params: ["first", "rest"], rest: true });
    expect(meta.pipeline).toMatchObject({ async: true, awaits: true });
    expect(meta.later).toMatchObject({ async: false, generator: false });
    expect(meta.count).toMatchObject({ generator: true });
    expect(meta["Counter.increment"]).toMatchObject({ name: "increment", kind: "method" });
  });

  it("tests, fixtures and the package specifiers share one copy of the runtime (the source)", () => {
    expect(packageRuntime.site).toBe(emitApi.site);
    expect(packageEntry.observe).toBe(observe);
  });
});
