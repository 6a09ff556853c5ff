/**
 * Builds one example through the transformer (the esbuild plugin) into `examples/.out/<scenario>/main.mjs`
 * and imports it. Shared by the tests and by `tour.mjs`, so both run exactly the code a user's bundler
 * would produce. `packages: "external"` leaves `ts-observed` imports alone: the built file, inside this
 * package, resolves them to the package itself (its `exports`), the same runtime the tests import.
 */
import { build } from "esbuild";
import { observed } from "ts-observed/esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Every scenario, in the order the tour shows them. */
export const SCENARIOS = [
  "counter",
  "rate-limit",
  "cache",
  "security-audit",
  "performance-profile",
  "business-metrics",
  "template-method",
  "strategy",
  "robust",
  "memory-bounded",
  "batching",
  "database",
  "webhook",
  "opentelemetry",
] as const;

export type Scenario = (typeof SCENARIOS)[number];

/** What every example's `main.ts` exports. */
export interface ExampleModule<Report, Options = Record<string, unknown>> {
  /** One-line description, used as the tour's heading. */
  readonly title: string;
  run(options?: Options & { log?: (line: string) => void }): Promise<Report>;
}

// The folder this file is in; when the tour runs the compiled copy from `.out/`, its parent.
const here = dirname(fileURLToPath(import.meta.url));
export const EXAMPLES_DIR = here.endsWith(".out") ? dirname(here) : here;
export const OUT_DIR = join(EXAMPLES_DIR, ".out");
const ROOT = dirname(EXAMPLES_DIR);

/** Builds `examples/<scenario>/main.ts` through the transformer; returns the output file. */
export async function buildExample(scenario: Scenario): Promise<string> {
  const outfile = join(OUT_DIR, scenario, "main.mjs");
  await build({
    entryPoints: [join(EXAMPLES_DIR, scenario, "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    absWorkingDir: ROOT,
    logLevel: "warning",
    plugins: [observed({ root: ROOT })],
  });
  return outfile;
}

/** Builds and imports an example; `Report` is the type its `run()` resolves to. */
export async function loadExample<Report, Options = Record<string, unknown>>(scenario: Scenario): Promise<ExampleModule<Report, Options>> {
  const outfile = await buildExample(scenario);
  // A fresh URL per build: a rebuilt file is imported anew, not served from the module cache.
  const url = `${pathToFileURL(outfile).href}?t=${Date.now()}`;
  return (await import(/* @vite-ignore */ url)) as ExampleModule<Report, Options>;
}
