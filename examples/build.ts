/**
 * Builds one example through the transformer (the esbuild plugin) into `examples/.out/<scenario>/main.mjs`
 * and imports it. Shared by the tests and by `tour.mjs`, so both run exactly the code a user's bundler
 * would produce. `packages: "external"` leaves `ts-observed` imports alone: the built file, inside this
 * package, resolves them to the package itself (its `exports`), the same runtime the tests import.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Every scenario, in the order the tour shows them. */
export const SCENARIOS = [
  "lifecycle",
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
  "prometheus",
  "diagnostics-channel",
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

/**
 * Builds `examples/<scenario>/main.ts` through the transformer; returns the output file. A build whose
 * inputs (the example's files, the shared helpers, the built transformer, its config) have not changed
 * is reused: loading the plugin costs more than the rest of a test.
 */
export async function buildExample(scenario: Scenario): Promise<string> {
  const outfile = join(OUT_DIR, scenario, "main.mjs");
  const keyFile = `${outfile}.key`;
  const key = inputsKey(scenario);
  if (existsSync(outfile) && existsSync(keyFile) && readFileSync(keyFile, "utf8") === key) return outfile;

  const [{ build }, { observed }] = await Promise.all([import("esbuild"), import("ts-observed/esbuild")]);
  const result = await build({
    entryPoints: [join(EXAMPLES_DIR, scenario, "main.ts")],
    outfile,
    write: false,
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
  // Written aside and renamed: another test process may be importing this file right now.
  mkdirSync(dirname(outfile), { recursive: true });
  writeAtomically(outfile, result.outputFiles[0]!.contents);
  writeAtomically(keyFile, key);
  return outfile;
}

/** Builds and imports an example; `Report` is the type its `run()` resolves to. */
export async function loadExample<Report, Options = Record<string, unknown>>(scenario: Scenario): Promise<ExampleModule<Report, Options>> {
  const outfile = await buildExample(scenario);
  // A fresh URL per load: every caller gets its own module instance (its own module-level state).
  const url = `${pathToFileURL(outfile).href}?t=${Date.now()}-${Math.random()}`;
  return (await import(/* @vite-ignore */ url)) as ExampleModule<Report, Options>;
}

function writeAtomically(path: string, contents: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** A hash of everything the build of `scenario` reads. */
function inputsKey(scenario: Scenario): string {
  const files = [
    ...filesUnder(join(EXAMPLES_DIR, scenario)).filter((file) => !file.endsWith(".test.ts")),
    join(EXAMPLES_DIR, "support.ts"),
    ...filesUnder(join(ROOT, "dist", "esm", "transformer")),
    join(ROOT, "ts-patch.config.json"),
    join(ROOT, "node_modules", "esbuild", "package.json"),
  ];
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
