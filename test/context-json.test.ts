import { afterEach, expect, it } from "vitest";
import { createTestContext } from "../runtime/testing.js";
import { ExecutionState, observe, observer, onCompletion, REDACTED, shutdown, type ExecutionContext, type ExecutionContextJSON } from "../runtime/index.js";
import * as hand from "./hand/emitted.js";

// JSON.stringify(ctx) in a logging observer (or a structured logger, or a snapshot) used to print the runtime's
// internals: the site with every observer registration and breaker, raw `this`, the flags (trial 10). A context's
// JSON is now the call's public facts.

afterEach(async () => {
  await shutdown();
});

/** The JSON of every COMPLETED context of `fn`'s calls made by `run`. */
function completedJSON(target: Parameters<typeof observe>[0], run: () => unknown, nesting = false): ExecutionContextJSON[] {
  const seen: ExecutionContextJSON[] = [];
  using _sub = observe(target, observer((ctx: ExecutionContext) => void seen.push(JSON.parse(JSON.stringify(ctx))), { states: [ExecutionState.COMPLETED], timing: false, nesting }));
  try {
    run();
  } catch {
    // the failures are the point of some cases
  }
  return seen;
}

it("a success: state, function, place, call id, arguments by name and the result; no internals", () => {
  const [json] = completedJSON(hand.add, () => hand.add(2, 3));
  expect(json).toEqual({
    state: "COMPLETED",
    function: "add",
    file: "test/hand/emitted.ts",
    line: 6,
    callId: expect.any(Number),
    arguments: { a: 2, b: 3 },
    result: { ok: true, value: 5, executionTime: null },
  });
});

it("a failure: an Error as its name and message (JSON.stringify alone would give {})", () => {
  const [json] = completedJSON(hand.divide, () => hand.divide(1, 0));
  expect(json?.result).toEqual({ ok: false, exception: { name: "RangeError", message: "division by zero" }, executionTime: null });
});

it("redacted arguments stay redacted, captured locals are included, the parent is its call id", () => {
  const [login] = completedJSON(hand.login, () => hand.login("ada", "hunter2"));
  expect(login?.arguments).toEqual({ user: "ada", password: REDACTED });
  expect(JSON.stringify(login)).not.toContain("hunter2");

  const [total] = completedJSON(hand.total, () => hand.total([1, 2, 3]));
  expect(total?.localVariables).toEqual({ sum: 6, count: 3 });

  const seen = completedJSON("hand", () => hand.outer(1), true);
  const add = seen.find((j) => j.function === "add");
  const outer = seen.find((j) => j.function === "outer");
  expect(add?.parentCallId).toBe(outer?.callId);
  expect(outer).not.toHaveProperty("parentCallId");
});

it("before the call settles there is no result; createTestContext contexts serialize the same way", () => {
  const pre: ExecutionContextJSON[] = [];
  using _sub = observe(hand.add, onCompletion(() => {}), observer((ctx: ExecutionContext) => void pre.push(ctx.toJSON()), { states: [ExecutionState.PRE_EXECUTION] }));
  hand.add(1, 1);
  expect(pre[0]).not.toHaveProperty("result");
  expect(pre[0]?.state).toBe("PRE_EXECUTION");

  const context = createTestContext({ name: "charge", args: [5], params: ["amount"], value: "ok", executionTime: 12 });
  expect(context.toJSON()).toEqual({
    state: "COMPLETED",
    function: "charge",
    file: "test.ts",
    line: 1,
    callId: expect.any(Number),
    arguments: { amount: 5 },
    result: { ok: true, value: "ok", executionTime: 12 },
  });
});
