/**
 * The same examples through another transformer path: `node --import ts-observed/register` runs the
 * TypeScript sources directly (module hooks rewrite them on load). Their reports must equal the ones of
 * the esbuild builds.
 */
import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { EXAMPLES_DIR, loadExample, type Scenario } from "./build.js";

const DETERMINISTIC: readonly Scenario[] = ["counter", "rate-limit", "cache", "business-metrics", "template-method", "strategy", "robust"];

afterEach(async () => {
  await shutdown();
});

describe("examples through the Node loader (node --import ts-observed/register)", () => {
  it("give the same reports as their esbuild builds", async () => {
    const script = `
      const reports = {};
      for (const scenario of ${JSON.stringify(DETERMINISTIC)}) {
        const example = await import(new URL(scenario + "/main.ts", ${JSON.stringify(pathToFileURL(`${EXAMPLES_DIR}/`).href)}).href);
        reports[scenario] = await example.run({ log: () => {} });
      }
      process.stdout.write(JSON.stringify(reports));`;
    const output = execFileSync(process.execPath, ["--import", "ts-observed/register", "--input-type=module", "-e", script], {
      // The project root: where `ts-observed` resolves to this package and ts-patch.config.json is read.
      cwd: dirname(EXAMPLES_DIR),
      encoding: "utf8",
    });
    const viaLoader = JSON.parse(output) as Record<string, unknown>;
    for (const scenario of DETERMINISTIC) {
      const example = await loadExample<unknown>(scenario);
      // Through JSON, as the loader's reports were.
      const viaEsbuild: unknown = JSON.parse(JSON.stringify(await example.run({ log: () => {} })));
      expect(viaLoader[scenario], scenario).toEqual(viaEsbuild);
    }
  });
});
