import { afterEach, beforeEach, expect, it } from "vitest";
import { BaseObserver, configureRuntime, ExecutionState, observe, observer, shutdown } from "../../runtime/index.js";
import * as hand from "../hand/emitted.js";

// Found in trial 8 (SRE evaluation): a circuit breaker tripped while an observer was subscribed survived
// unsubscribe() and shutdown(); subscribed again (a config reload, its sink fixed), the observer silently
// received nothing, forever, unless someone called enable().

let restore: () => void = () => {};
beforeEach(() => {
  restore = configureRuntime({ onObserverError: () => {} });
});
afterEach(async () => {
  await shutdown();
  restore();
});

class Flaky extends BaseObserver {
  fail = true;
  seen = 0;
  constructor() {
    super({ name: "flaky", states: [ExecutionState.COMPLETED] });
  }
  update(): void {
    this.seen++;
    if (this.fail) throw new Error("sink down");
  }
}

it("a tripped breaker stays tripped while the observer is subscribed, and is closed by a new subscription after the last one ended", async () => {
  const flaky = new Flaky();
  const first = observe(hand.add, flaky);
  const second = observe("add", flaky);
  for (let i = 0; i < 5; i++) hand.add(1, 1);
  expect(flaky.disabled).toBe(true);
  first.unsubscribe();
  // Still subscribed through `second`: subscribing again is no new lifecycle, the breaker stays open.
  const third = observe(hand.add, flaky);
  flaky.fail = false;
  let before = flaky.seen;
  hand.add(1, 1);
  expect([flaky.disabled, flaky.seen - before]).toEqual([true, 0]);
  second.unsubscribe();
  third.unsubscribe();
  expect(flaky.disabled).toBe(true); // still readable after the last unsubscribe

  using _again = observe(hand.add, flaky);
  before = flaky.seen;
  hand.add(1, 1);
  expect([flaky.disabled, flaky.seen - before]).toEqual([false, 1]);
});

it("after shutdown(), a function observer subscribed again is on again", async () => {
  let seen = 0;
  let fail = true;
  const fn = observer(
    () => {
      seen++;
      if (fail) throw new Error("down");
    },
    { name: "fn", states: [ExecutionState.COMPLETED] },
  );
  observe(hand.add, fn);
  for (let i = 0; i < 5; i++) hand.add(1, 1);
  await shutdown();
  fail = false;
  observe(hand.add, fn);
  const before = seen;
  hand.add(1, 1);
  hand.add(1, 1);
  expect(seen - before).toBe(2);
});
