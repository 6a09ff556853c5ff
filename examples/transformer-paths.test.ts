/**
 * The same examples through the other transformer paths; their reports must equal those of the esbuild
 * builds the tour and the other tests use:
 * - tsc with ts-patch (`tspc`) and `"plugins": [{ "transform": "ts-observed/transformer" }]` in a tsconfig;
 * - `node --import ts-observed/register`, which rewrites the TypeScript sources as Node loads them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { EXAMPLES_DIR, OUT_DIR, loadExample, type Scenario } from "./build.js";
import { compile } from "../test/harness/tsc-path.js";

/** Examples whose reports are fully deterministic (fake clocks, no network, no ids from other runs). */
const DETERMINISTIC: readonly Scenario[] = [
  "lifecycle", "counter", "rate-limit", "cache", "business-metrics", "template-method", "strategy", "robust", "prometheus", "diagnostics-channel",
];
const ROOT = dirname(EXAMPLES_DIR);

/** Runs each example's `run()` in a child Node process and returns the reports (as JSON). */
function runInChild(moduleUrlOf: (scenario: Scenario) => string, nodeArgs: string[] = []): Record<string, unknown> {
  const urls = Object.fromEntries(DETERMINISTIC.map((scenario) => [scenario, moduleUrlOf(scenario)]));
  const script = `
    const reports = {};
    for (const [scenario, url] of Object.entries(${JSON.stringify(urls)})) {
      const example = await import(url);
      reports[scenario] = await example.run({ log: () => {} });
    }
    process.stdout.write(JSON.stringify(reports));`;
  const output = execFileSync(process.execPath, [...nodeArgs, "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  return JSON.parse(output) as Record<string, unknown>;
}

/** The reports of the esbuild builds, through JSON like the children's. */
async function esbuildReports(): Promise<Record<string, unknown>> {
  const reports: Record<string, unknown> = {};
  for (const scenario of DETERMINISTIC) {
    const example = await loadExample<unknown>(scenario);
    reports[scenario] = JSON.parse(JSON.stringify(await example.run({ log: () => {} })));
  }
  return reports;
}

let expected: Record<string, unknown>;
beforeAll(async () => {
  expected = await esbuildReports();
  await shutdown();
});

afterEach(async () => {
  await shutdown();
});

describe("examples through the other transformer paths", () => {
  it("tsc + ts-patch (tspc) with the ts-observed/transformer plugin", async () => {
    const dir = join(OUT_DIR, "tsc");
    mkdirSync(dir, { recursive: true });
    // ts-patch resolves the plugin's `transform` from the tsconfig's folder, as in a user's project.
    const link = join(OUT_DIR, "node_modules", "ts-observed");
    if (!existsSync(link)) {
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(ROOT, link, "dir");
    }
    const tsconfig = {
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022", "ESNext.Disposable"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: true,
        types: ["node"],
        rootDir: EXAMPLES_DIR,
        outDir: join(dir, "out"),
        plugins: [{ transform: "ts-observed/transformer" }],
      },
      files: DETERMINISTIC.map((scenario) => join(EXAMPLES_DIR, scenario, "main.ts")),
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const tspc = createRequire(import.meta.url).resolve("ts-patch/bin/tspc.js");
    await compile(tspc, join(dir, "tsconfig.json")); // retries ts-patch's lock timeout (test/harness/tsc-path.ts)
    const reports = runInChild((scenario) => pathToFileURL(join(dir, "out", scenario, "main.js")).href);
    for (const scenario of DETERMINISTIC) expect(reports[scenario], scenario).toEqual(expected[scenario]);
  });

  it("node --import ts-observed/register (the TypeScript sources, rewritten on load)", () => {
    const reports = runInChild((scenario) => pathToFileURL(join(EXAMPLES_DIR, scenario, "main.ts")).href, ["--import", "ts-observed/register"]);
    for (const scenario of DETERMINISTIC) expect(reports[scenario], scenario).toEqual(expected[scenario]);
  });
});
