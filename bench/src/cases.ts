// The benchmark cases: one variant (how a function is observed, and by what) × mode (sync/async) ×
// shape (one function: monomorphic; 64 distinct functions from one call site: megamorphic). A case is set
// up in a fresh process (see run.mjs) and gives the closure the harness times, the closure the
// allocation probe fires, and a check that the observers really ran (or really did not).
import { BaseObserver, ExecutionState, observe } from "ts-observed";
import { do_not_optimize } from "mitata";
import { setDecoratorObservers, wrap, type WrapObserver } from "./wrapper.js";

export type Mode = "sync" | "async";
export type Shape = "mono" | "mega";

export const VARIANTS = [
  "plain",
  "plain-copy",
  "plain-method",
  "obs-none",
  "obs-completed",
  "obs-completed-nesting",
  "obs-timing",
  "obs-three",
  "wrap-none",
  "wrap-completed",
  "wrap-timing",
  "wrap-three",
  "deco-none",
  "deco-completed",
  "deco-timing",
  "deco-three",
  "dc-guarded-0",
  "dc-guarded-1",
  "dc-unguarded-0",
  "dc-unguarded-1",
  "otel-noop",
] as const;
export type Variant = (typeof VARIANTS)[number];

type AnyFn = (this: unknown, item: Item, n: number) => unknown;
interface Item {
  readonly qty: number;
  readonly price: number;
  readonly rate: Promise<number>;
}

/** Inputs: 64 objects of one shape, with integer fields; the argument `n` varies per call too. */
const items: Item[] = Array.from({ length: 64 }, (_, k) => ({ qty: k + 1, price: 3 + (k % 7), rate: Promise.resolve(k & 7) }));

let observerCalls = 0;
/** A no-op observer that counts its calls (so the calls are real and checkable). */
class Noop extends BaseObserver {
  update(): void {
    observerCalls++;
  }
}
const { COMPLETED } = ExecutionState;

function observersOf(variant: Variant): BaseObserver[] {
  // The minimal interest: one state, no clock, no parent (a no-op reads neither).
  if (variant.endsWith("-completed")) return [new Noop({ name: "completed", states: [COMPLETED], timing: false, nesting: false })];
  if (variant.endsWith("-completed-nesting")) return [new Noop({ name: "completed", states: [COMPLETED], timing: false, nesting: true })];
  if (variant.endsWith("-timing")) return [new Noop({ name: "timing", states: [COMPLETED], timing: true })];
  if (variant.endsWith("-three")) {
    // Three observers of all states (the seed's observers switch on context.state), timing on (the default).
    return [new Noop({ name: "low", priority: 10 }), new Noop({ name: "high", priority: 30 }), new Noop({ name: "mid", priority: 20 })];
  }
  return [];
}

interface Target {
  fns: readonly AnyFn[];
  thisArg?: object;
}

async function targetOf(variant: Variant, mode: Mode, shape: Shape): Promise<Target> {
  const pick = <T>(sync: T, async: T): T => (mode === "sync" ? sync : async);
  const observers = observersOf(variant);
  switch (variant) {
    case "plain": {
      const m = await import("./plain.js");
      return { fns: pick(m.syncFns, m.asyncFns) as AnyFn[] };
    }
    case "plain-copy": {
      // A/A control: the same plain functions from an identical copy of their module. Any difference from
      // "plain" is the noise floor of the method (code placement, machine load), not a cost.
      const m = await import("./plain-copy.js");
      return { fns: pick(m.syncFns, m.asyncFns) as AnyFn[] };
    }
    case "plain-method": {
      const m = await import("./methods.js");
      return { fns: pick(m.syncMethods, m.asyncMethods) as AnyFn[], thisArg: pick(new m.Prices(), new m.AsyncPrices()) };
    }
    case "obs-none":
    case "obs-completed":
    case "obs-completed-nesting":
    case "obs-timing":
    case "obs-three": {
      const m = await import("./observed.js");
      const fns = pick(m.syncFns, m.asyncFns) as AnyFn[];
      if (observers.length > 0) observe(shape === "mono" ? fns[0]! : "bench", ...observers);
      return { fns };
    }
    case "wrap-none":
    case "wrap-completed":
    case "wrap-timing":
    case "wrap-three": {
      const m = await import("./plain.js");
      const plain = pick(m.syncFns, m.asyncFns) as AnyFn[];
      return { fns: (shape === "mono" ? plain.slice(0, 1) : plain).map((f) => wrap(f, observers as unknown as WrapObserver[])) };
    }
    case "deco-none":
    case "deco-completed":
    case "deco-timing":
    case "deco-three": {
      setDecoratorObservers(observers as unknown as WrapObserver[], (name) => shape === "mega" || name === "price0" || name === "priceAsync0");
      const m = await import("./decorated.js");
      return { fns: pick(m.syncMethods, m.asyncMethods) as AnyFn[], thisArg: pick(new m.Prices(), new m.AsyncPrices()) };
    }
    case "dc-guarded-0":
    case "dc-guarded-1":
    case "dc-unguarded-0":
    case "dc-unguarded-1": {
      const m = await import("./tracing.js");
      if (variant.endsWith("-1")) {
        // One no-op subscriber of the end of the call: `end` for traceSync, `asyncEnd` (settlement) for tracePromise.
        const handlers = pick({ end: () => void observerCalls++ }, { asyncEnd: () => void observerCalls++ });
        const channels = pick(m.channels, m.asyncChannels);
        for (const channel of shape === "mono" ? channels.slice(0, 1) : channels) channel.subscribe(handlers as never);
      }
      const guarded = variant.startsWith("dc-guarded");
      return { fns: (guarded ? pick(m.guardedFns, m.guardedAsyncFns) : pick(m.unguardedFns, m.unguardedAsyncFns)) as AnyFn[] };
    }
    case "otel-noop": {
      const m = await import("./otel.js");
      return { fns: pick(m.syncFns, m.asyncFns) as AnyFn[] };
    }
  }
}

export interface Case {
  /** The closure the harness times: one call (awaited in async mode). */
  readonly call: () => unknown;
  /** One call, not awaited: what the allocation probe runs N times before draining microtasks. */
  readonly fire: () => unknown;
  /** Observer (or subscriber) calls so far. */
  readonly observerCalls: () => number;
  /** Whether observers are expected to run. */
  readonly observed: boolean;
}

// The inputs vary per call (k cycles through 1024 values, the item through 64 objects) and every result
// goes to mitata's do_not_optimize sink, so nothing can be constant-folded or dropped.
export async function setupCase(variant: Variant, mode: Mode, shape: Shape): Promise<Case> {
  const { fns, thisArg } = await targetOf(variant, mode, shape);
  let i = 0;
  let fire: () => unknown;
  if (shape === "mono") {
    const f = fns[0]!;
    fire =
      thisArg === undefined
        ? () => {
            const k = (i = (i + 1) & 1023);
            return f(items[k & 63]!, k);
          }
        : () => {
            const k = (i = (i + 1) & 1023);
            return f.call(thisArg, items[k & 63]!, k);
          };
  } else {
    fire =
      thisArg === undefined
        ? () => {
            const k = (i = (i + 1) & 1023);
            const f = fns[k & 63]!;
            return f(items[k & 63]!, k);
          }
        : () => {
            const k = (i = (i + 1) & 1023);
            return fns[k & 63]!.call(thisArg, items[k & 63]!, k);
          };
  }
  const call =
    mode === "sync"
      ? () => {
          do_not_optimize(fire());
        }
      : async () => {
          do_not_optimize(await fire());
        };
  return { call, fire, observerCalls: () => observerCalls, observed: !/none|-0$|plain|otel/.test(variant) };
}
