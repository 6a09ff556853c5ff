// Functions for the integration tests, hand-written in the exact shape the transformer emits (docs/EMIT.md).
import { bind as __obs_bind, enter as __obs_enter, site as __obs_site } from "../../runtime/emit-api.js";

const meta = (name: string, params: string[], extra: Partial<Parameters<typeof __obs_site>[0]> = {}) => ({
  name, qualifiedName: name, file: "test/integrations/emitted.ts", line: 10, column: 1, kind: "function" as const,
  async: false, generator: false, params, rest: false, groups: ["integrations"], redact: [] as string[], capture: [] as string[], ...extra,
});

var __obs_s0 = __obs_site(meta("connect", ["host", "apiKey", "options"], { line: 12 }));
var __obs_s1 = __obs_site(meta("Gateway.charge", ["amount"], { name: "charge", kind: "method", async: true, awaits: true, line: 30 }));
var __obs_s2 = __obs_site(meta("checkout", ["amount"], { line: 50 }));
var __obs_s3 = __obs_site(meta("placeOrder", ["amount"], { async: true, awaits: true, line: 70 }));
var __obs_s4 = __obs_site(meta("audit", ["amount"], { line: 90 }));
__obs_bind(__obs_s0, connect);
__obs_bind(__obs_s2, checkout);

/** Sync: throws on an empty host; `apiKey` and `options.password` are sensitive by name. */
export function connect(host: string, apiKey: string, options: { retries: number; password?: string }): string {
  const __obs_c = __obs_s0?.on ? __obs_enter(__obs_s0, this, host, apiKey, options) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    if (host === "") throw new TypeError("host is empty");
    return __obs_c === null ? `conn:${host}` : (__obs_c.ok(`conn:${host}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

export class Gateway {
  /** Async: rejects for a negative amount after a short wait. */
  async charge(amount: number): Promise<string> {
    const __obs_c = __obs_s1?.on ? __obs_enter(__obs_s1, this, amount) : null;
    if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
    try {
      __obs_c === null ? await new Promise((resolve) => setTimeout(resolve, 2)) : __obs_c.resume(await __obs_c.suspend(new Promise((resolve) => setTimeout(resolve, 2))));
      if (amount < 0) throw new RangeError(`bad amount ${amount}`);
      return __obs_c === null ? `receipt:${amount}` : (__obs_c.ok(`receipt:${amount}`) as string);
    } catch (__obs_e) {
      if (__obs_c === null) throw __obs_e;
      return __obs_c.fail(__obs_e) as string;
    } finally {
      if (__obs_c !== null) __obs_c.done();
    }
  }
}

__obs_bind(__obs_s1, Gateway.prototype.charge);

/** Sync, calls the observed `connect` twice (nested calls). */
export function checkout(amount: number): string {
  const __obs_c = __obs_s2?.on ? __obs_enter(__obs_s2, this, amount) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    const a = connect("db", "k1", { retries: 1 });
    const b = connect("cache", "k2", { retries: 2 });
    return __obs_c === null ? `${a}+${b}:${amount}` : (__obs_c.ok(`${a}+${b}:${amount}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Async with instrumented awaits: charges, then connects after the await (both nested in this call). */
export async function placeOrder(amount: number): Promise<string> {
  const __obs_c = __obs_s3?.on ? __obs_enter(__obs_s3, this, amount) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    const gateway = new Gateway();
    const receipt = __obs_c === null ? await gateway.charge(amount) : (__obs_c.resume(await (__obs_c.suspend(gateway.charge(amount)) as Promise<string>)) as string);
    const conn = connect("ledger", "k", { retries: 0 });
    return __obs_c === null ? `${receipt}@${conn}` : (__obs_c.ok(`${receipt}@${conn}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}

/** Sync, three levels deep: audit → checkout → connect ×2. */
export function audit(amount: number): string {
  const __obs_c = __obs_s4?.on ? __obs_enter(__obs_s4, this, amount) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as string;
  try {
    return __obs_c === null ? `audited:${checkout(amount)}` : (__obs_c.ok(`audited:${checkout(amount)}`) as string);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as string;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}
