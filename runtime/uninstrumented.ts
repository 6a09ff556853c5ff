/**
 * Says so when observers were attached by name (a name, group, glob, RegExp or `"*"`) in a process where no
 * observed function ever loads: the code was built without ts-observed's transformer or plugin (tsc without
 * ts-patch, SWC, Babel, a bundler without the plugin), or its files are outside `include`. Its tags are then
 * plain comments and the observers receive nothing, with no error anywhere: `observe(fn)` on such a function
 * throws ("not an observed function object"), but a name cannot tell a function that never loads from one
 * that loads later. So the check waits: {@link NOTHING_LOADED_AFTER_MS} after the first such call, and when the
 * process exits, whichever comes first; once per process. Never on the hot path.
 */
import { otherProtocols, registry } from "./registry.js";

/** How long after the first `observe(name)` a process with no observed function is told so. */
export const NOTHING_LOADED_AFTER_MS = 30_000;

/**
 * Set on `process` once a copy of the runtime watches: one exit listener and one timer per process, however
 * many copies load (Jest and Vitest load the runtime again for every test file, on the same `process`).
 */
const WATCHING = Symbol.for("ts-observed.watching-for-uninstrumented");

/** Called by `observe()` for a target that is not a function. */
export function watchForUninstrumented(target: string | RegExp): void {
  if (registry.siteRefs.length > 0 || typeof process !== "object" || typeof process.once !== "function") return;
  const flags = process as unknown as Record<symbol, true | undefined>;
  if (flags[WATCHING] === true) return;
  flags[WATCHING] = true;
  const where = callerOf(new Error().stack);
  const since = Date.now();
  const check = (exiting: boolean): void => {
    process.off("exit", atExit);
    clearTimeout(timer);
    // A site registered since (by this copy of the runtime or another), or nothing left to tell: all is well.
    if (registry.siteRefs.length > 0 || registry.subscriptions.length === 0) return;
    const when = exiting ? "before the process exited" : `in the ${Math.round((Date.now() - since) / 1000)} s since`;
    console.warn(
      `[ts-observed] observe(${typeof target === "string" ? JSON.stringify(target) : String(target)})${where === undefined ? "" : ` (${where})`} ` +
        `attached observers, but no observed function loaded ${when}: they receive nothing. ` +
        (otherProtocols().length > 0
          ? "Functions instrumented for another version of the runtime (warned about above) do not count: install one version."
          : "Was the code built without ts-observed's transformer or plugin (SWC, tsc without ts-patch, a bundler " +
            "without the plugin), or outside `include`? See the README's build paths."),
    );
  };
  const atExit = (): void => check(true);
  const timer = setTimeout(() => check(false), NOTHING_LOADED_AFTER_MS);
  (timer as { unref?: () => void }).unref?.();
  process.once("exit", atExit);
}

/** The stack frame after `observe`'s: where it was called (undefined when a bundler renamed it). */
export function callerOf(stack: string | undefined): string | undefined {
  const frames = (stack ?? "").split("\n").map((line) => line.trim());
  const at = frames.findIndex((line) => line.startsWith("at observe "));
  return at === -1 ? undefined : frames[at + 1]?.replace(/^at /, "");
}
