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
  readonly receiver: { update(context: ExecutionContext): UpdateResult };
  readonly name: string;
  readonly priority: number;
  /** Subscription order: ties in priority run in this order. */
  readonly order: number;
  /** Interest bits of its states (see states.ts). */
  readonly mask: number;
  readonly timing: boolean;
  readonly nesting: boolean;
  readonly maxFailures: number;
  readonly breaker: Breaker;
}

/** What a subscription routes to: a predicate on sites, and the observers it attaches. */
export interface SubscriptionRecord {
  readonly matches: (site: Site) => boolean;
  readonly registrations: readonly Registration[];
}
