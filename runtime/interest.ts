/**
 * Interest: which observers each site calls, and the `on` bits its entry guard reads. Recomputed only when
 * subscriptions change or an observer is disabled (the cold path), never per call. A module of its own so that
 * dispatch (which refreshes when a circuit breaker trips) does not import site.ts, which imports the context
 * and through it dispatch: bundlers warned about that import cycle on every build.
 */
import { liveSites, registry } from "./registry.js";
import type { Site } from "./site.js";
import { CALL_BITS, COMPLETE, FAILURE, NEST, NESTS, REDACT, SUCCESS, TIMING } from "./states.js";
import type { Registration } from "./subscription-record.js";

const OUTCOME_BITS = SUCCESS | FAILURE | COMPLETE;

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
  site.completed = attachment.lists[3]!;
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
  for (const site of liveSites()) refreshSite(site);
}
