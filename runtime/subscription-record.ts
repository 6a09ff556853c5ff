import type { Breaker } from "./registry.js";
import type { Site } from "./site.js";
import type { ExecutionContext, UpdateResult } from "./types.js";

/** One observer as attached by one subscription: everything dispatch needs, resolved once. */
export interface Registration {
  /** The observer object (or function) as the user gave it: the key of its breaker and lifecycle. */
  readonly target: object;
  /** Its update function, called with `target` as `this`. */
  readonly update: (this: unknown, context: ExecutionContext) => UpdateResult;
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
