/**
 * The bundler path against the tsc path: every fixture built through esbuild (ESM and CommonJS), Vite and
 * the Node loader runs like the plain build (the same bundler without the plugin, or plain tsc for the
 * loader) with and without observers and gives the expected events; its contexts and control outcomes
 * equal the tsc path's; the bad tags give the same located diagnostics as tspc.
 */
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { observed } from "../transformer/esbuild.js";
import { buildAndRun } from "./harness/fixture-suite.js";
import type { BuildPath } from "./harness/build-path.js";
import { esbuildPath } from "./harness/esbuild-path.js";
import { OUT_DIR, ROOT, fixtureName, fixturePaths } from "./harness/fixtures.js";
import { buildPaths } from "./harness/paths.js";
import { vitePath } from "./harness/vite-path.js";
import type { EventDetail, FixtureRun } from "./harness/run.js";
import { compile, linkPackage, tscPath, writeTsconfig } from "./harness/tsc-path.js";

const bundlerPaths = buildPaths.filter((p) => /^(esbuild|vite|rollup|node-loader)-/.test(p.name));
// References built into folders of this file's own (vitest runs test files in parallel workers: sharing
// tsc-path.test.ts's output folders would let one worker delete what another is running).
const TSC5 = join(ROOT, "node_modules/typescript/bin/tsc");
const TSPC5 = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
/** The tsc path of each format (a CommonJS scenario's `this` is `exports`, an ES module's its namespace). */
const tspc = {
  esm: tscPath({ name: "bundler-ref-tspc-esm", compiler: TSPC5, format: "esm", plugin: true }),
  cjs: tscPath({ name: "bundler-ref-tspc-cjs", compiler: TSPC5, format: "cjs", plugin: true }),
};
/**
 * What each path must run like. The Node loader compiles nothing ahead: the plain tsc build. Bundling itself
 * renames some things (`class _Cart`, `export default` → `x_default`): bundled builds are compared with the
 * same bundler's build without the plugin.
 */
const reference: Record<string, BuildPath> = {
  "esbuild-esm": esbuildPath("bundler-ref-esbuild-esm", "esm", false),
  "esbuild-cjs": esbuildPath("bundler-ref-esbuild-cjs", "cjs", false),
  "vite-esm": vitePath("bundler-ref-vite-esm", false),
  "node-loader-esm": tscPath({ name: "bundler-ref-plain-esm", compiler: TSC5, format: "esm", plugin: false }),
};
const bundled = (path: BuildPath): boolean => !path.name.startsWith("node-loader");

/**
 * What the tsc path's observers saw (details include arguments, args, this, groups, results, executionTime,
 * locals, the call's per-run number and its parent: nesting across awaits is compared here too).
 */
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
 * A bundle without the plugin names an anonymous `export default function` after its file (esbuild
 * `declarations_default`, Rollup `declarations`); with the plugin the function is named and bound, and its
 * `name` put back to `"default"`, its ES name (docs/EMIT.md, "Anonymous default exports"). The plain run's
 * transcript is compared with that one difference undone, and only when the observed build's default
 * function is the one named `default`.
 */
function withDefaultName(plain: FixtureRun, observed: FixtureRun): unknown {
  const name = plain.defaultName;
  if (observed.defaultName !== "default" || name === undefined || name === "default") return plain.unobserved;
  const text = JSON.stringify(plain.unobserved).replaceAll(JSON.stringify(name), '"default"').replaceAll(`[Function ${name}]`, "[Function default]");
  return JSON.parse(text) as unknown;
}

/**
 * An arrow's `this` is the lexical one, and at the top level of a module it depends on the module system
 * the *bundler* applies: esbuild keeps the ES module source's `undefined` in CommonJS output, where tsc's
 * CommonJS output has `exports`. Left out of the CommonJS comparison (ES module output compares it).
 */
function withoutModuleThis(details: EventDetail[]): EventDetail[] {
  return details.map((d) => (d.kind === "arrow" ? { ...d, thisArg: undefined } : d));
}

/**
 * tsc's CommonJS output names an anonymous default export `default_1` (a function or class `this` labels
 * show); a bundle with the plugin gives it its ES name, `default` (docs/EMIT.md, "Anonymous default exports").
 */
function withEsDefaultName(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value).replace(/\bdefault_1\b/g, "default"));
}

function sameContextsAsTsc(path: BuildPath, results: () => Record<string, FixtureRun>): void {
  const normalize = (value: unknown): unknown => (bundled(path) ? unbundled(value) : value);
  const comparable = (details: EventDetail[]): EventDetail[] => (bundled(path) && path.format === "cjs" ? withoutModuleThis(details) : details);
  const tscSide = (value: unknown): unknown => (bundled(path) && path.format === "cjs" ? withEsDefaultName(value) : value);
  it("contexts (arguments, args, this, kinds, groups, results, executionTime, locals, call numbers, parents) and control outcomes equal the tsc path's", async () => {
    const tsc = await tscRun(path.format);
    for (const [fixture, run] of Object.entries(results())) {
      expect(comparable(normalize(run.details) as EventDetail[]), `${path.name} ${fixture}`).toEqual(comparable(tscSide(tsc[fixture]!.details) as EventDetail[]));
      expect(normalize(run.control), `${path.name} ${fixture}`).toEqual(tscSide(tsc[fixture]!.control));
    }
  });
}

for (const path of bundlerPaths) {
  describe(path.name, () => {
    let results: Record<string, FixtureRun> = {};
    let plain: Record<string, FixtureRun> = {};
    beforeAll(async () => {
      [results, plain] = await Promise.all([buildAndRun(path), buildAndRun(reference[path.name]!)]);
    });
    for (const fixture of fixturePaths().map(fixtureName)) {
      it(`${fixture}: runs like the plain build (${reference[path.name]!.name}), with and without observers; expected events`, () => {
        const run = results[fixture]!;
        expect(run.error).toBeUndefined();
        expect(plain[fixture]!.error).toBeUndefined();
        const reference = bundled(path) ? withDefaultName(plain[fixture]!, run) : plain[fixture]!.unobserved;
        expect(run.unobserved).toEqual(reference);
        expect(run.observed).toEqual(reference);
        expect(plain[fixture]!.events).toEqual([]);
        expect(run.events).toEqual(run.expectedEvents);
      });
    }
    sameContextsAsTsc(path, () => results);
    it("a top-level observed arrow's thisArg is undefined (the ES module source's top-level this; the entry call passes void 0)", () => {
      const double = results["expressions"]!.details.find((d) => d.state === "PRE_EXECUTION" && d.name === "double");
      expect(double?.thisArg).toBe("undefined");
    });
  });
}

describe("observe-all through esbuild: every function of every fixture instrumented", () => {
  const everything = esbuildPath("bundler-observe-all-esm", "esm", true, { observeAll: "all" });
  let results: Record<string, FixtureRun> = {};
  let plain: Record<string, FixtureRun> = {};
  beforeAll(async () => {
    [results, plain] = await Promise.all([buildAndRun(everything), buildAndRun(reference["esbuild-esm"]!)]);
  });

  it("runs every fixture like the plain bundle, with and without an observer on every function", () => {
    for (const fixture of fixturePaths().map(fixtureName)) {
      const run = results[fixture]!;
      expect(run.error, fixture).toBeUndefined();
      expect(run.unobserved, fixture).toEqual(withDefaultName(plain[fixture]!, run));
      expect(run.observed, fixture).toEqual(withDefaultName(plain[fixture]!, run));
      // Every tagged function is still seen, among the untagged ones now observed too.
      const seen = new Set(run.events);
      for (const event of run.expectedEvents ?? []) expect(seen.has(event), `${fixture}: ${event}`).toBe(true);
      expect(run.events.length, fixture).toBeGreaterThanOrEqual((run.expectedEvents ?? []).length);
    }
    const extra = Object.values(results).reduce((n, run) => n + run.events.length - (run.expectedEvents ?? []).length, 0);
    expect(extra).toBeGreaterThan(0);
  });
});

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
    const dir = join(OUT_DIR, "bundler-diagnostics-tsc");
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
