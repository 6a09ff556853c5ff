import { afterEach, expect, it } from "vitest";
import { BaseObserver, configureRuntime, observe, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { registry } from "../../runtime/registry.js";
import * as hand from "../hand/emitted.js";

afterEach(async () => {
  await shutdown();
});

// Found in trial 8 (SRE evaluation): dispatch guards the reporter ("a failing reporter must not reach the
// caller either"), but the report of a failing close() called it unguarded. With an onObserverError that
// throws (a logger that is down), a rejecting close() became an unhandled rejection — which ends a Node
// process by default — and a throwing close() made shutdown() reject before it had closed the observers after
// it, whose queued items were then never flushed.
it("a throwing onObserverError does not escape close(): no unhandled rejection, every other observer still closed", async () => {
  const restore = configureRuntime({
    onObserverError: () => {
      throw new Error("reporter down");
    },
  });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const closed: string[] = [];
    class Rejects extends BaseObserver {
      update(): void {}
      close(): Promise<void> {
        return Promise.reject(new Error("flush failed"));
      }
    }
    class Throws extends BaseObserver {
      update(): void {}
      close(): void {
        throw new Error("close threw");
      }
    }
    class Flushes extends BaseObserver {
      update(): void {}
      async close(): Promise<void> {
        await Promise.resolve();
        closed.push(this.name);
      }
    }
    observe(hand.add, new Rejects({ name: "rejects" }));
    observe(hand.add, new Throws({ name: "throws" }));
    observe(hand.add, new Flushes({ name: "after-them" }));
    await shutdown();
    expect(closed).toEqual(["after-them"]);
    expect(registry.subscriptions).toHaveLength(0);

    // unsubscribe() of an observer whose close() throws returns normally.
    const lone = observe(hand.add, new Throws({ name: "lone" }));
    expect(() => lone.unsubscribe()).not.toThrow();
    // Let Node emit any unhandled rejection (it does so after the microtask queue drains).
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    expect(registry.closing.size).toBe(0);
  } finally {
    process.off("unhandledRejection", onUnhandled);
    restore();
  }
});

it("the reporter, when it works, is told of each failing close()", async () => {
  const failures: ObserverFailure[] = [];
  const restore = configureRuntime({ onObserverError: (failure) => void failures.push(failure) });
  try {
    class Rejects extends BaseObserver {
      update(): void {}
      close(): Promise<void> {
        return Promise.reject(new Error("flush failed"));
      }
    }
    observe(hand.add, new Rejects({ name: "rejects" }));
    await shutdown();
    expect(failures.map((failure) => [failure.observer, failure.function, (failure.error as Error).message])).toEqual([["rejects", "close()", "flush failed"]]);
  } finally {
    restore();
  }
});
