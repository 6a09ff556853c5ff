// What `npm pack` puts in the published package. The bundler path's TypeScript 6 parser is a file of dist/
// (dist/parser/typescript.cjs, cut out of TypeScript when ts-observed is built), not a dependency: the package
// carries no compiler. (As a dependency, TypeScript 6 once turned the project's `tsc` into its own, and then was
// bundled: 24 MB in every install.)
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { rollup, type RollupLog } from "rollup";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness/fixtures.js";

describe("npm pack", () => {
  it("ships dist/ (with the parser and TypeScript's license) and the README, and no TypeScript", async () => {
    const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, maxBuffer: 1 << 26 });
    const [packed] = JSON.parse(stdout) as { files: { path: string }[]; bundled: string[]; size: number; unpackedSize: number }[];
    const paths = new Set(packed!.files.map((f) => f.path));
    expect(packed!.bundled).toEqual([]);
    expect([...paths].filter((p) => p.startsWith("node_modules/"))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).filter((name) => /typescript/.test(name))).toEqual([]);
    for (const path of [
      "dist/parser/typescript.cjs",
      "dist/parser/typescript.json",
      "dist/parser/LICENSE.txt",
      "dist/parser/ThirdPartyNoticeText.txt",
      "dist/esm/transformer/rewrite/parse.js",
      "dist/cjs/runtime/index.js",
      "dist/cjs/package.json",
      "dist/types/runtime/index.d.ts",
      "dist/cjs/runtime/index.d.ts",
      "README.md",
    ]) {
      expect(paths.has(path), path).toBe(true);
    }
    // Nothing from the sources, tests or benchmarks.
    expect([...paths].filter((p) => /^(runtime|transformer|test|bench|examples)\//.test(p))).toEqual([]);
    // Every declaration file is there twice, the same text: dist/types (ESM) and dist/cjs (CommonJS).
    const declarations = [...paths].filter((p) => p.endsWith(".d.ts"));
    const esm = declarations.filter((p) => p.startsWith("dist/types/")).sort();
    expect(esm.length).toBeGreaterThan(20);
    expect(declarations.filter((p) => p.startsWith("dist/cjs/")).sort()).toEqual(esm.map((p) => p.replace("dist/types/", "dist/cjs/")));
    for (const path of esm) expect(readFileSync(join(ROOT, path.replace("dist/types/", "dist/cjs/")), "utf8"), path).toBe(readFileSync(join(ROOT, path), "utf8"));
    // The parser is most of it (1.4 MB, 0.3 MB compressed).
    console.log(`npm pack: ${(packed!.size / 1e6).toFixed(2)} MB packed, ${(packed!.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${paths.size} files`);
    expect(packed!.size).toBeLessThan(1.5e6);
  });

  it("types for every condition: import → dist/types, require → dist/cjs (a commonjs folder), node10 → types and typesVersions", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      main: string;
      types: string;
      typesVersions: Record<string, Record<string, string[]>>;
      exports: Record<string, string | Record<string, string | Record<string, string>>>;
    };
    expect(JSON.parse(readFileSync(join(ROOT, "dist/cjs/package.json"), "utf8"))).toEqual({ type: "commonjs" });
    const mapped = pkg.typesVersions["*"]!;
    const subpathsWithRequire: string[] = [];
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === "string" || target.require === undefined) continue;
      subpathsWithRequire.push(subpath);
      const { import: esm, require: cjs } = target as Record<string, Record<string, string>>;
      // `types` first in each condition, then the file it describes, in the folder of the same format.
      expect(Object.keys(esm!), subpath).toEqual(["types", "default"]);
      expect(Object.keys(cjs!), subpath).toEqual(["types", "default"]);
      expect(esm!.types, subpath).toBe(esm!.default!.replace("./dist/esm/", "./dist/types/").replace(/\.js$/, ".d.ts"));
      expect(cjs!.types, subpath).toBe(cjs!.default!.replace(/\.js$/, ".d.ts"));
      expect(cjs!.types!.startsWith("./dist/cjs/"), subpath).toBe(true);
      if (subpath === ".") {
        expect(pkg.types).toBe(cjs!.types);
        expect(pkg.main).toBe(cjs!.default);
      } else {
        expect(mapped[subpath.slice(2)], subpath).toEqual([cjs!.types!.slice(2)]);
      }
    }
    expect(Object.keys(mapped).sort()).toEqual(subpathsWithRequire.filter((s) => s !== ".").map((s) => s.slice(2)).sort());
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
