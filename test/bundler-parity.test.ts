/**
 * The bundler path against the tsc path: every fixture built through esbuild (ESM and CommonJS), Vite and
 * the Node loader runs like the plain build and gives the expected events; contexts equal the tsc path's;
 * the bad tags give the same located diagnostics as tspc.
 */
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { observed } from "../transformer/esbuild.js";
import { buildAndRun, defineFixtureSuite } from "./harness/fixture-suite.js";
import type { BuildPath } from "./harness/build-path.js";
import { esbuildPath } from "./harness/esbuild-path.js";
import { OUT_DIR, ROOT, fixtureName, fixturePaths } from "./harness/fixtures.js";
import { buildPaths } from "./harness/paths.js";
import { vitePath } from "./harness/vite-path.js";
import type { EventDetail, FixtureRun } from "./harness/run.js";
import { compile, linkPackage, writeTsconfig } from "./harness/tsc-path.js";

const bundlerPaths = buildPaths.filter((p) => /^(esbuild|vite|rollup|node-loader)-/.test(p.name));
/** The tsc path of each format (a CommonJS scenario's `this` is `exports`, an ES module's its namespace). */
const tspc = { esm: buildPaths.find((p) => p.name === "tspc-ts5-esm")!, cjs: buildPaths.find((p) => p.name === "tspc-ts5-cjs")! };
/** Bundling itself renames some things (`class _Cart`, `export default` → `x_default`): bundled builds are compared with the same bundler's build without the plugin. */
const bundlingReference: Record<string, BuildPath> = {
  "esbuild-esm": esbuildPath("esbuild-esm-plain", "esm", false),
  "esbuild-cjs": esbuildPath("esbuild-cjs-plain", "cjs", false),
  "vite-esm": vitePath("vite-esm-plain", false),
};

/** What the tsc path's observers saw (details include arguments, this, groups, results and locals). */
const tscResults: Partial<Record<"esm" | "cjs", Promise<Record<string, FixtureRun>>>> = {};
const tscRun = (format: "esm" | "cjs"): Promise<Record<string, FixtureRun>> => (tscResults[format] ??= buildAndRun(tspc[format]));

/**
 * Undoes the renames bundling does with or without the plugin (checked above against the plain bundle):
 * esbuild's `class _Cart` for a class whose static members refer to it, `<file>_default` for an
 * anonymous default export.
 */
function unbundled(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value).replace(/\b_([A-Z]\w*)/g, "$1").replace(/\b\w+_default\b/g, "default"));
}

/**
 * An arrow's `this` is the lexical one, and at the top level of a module it depends on the module system
 * the *bundler* applies: esbuild keeps the ES module source's `undefined` in CommonJS output, where tsc's
 * CommonJS output has `exports`. Left out of the CommonJS comparison (ES module output compares it).
 */
function withoutModuleThis(details: EventDetail[]): EventDetail[] {
  return details.map((d) => (d.kind === "arrow" ? { ...d, thisArg: undefined } : d));
}

function sameContextsAsTsc(path: BuildPath, results: () => Record<string, FixtureRun>): void {
  const bundled = bundlingReference[path.name] !== undefined;
  const normalize = (value: unknown): unknown => (bundled ? unbundled(value) : value);
  const comparable = (details: EventDetail[]): EventDetail[] => (bundled && path.format === "cjs" ? withoutModuleThis(details) : details);
  it("contexts (arguments, this, kinds, groups, results, locals) and control outcomes equal the tsc path's", async () => {
    const tsc = await tscRun(path.format);
    for (const [fixture, run] of Object.entries(results())) {
      expect(comparable(normalize(run.details) as EventDetail[]), `${path.name} ${fixture}`).toEqual(comparable(tsc[fixture]!.details));
      expect(normalize(run.control), `${path.name} ${fixture}`).toEqual(tsc[fixture]!.control);
    }
  });
}

// The Node loader compiles nothing ahead: it must run exactly like the plain tsc build.
defineFixtureSuite(bundlerPaths.filter((p) => bundlingReference[p.name] === undefined), sameContextsAsTsc);

for (const path of bundlerPaths.filter((p) => bundlingReference[p.name] !== undefined)) {
  describe(path.name, () => {
    let results: Record<string, FixtureRun> = {};
    let reference: Record<string, FixtureRun> = {};
    beforeAll(async () => {
      [results, reference] = await Promise.all([buildAndRun(path), buildAndRun(bundlingReference[path.name]!)]);
    });
    for (const fixture of fixturePaths().map(fixtureName)) {
      it(`${fixture}: runs like the same bundler's plain build, with and without observers; expected events`, () => {
        const run = results[fixture]!;
        expect(run.error).toBeUndefined();
        expect(reference[fixture]!.error).toBeUndefined();
        expect(run.unobserved).toEqual(reference[fixture]!.unobserved);
        expect(run.observed).toEqual(reference[fixture]!.unobserved);
        expect(reference[fixture]!.events).toEqual([]);
        expect(run.events).toEqual(run.expectedEvents);
      });
    }
    sameContextsAsTsc(path, () => results);
  });
}

describe("bundler paths registered", () => {
  it("covers esbuild (ESM, CommonJS), Vite and the Node loader", () => {
    expect(bundlerPaths.map((p) => p.name).sort()).toEqual(["esbuild-cjs", "esbuild-esm", "node-loader-esm", "vite-esm"]);
  });
});

describe("diagnostics: the esbuild plugin and tspc report the same bad tags at the same places", () => {
  const invalid = join(ROOT, "test/fixtures-invalid/bad-tags.ts");
  type Located = string; // "line:column category code: message"
  let viaTsc: Located[] = [];
  let viaEsbuild: Located[] = [];

  beforeAll(async () => {
    const dir = join(OUT_DIR, "diagnostics-parity-tsc");
    mkdirSync(dir, { recursive: true });
    linkPackage();
    const tsconfig = writeTsconfig(dir, { name: dir, compiler: "", format: "esm", plugin: true }, [invalid], { rootDir: join(ROOT, "test/fixtures-invalid") });
    const output = await compile(join(ROOT, "node_modules/ts-patch/bin/tspc.js"), tsconfig).then(() => "", (e: Error) => e.message);
    viaTsc = output
      .split("\n")
      .map((l) => /bad-tags\.ts\((\d+),(\d+)\): (error|warning) TS\d+: ts-observed (TSO\d{4}: .*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]}`)
      .sort();

    const result = await build({
      entryPoints: [invalid],
      write: false,
      absWorkingDir: ROOT,
      logLevel: "silent",
      plugins: [observed({ root: ROOT, include: ["test/fixtures-invalid/**/*"] })],
    }).catch((e: { errors: unknown[]; warnings: unknown[] }) => e);
    type Message = { text: string; location: { line: number; column: number } };
    const { errors, warnings } = result as { errors: Message[]; warnings: Message[] };
    const located = (category: string) => (m: Message) => `${m.location.line}:${m.location.column + 1} ${category} ${m.text}`;
    viaEsbuild = [...errors.map(located("error")), ...warnings.map(located("warning"))].sort();
  });

  it("finds every problem", () => {
    expect(viaTsc.length).toBeGreaterThanOrEqual(8);
  });

  it("reports each at the same line and column, with the same category, code and message", () => {
    expect(viaEsbuild).toEqual(viaTsc);
  });
});
