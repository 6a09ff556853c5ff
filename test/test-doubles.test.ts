/**
 * Test doubles and observed functions (trial 10, Vitest 4.1): a spy over an observed method and the
 * observer both see a call; `observe()` given a mock says it is one instead of asking for a tag. Counter
 * is test/hand/emitted.ts, rewritten by the real Vite plugin (vitest.config.ts).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { observe, onCall, shutdown } from "../runtime/index.js";
import { Counter } from "./hand/emitted.js";

afterEach(async () => {
  vi.restoreAllMocks();
  await shutdown();
});

describe("observe() and mocks", () => {
  it("a spy installed after the subscription: both see the call", () => {
    const seen: string[] = [];
    observe(Counter.prototype.increment, onCall((ctx) => void seen.push(ctx.functionSignature.qualifiedName)));
    const spy = vi.spyOn(Counter.prototype, "increment");
    expect(new Counter().increment()).toBe(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(["Counter.increment"]);
  });

  it("observe(spy) says it is given a mock, and how to observe the function instead", () => {
    const spy = vi.spyOn(Counter.prototype, "increment");
    expect(() => observe(Counter.prototype.increment, onCall(() => {}))).toThrow(/^ts-observed: observe\(\) was given "increment", a mock function \(vi\.fn, vi\.spyOn, vi\.mock/);
    expect(() => observe(vi.fn(), onCall(() => {}))).toThrow(/a mock function/);
    const seen: string[] = [];
    observe("Counter.increment", onCall(() => void seen.push("by name")));
    new Counter().increment();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(seen).toEqual(["by name"]);
  });

  it("a plain function still gets the message about tags", () => {
    expect(() => observe(function notTagged() {}, onCall(() => {}))).toThrow(/not an observed function object\. Tag it/);
  });
});
