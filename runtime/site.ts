import { registry } from "./registry.js";
import { CALL_BITS, COMPLETE, FAILURE, SUCCESS, TIMING } from "./states.js";
import type { Registration } from "./subscription-record.js";
import type { SiteMeta } from "./types.js";

const OUTCOME_BITS = SUCCESS | FAILURE | COMPLETE;

/**
 * The static call site of one observed function, created once at module load. Its `on` field is the
 * interest cache read by every call: 0 when nobody listens. It is recomputed only when subscriptions
 * change (or an observer is disabled), never per call.
 */
export class Site {
  /** Interest bits of the attached observers (states.ts); 0: the call runs as the plain function. */
  on = 0;
  /** Attached observers per state index (PRE, SUCCESS, FAILURE, COMPLETED, ERROR), dispatch order. */
  lists: Registration[][] = [[], [], [], [], []];
  /** Bit i set: parameter i is `@redact`ed. */
  readonly redactMask: number;
  /**
   * The call is the parent of observed calls it makes: synchronous functions, and async functions whose
   * awaits the transformer instrumented. Generators never nest: the body suspends at uninstrumented yields.
   */
  readonly nests: boolean;
  /** Whether a returned thenable is settled before POST_* (everything but sync generators). */
  readonly awaitsThenables: boolean;
  /**
   * `ok` also unnests and completes: every function but generators, whose emitted body has no `finally`
   * (docs/EMIT.md). A generator completes in its `finally` (`done`), which a consumer's `return()` also runs.
   */
  readonly completesOnReturn: boolean;

  constructor(readonly meta: SiteMeta) {
    let mask = 0;
    meta.params.forEach((name, index) => {
      if (meta.redact.includes(name)) mask |= 1 << Math.min(index, 30);
    });
    this.redactMask = mask;
    this.nests = !meta.generator && (!meta.async || meta.awaits === true);
    this.awaitsThenables = meta.async || !meta.generator;
    this.completesOnReturn = !meta.generator;
  }
}

function byPriority(a: Registration, b: Registration): number {
  return b.priority - a.priority || a.order - b.order;
}

/** Recomputes one site's interest from the live subscriptions: the cold path. */
export function refreshSite(site: Site): void {
  const attached: Registration[] = [];
  for (const subscription of registry.subscriptions) {
    if (!subscription.matches(site)) continue;
    for (const registration of subscription.registrations) {
      if (!registration.breaker.disabled) attached.push(registration);
    }
  }
  attached.sort(byPriority);
  const lists: Registration[][] = [[], [], [], [], []];
  let on = 0;
  for (const registration of attached) {
    for (let index = 0; index < 5; index++) {
      if (registration.mask & (1 << index)) lists[index]!.push(registration);
    }
    on |= registration.mask;
    if (registration.timing && registration.mask & OUTCOME_BITS) on |= TIMING;
  }
  site.lists = lists;
  // An observer of ERROR alone never needs a context: ERROR fires only when another observer fails.
  site.on = on & CALL_BITS ? on : 0;
}

/** Recomputes every site's interest, and whether any observer wants nesting tracked. */
export function refreshAll(): void {
  for (const site of registry.sites) refreshSite(site);
  registry.nesting = registry.subscriptions.some((subscription) =>
    subscription.registrations.some((registration) => registration.nesting && !registration.breaker.disabled),
  );
}

/** Freezes the metadata the transformer wrote; it is shared by every context of the site. */
function freezeMeta(meta: SiteMeta): SiteMeta {
  Object.freeze(meta.params);
  Object.freeze(meta.groups);
  Object.freeze(meta.redact);
  Object.freeze(meta.capture);
  return Object.freeze(meta);
}

/** Creates and registers the site of one observed function (called by generated code at module load). */
export function site(meta: SiteMeta): Site {
  const created = new Site(freezeMeta(meta));
  registry.sites.push(created);
  refreshSite(created);
  return created;
}

/** Associates an observed function object with its site, so `observe(fn)` can find it. */
export function bind(target: Site, fn: unknown): void {
  if (typeof fn === "function") registry.functions.set(fn, target);
}
