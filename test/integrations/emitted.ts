// Functions for the integration tests, written as plain tagged TypeScript and transformed by the real Vite
// plugin (vitest.config.ts).

/**
 * Sync: throws on an empty host; `apiKey` and `options.password` are sensitive by name.
 * @observed integrations
 */
export function connect(host: string, apiKey: string, options: { retries: number; password?: string }): string {
  if (host === "") throw new TypeError("host is empty");
  return `conn:${host}`;
}

export class Gateway {
  /**
   * Async: rejects for a negative amount after a short wait.
   * @observed integrations
   */
  async charge(amount: number): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (amount < 0) throw new RangeError(`bad amount ${amount}`);
    return `receipt:${amount}`;
  }
}

/**
 * Sync, calls the observed `connect` twice (nested calls).
 * @observed integrations
 */
export function checkout(amount: number): string {
  const a = connect("db", "k1", { retries: 1 });
  const b = connect("cache", "k2", { retries: 2 });
  return `${a}+${b}:${amount}`;
}

/**
 * Async with instrumented awaits: charges, then connects after the await (both nested in this call).
 * @observed integrations
 */
export async function placeOrder(amount: number): Promise<string> {
  const gateway = new Gateway();
  const receipt = await gateway.charge(amount);
  const conn = connect("ledger", "k", { retries: 0 });
  return `${receipt}@${conn}`;
}

/**
 * Sync, three levels deep: audit → checkout → connect ×2.
 * @observed integrations
 */
export function audit(amount: number): string {
  return `audited:${checkout(amount)}`;
}

/**
 * Sync: runs `work` inside its body (what an HTTP client or a driver called from the body would do).
 * @observed active-span
 */
export function runInside<T>(work: () => T): T {
  return work();
}

/**
 * Async with an instrumented await: runs `before` before the await and `after` after it.
 * @observed active-span
 */
export async function runAcrossAwait<T>(before: () => void, after: () => T): Promise<T> {
  before();
  await new Promise((resolve) => setTimeout(resolve, 1));
  return after();
}

/**
 * Async: runs `work` from a timer started inside its body (a callback the runtime tracks only with
 * `ts-observed/async-context`), and returns its result.
 * @observed active-span
 */
export async function runInTimer<T>(work: () => T): Promise<T> {
  return await new Promise<T>((resolve) => setTimeout(() => resolve(work()), 1));
}

/**
 * Sync: starts a timer that runs `work` after this call completed.
 * @observed active-span
 */
export function runAfterReturn(work: () => void): void {
  setTimeout(work, 1);
}
