import type { Breaker } from "./registry.js";
import type { Site } from "./site.js";
import type { ExecutionContext, UpdateResult } from "./types.js";

/** One observer as attached by one subscription: everything dispatch needs, resolved once. */
export interface Registration {
  /** The observer object (or function) as the user gave it: the key of its breaker and lifecycle. */
  readonly target: object;
  /**
   * What dispatch calls `update(context)` on: the observer object itself, or for a function observer an
   * adapter that calls it as a plain function. A method call, not `update.call(target, …)`: TurboFan then
   * knows the callee from the call's feedback and inlines it, where `.call` goes through the generic Call
   * builtin (docs/BENCHMARKS.md: −15% instructions for a call with one observer).
   */
  readonly receiver: {
    /** The observer's `update`, or the function observer itself through the adapter. */
    update(context: ExecutionContext): UpdateResult;
  };
  /** The observer's name (its `name`, else its constructor's or function's name, else `observer #n`), for failure reports. */
  readonly name: string;
  /** Its resolved priority: higher runs first. */
  readonly priority: number;
  /** Subscription order: ties in priority run in this order. */
  readonly order: number;
  /** Interest bits of its states (see states.ts). */
  readonly mask: number;
  /** Whether it reads `executionTime` (the site then sets TIMING when it has outcome states). */
  readonly timing: boolean;
  /** Whether it reads `parent` (nesting is then tracked while it is attached and enabled). */
  readonly nesting: boolean;
  /** Consecutive failures that trip its breaker: its own limit, else the runtime's at subscription time. */
  readonly maxFailures: number;
  /** Its circuit breaker, shared with every other registration of the same observer object. */
  readonly breaker: Breaker;
  /** How many thenables its `update` returned have not settled yet: `shutdown()` waits for them. */
  pending: number;
}

/** What a subscription routes to: a predicate on sites, and the observers it attaches. */
export interface SubscriptionRecord {
  /** Whether the subscription's target selects a site (the function, the name, group, glob, RegExp or `"*"`). */
  readonly matches: (site: Site) => boolean;
  /** The observers it attaches, one registration each, in the order given to `observe()`. */
  readonly registrations: readonly Registration[];
}
