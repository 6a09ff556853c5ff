// What `npm pack` puts in the published package. The TypeScript 6 parser of the bundler path is a bundled
// dependency (package.json bundleDependencies): as a plain dependency its own dependency, `@typescript/old`
// (an alias of typescript@6, with a `tsc` bin), was hoisted next to the project's `typescript`, and npm
// linked ITS `tsc` into the project's node_modules/.bin: `tsc` turned into TypeScript 6 after installing
// ts-observed, and `tsc` after `ts-patch install` ran without the transformer (found by a new-user trial).
// Bundled, both live in node_modules/ts-observed/node_modules, whose bins npm does not link at the top.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { rollup, type RollupLog } from "rollup";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness/fixtures.js";

describe("npm pack", () => {
  it("bundles the TypeScript 6 parser with the package, and ships dist/ and the README", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, maxBuffer: 1 << 26 });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[]; bundled: string[] }[];
    const paths = new Set(packed!.files.map((f) => f.path));
    expect(packed!.bundled).toEqual(expect.arrayContaining(["@typescript/typescript6", "@typescript/old"]));
    for (const path of [
      "node_modules/@typescript/typescript6/package.json",
      "node_modules/@typescript/old/lib/typescript.js",
      "dist/esm/transformer/rewrite/parse.js",
      "dist/cjs/runtime/index.js",
      "dist/types/runtime/index.d.ts",
      "README.md",
    ]) {
      expect(paths.has(path), path).toBe(true);
    }
    // Nothing from the sources, tests or benchmarks.
    expect([...paths].filter((p) => /^(runtime|transformer|test|bench|examples)\//.test(p))).toEqual([]);
  });
});

describe("the published runtime", () => {
  it("has no import cycle: Rollup would warn about it in every user's build", async () => {
    const warnings: RollupLog[] = [];
    const entries = ["runtime/index.js", "runtime/emit-api.js", "runtime/observers/index.js", "runtime/testing.js", "runtime/async-context.js"];
    const bundle = await rollup({
      input: entries.map((entry) => join(ROOT, "dist/esm", entry)),
      onwarn: (warning) => void warnings.push(warning),
      external: (id) => id.startsWith("node:") || /^(@opentelemetry|better-sqlite3|prom-client)/.test(id),
    });
    await bundle.close();
    expect(warnings.filter((w) => w.code === "CIRCULAR_DEPENDENCY").map((w) => w.ids?.join(" -> "))).toEqual([]);
  });
});
