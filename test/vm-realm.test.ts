import { describe, expect, it } from "vitest";
import { build } from "esbuild";
import { createContext, runInContext } from "node:vm";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Vitest's `vmThreads` and `vmForks` pools evaluate every module, the runtime included, in a `vm` context:
 * a realm whose `Symbol` has no `dispose` on Node 20 and 22 (their polyfill patches the main realm only).
 * A test file's `using sub = observe(…)`, lowered by Vite's transform, then looks the method up under
 * `Symbol.for("Symbol.dispose")` (trial 10: "TypeError: Object is not disposable").
 */
describe("a realm without Symbol.dispose (a vm context)", () => {
  it("`using sub = observe(…)` unsubscribes at the end of the block", async () => {
    const entry = [
      `import { observe, onCall } from "./runtime/index.ts";`,
      `export const realmHasDispose = typeof Symbol.dispose === "symbol";`,
      `export function run() {`,
      `  let sub;`,
      `  { using s = observe("*", onCall(() => {})); sub = s; if (!sub.active) throw new Error("not subscribed"); }`,
      `  return sub.active;`,
      `}`,
    ].join("\n");
    const bundle = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: "entry.ts", loader: "ts" },
      bundle: true,
      write: false,
      format: "iife",
      globalName: "probe",
      platform: "neutral",
      // `using` lowered with esbuild's helper, which falls back to Symbol.for("Symbol.dispose") as Babel's and Oxc's do.
      target: "es2022",
      logLevel: "silent",
    });
    const context = createContext({ performance, console, setTimeout, clearTimeout, queueMicrotask });
    runInContext(bundle.outputFiles[0]!.text, context);
    const probe = runInContext("probe", context) as { realmHasDispose: boolean; run(): boolean };
    // The case this test is about, on Node 20 and 22 (Node 24's V8 has Symbol.dispose in every realm).
    if (Number(process.versions.node.split(".")[0]) < 24) expect(probe.realmHasDispose).toBe(false);
    expect(probe.run()).toBe(false);
  });
});
