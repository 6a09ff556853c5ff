import { generalizeFields, startCall, type CallContext } from "./context.js";
import { registry } from "./registry.js";
import { AWAITS_THENABLES, CALL_BITS, COMPLETE, COMPLETES_ON_RETURN, FAILURE, NEST, NESTS, REDACT, SUCCESS, TIMING } from "./states.js";
import type { Registration } from "./subscription-record.js";
import type { SiteMeta } from "./types.js";

// A module-local copy (a function declaration of context.ts, so it is initialized whatever the module
// evaluation order): optimized code reads an imported binding through its cell, with a hole check.
const start = startCall;

const OUTCOME_BITS = SUCCESS | FAILURE | COMPLETE;

/**
 * The static call site of one observed function, created once at module load. Its `on` field is the
 * interest cache read by every call: 0 when nobody listens. It is recomputed only when subscriptions
 * change (or an observer is disabled), never per call.
 */
export class Site {
  /**
   * Interest bits of the attached observers, plus TIMING, NEST and REDACT (states.ts); 0: the call runs as
   * the plain function. Generated code reads its copy in a module variable (see {@link publish}).
   */
  on = 0;
  /** Attached observers per state index (PRE, SUCCESS, FAILURE, COMPLETED, ERROR), dispatch order. */
  lists: Registration[][] = [[], [], [], [], []];
  /** Bit i set: parameter i is `@redact`ed. */
  readonly redactMask: number;
  /** NESTS | AWAITS_THENABLES | COMPLETES_ON_RETURN (states.ts), from the metadata. */
  readonly traits: number;

  /**
   * Writes `on` into the generated module's own variable, which the entry guard reads (docs/EMIT.md): a
   * small integer in a module variable costs the guard fewer instructions than a field of this object.
   * Undefined for a site made outside generated code (`createTestContext`), whose calls no guard reads.
   */
  readonly publish: ((on: number) => void) | undefined;

  /**
   * Creates a site that is not registered: generated code calls `site()`, which freezes the metadata and
   * registers the site so that subscriptions reach it.
   *
   * @param meta The function's static metadata, as the transformer wrote it.
   * @param publish Receives `on` whenever it changes (see {@link publish}).
   */
  constructor(
    /** Static metadata of the observed function: what every context of this site returns as `functionSignature`. */
    readonly meta: SiteMeta,
    publish?: (on: number) => void,
  ) {
    this.publish = publish;
    let mask = 0;
    meta.params.forEach((name, index) => {
      if (meta.redact.includes(name)) mask |= 1 << Math.min(index, 30);
    });
    this.redactMask = mask;
    this.traits =
      (!meta.generator && (!meta.async || meta.awaits === true) ? NESTS : 0) |
      (meta.async || !meta.generator ? AWAITS_THENABLES : 0) |
      (!meta.generator ? COMPLETES_ON_RETURN : 0);
  }

  /**
   * Starts an observed call of this site's function with up to four declared parameter values (called
   * by generated code when `on` is not 0; docs/EMIT.md). A method of the site, not an imported function:
   * generated code then reads no imported binding (each read is a cell load and a hole check), and the
   * callee is a constant of the site's stable hidden class. Null (the call runs unobserved) while an
   * observer is running further up the stack.
   */
  enter(thisArg: unknown, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): CallContext | null {
    return start(this, thisArg, a0, a1, a2, a3, undefined);
  }

  /** {@link enter} for a function with more than four parameters: `values` holds them all. */
  enterN(thisArg: unknown, values: unknown[]): CallContext | null {
    return start(this, thisArg, undefined, undefined, undefined, undefined, values);
  }
}

function byPriority(a: Registration, b: Registration): number {
  return b.priority - a.priority || a.order - b.order;
}

/** The dispatch lists and interest bits of one set of attached observers. */
interface Attachment {
  readonly lists: Registration[][];
  readonly on: number;
}

/**
 * Sites with the same attached observers (every site of a group, or all of them under `"*"`) share one
 * set of lists: a call then reads lists that calls of other functions keep in the data cache. Keyed by
 * the registrations' subscription order (unique per registration, so an entry never goes stale); kept in
 * the registry, shared by every copy of the runtime like the subscriptions, and emptied whenever they
 * change (refreshAll) so that ended subscriptions are not kept alive.
 */
function attachmentOf(attached: readonly Registration[]): Attachment {
  const attachments = (registry.attachments ??= new Map());
  const key = attached.map((registration) => registration.order).join(" ");
  let attachment = attachments.get(key);
  if (attachment === undefined) {
    const lists: Registration[][] = [[], [], [], [], []];
    let on = 0;
    for (const registration of attached) {
      for (let index = 0; index < 5; index++) {
        if (registration.mask & (1 << index)) lists[index]!.push(registration);
      }
      on |= registration.mask;
      if (registration.timing && registration.mask & OUTCOME_BITS) on |= TIMING;
    }
    attachment = { lists, on };
    attachments.set(key, attachment);
  }
  return attachment;
}

/** The bits of `on` a site sets whoever observes it: REDACT when it has `@redact`ed parameters. */
export function ownBits(site: Site): number {
  return site.redactMask !== 0 ? REDACT : 0;
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
  const attachment = attachmentOf(attached);
  let on = attachment.on;
  site.lists = attachment.lists;
  if (registry.nesting && site.traits & NESTS) on |= NEST;
  on |= ownBits(site);
  // An observer of ERROR alone never needs a context: ERROR fires only when another observer fails.
  setInterest(site, on & CALL_BITS ? on : 0);
}

/** Sets a site's interest, and the generated module's copy of it that the entry guard reads. */
function setInterest(site: Site, on: number): void {
  site.on = on;
  site.publish?.(on);
}

/** Recomputes whether any observer wants nesting tracked, then every site's interest. */
export function refreshAll(): void {
  registry.attachments?.clear();
  // First: every site's NEST bit depends on it.
  registry.nesting = registry.subscriptions.some((subscription) =>
    subscription.registrations.some((registration) => registration.nesting && !registration.breaker.disabled),
  );
  for (const site of registry.sites) refreshSite(site);
}

/** Freezes the metadata the transformer wrote; it is shared by every context of the site. */
function freezeMeta(meta: SiteMeta): SiteMeta {
  Object.freeze(meta.params);
  Object.freeze(meta.groups);
  Object.freeze(meta.redact);
  Object.freeze(meta.capture);
  return Object.freeze(meta);
}

let generalized = false;

/**
 * Creates and registers the site of one observed function (called by generated code at module load).
 * `publish` receives the site's interest now and whenever it changes (see {@link Site.publish}).
 */
export function site(meta: SiteMeta, publish?: (on: number) => void): Site {
  const created = new Site(freezeMeta(meta), publish);
  // Once, before the first call of any observed function (see generalizeFields in context.ts).
  if (!generalized) {
    generalized = true;
    generalizeFields(created);
  }
  registry.sites.push(created);
  refreshSite(created);
  return created;
}

/** Associates an observed function object with its site, so `observe(fn)` can find it. */
export function bind(target: Site, fn: unknown): void {
  if (typeof fn === "function") registry.functions.set(fn, target);
}
