import { generalizeFields, startCall, type CallContext } from "./context.js";
import { addSite, registry } from "./registry.js";
import { refreshSite } from "./interest.js";
import { AWAITS_THENABLES, COMPLETES_ON_RETURN, NESTS } from "./states.js";
import type { Registration } from "./subscription-record.js";
import type { SiteMeta } from "./types.js";

// A module-local copy (a function declaration of context.ts, so it is initialized whatever the module
// evaluation order): optimized code reads an imported binding through its cell, with a hole check.
const start = startCall;

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
  /** `lists[3]`, the COMPLETED observers, in a field of its own: what the exit of every call reads (context.ts). */
  completed: Registration[] = this.lists[3]!;
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
   * callee is a constant of the site's stable hidden class. It is `startCall` itself (context.ts), set on the
   * prototype below: no wrapper between the generated call and the entry.
   */
  declare enter: (thisArg: unknown, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown) => CallContext;

  /** {@link enter} for a function with more than four parameters: `values` holds them all. */
  enterN(thisArg: unknown, values: unknown[]): CallContext {
    return start.call(this, thisArg, undefined, undefined, undefined, undefined, values);
  }
}

// A wrapper method calling startCall was 31 bytes of bytecode more in every caller that inlines an observed
// function, against TurboFan's inlining budget (see startCall).
Site.prototype.enter = start;

/**
 * What generated code passes to {@link site}: a {@link SiteMeta} without the fields at their default
 * (`qualifiedName`: `name`; `kind`: "function"; flags: false; lists: empty), which {@link site} fills in.
 */
export type SiteMetaInput = Pick<SiteMeta, "name" | "file" | "line" | "column"> & Partial<SiteMeta>;

const NONE: readonly string[] = Object.freeze([]);

/**
 * The full, frozen metadata of a site, shared by every context of the site: the transformer's object with
 * its defaults filled in, every field present in the documented order (one hidden class for every site).
 */
function expandMeta(meta: SiteMetaInput): SiteMeta {
  const list = (values: readonly string[] | undefined): readonly string[] => (values === undefined || values.length === 0 ? NONE : Object.freeze(values));
  return Object.freeze({
    name: meta.name,
    qualifiedName: meta.qualifiedName ?? meta.name,
    file: meta.file,
    line: meta.line,
    column: meta.column,
    kind: meta.kind ?? "function",
    async: meta.async ?? false,
    generator: meta.generator ?? false,
    params: list(meta.params),
    rest: meta.rest ?? false,
    groups: list(meta.groups),
    redact: list(meta.redact),
    capture: list(meta.capture),
    awaits: meta.awaits ?? false,
  });
}

let generalized = false;

/** The `publish` of the site generalizeFields is given: a non-arrow function, like the generated ones. */
function unpublished(_on: number): void {}

/**
 * Creates and registers the site of one observed function (called by generated code at module load).
 * `publish` receives the site's interest now and whenever it changes (see {@link Site.publish}).
 */
export function site(meta: SiteMetaInput, publish?: (on: number) => void): Site {
  const created = new Site(expandMeta(meta), publish);
  // Once, before the first call of any observed function (see generalizeFields in context.ts).
  if (!generalized) {
    generalized = true;
    // A site of its own (never registered): generalizeFields keeps its contexts alive for the life of the
    // process, and a real site would keep its module's scope alive through `publish` (see Registry.siteRefs).
    generalizeFields(new Site(created.meta, unpublished));
  }
  addSite(created);
  refreshSite(created);
  return created;
}

/** Associates an observed function object with its site, so `observe(fn)` can find it. */
export function bind(target: Site, fn: unknown): void {
  if (typeof fn === "function") registry.functions.set(fn, target);
}
