/**
 * `@capture` of a `@redact`ed name through both emit paths: tspc (TS 5.9 + ts-patch 3, TS 6 + ts-patch 4)
 * and the esbuild plugin (the source rewriter) report the same located TSO1009 warnings and still emit; the
 * built code run in a child process shows those names "[REDACTED]" in every context, never their values.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { observed } from "../transformer/esbuild.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { TSPC6 } from "./harness/paths.js";
import { runFixtures, type EventDetail, type FixtureRun } from "./harness/run.js";
import { linkPackage, runCompiler, writeTsconfig } from "./harness/tsc-path.js";

const FIXTURE = join(ROOT, "test/fixtures-invalid/capture-redacted.ts");
const TSPC5 = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
const REDACTED = "[REDACTED]";
/** Every value the fixture passes to a redacted parameter. */
const SECRETS = ["hunter2-ann", "pw-bob", "tok-secret", "scope-secret", "s3cret-many-1", "s3cret-many-2"];

/** A build: the module it wrote and its diagnostics as `line:column category TSOxxxx: message`. */
interface Built {
  module: string;
  diagnostics: string[];
}

/** A fresh output folder of this process, with a package.json saying ES module. */
function outFolder(name: string): string {
  const dir = join(OUT_DIR, `redact-capture-${name}-p${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "out"), { recursive: true });
  writeFileSync(join(dir, "out/package.json"), JSON.stringify({ type: "module" }));
  return dir;
}

async function viaTspc(name: string, compiler: string): Promise<Built> {
  const dir = outFolder(name);
  const tsconfig = writeTsconfig(dir, { name, compiler, format: "esm", plugin: true }, [FIXTURE], { rootDir: dirname(FIXTURE) });
  // Warnings only: the build succeeds (they are printed to stderr, not added to the program's diagnostics).
  const { ok, output } = await runCompiler(compiler, tsconfig);
  expect(ok, output).toBe(true);
  const diagnostics = output
    .split("\n")
    .map((l) => /capture-redacted\.ts\((\d+),(\d+)\): (error|warning) TS\d+: (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[4]!.replace(/^ts-observed /, "")}`);
  return { module: join(dir, "out/capture-redacted.js"), diagnostics };
}

async function viaEsbuild(): Promise<Built> {
  const dir = outFolder("esbuild");
  const result = await build({
    entryPoints: [FIXTURE],
    outdir: join(dir, "out"),
    absWorkingDir: ROOT,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: ["ts-observed", "ts-observed/*"],
    logLevel: "silent",
    plugins: [observed({ root: ROOT, include: ["test/fixtures-invalid/**/*"] })],
  });
  const located = (category: string) => (m: { text: string; location: { line: number; column: number } | null }) =>
    `${m.location?.line}:${(m.location?.column ?? -1) + 1} ${category} ${m.text}`;
  return { module: join(dir, "out/capture-redacted.js"), diagnostics: [...result.errors.map(located("error")), ...result.warnings.map(located("warning"))] };
}

/** The first detail of `state` for `name` (the n-th when `nth` is given). */
function detail(run: FixtureRun, state: string, name: string, nth = 0): EventDetail {
  const found = run.details.filter((d) => d.state === state && d.name === name)[nth];
  if (found === undefined) throw new Error(`no ${state} event #${nth} for ${name}`);
  return found;
}

describe("@capture of a @redact'ed name, through tspc (TS 5, TS 6) and the esbuild plugin", () => {
  const paths = ["tspc-ts5", "tspc-ts6", "esbuild"] as const;
  const built: Partial<Record<(typeof paths)[number], Built>> = {};
  let runs: Record<string, FixtureRun> = {};

  beforeAll(async () => {
    linkPackage();
    [built["tspc-ts5"], built["tspc-ts6"], built.esbuild] = await Promise.all([viaTspc("tspc-ts5", TSPC5), viaTspc("tspc-ts6", TSPC6), viaEsbuild()]);
    const report = await runFixtures("esm", paths.map((p) => built[p]!.module));
    runs = Object.fromEntries(paths.map((p) => [p, report[built[p]!.module]!]));
  }, 120_000);

  it("each path warns once per captured redacted name, at the same place with the same code and text", () => {
    const lines = readFileSync(FIXTURE, "utf8").split("\n");
    const source = (tag: string, line: string): string => {
      const index = lines.findIndex((l) => l.includes(line));
      return `${index + 1}:${lines[index]!.indexOf(tag) + 1}`;
    };
    const what = (name: string, owner: string, fn: string): string =>
      `TSO1009: @capture ${name}: "${name}" is ${owner} of function ${fn}, so ctx.localVariables.${name} reads "[REDACTED]", as its argument does. ` +
      "Remove it from @capture, or remove the parameter from @redact if its value may be observed.";
    const redacted = "a @redact'ed parameter";
    const expected = [
      `${source("@capture", "@capture password, ok")} warning ${what("password", redacted, "login")}`,
      `${source("@capture", "@capture token, scope")} warning ${what("token", `bound by "{ token, scope }", ${redacted} (redacted whole)`, "withToken")}`,
      `${source("@capture", "@capture token, scope")} warning ${what("scope", `bound by "{ token, scope }", ${redacted} (redacted whole)`, "withToken")}`,
      `${source("@capture", "@capture count, secret")} warning ${what("secret", redacted, "many")}`,
    ].sort();
    for (const path of paths) expect(built[path]!.diagnostics.sort(), path).toEqual(expected);
  });

  it("each path still emits code that runs like the source, with and without an observer, and gives the expected events", () => {
    for (const path of paths) {
      const run = runs[path]!;
      expect(run.error, path).toBeUndefined();
      expect(run.unobserved, path).toEqual({ login: [true, false], withToken: 22, many: 130, failed: "negative count" });
      expect(run.observed, path).toEqual(run.unobserved);
      expect(run.events, path).toEqual(run.expectedEvents);
    }
  });

  it("the captured redacted names read [REDACTED] in localVariables, like their arguments; other locals keep their values", () => {
    for (const path of paths) {
      const run = runs[path]!;
      expect(detail(run, "PRE_EXECUTION", "login").arguments, path).toEqual({ user: "ann", password: REDACTED });
      expect(detail(run, "POST_SUCCESS", "login").locals, path).toEqual({ password: REDACTED, ok: true });
      expect(detail(run, "POST_SUCCESS", "login", 1).locals, path).toEqual({ password: REDACTED, ok: false });
      expect(detail(run, "PRE_EXECUTION", "withToken").arguments, path).toEqual({ "{ token, scope }": REDACTED });
      expect(detail(run, "POST_SUCCESS", "withToken").locals, path).toEqual({ token: REDACTED, scope: REDACTED, granted: 22 });
      expect(detail(run, "PRE_EXECUTION", "many").arguments, path).toEqual({ a: -4, b: 1, c: 1, d: 1, secret: REDACTED });
      expect(detail(run, "POST_FAILURE", "many").locals, path).toEqual({ count: -1, secret: REDACTED });
      expect(detail(run, "POST_SUCCESS", "many").locals, path).toEqual({ count: 10, secret: REDACTED });
    }
    // Both emitters give the same contexts.
    expect(runs["tspc-ts6"]!.details).toEqual(runs["tspc-ts5"]!.details);
    expect(runs.esbuild!.details).toEqual(runs["tspc-ts5"]!.details);
  });

  it("no redacted value reaches any context", () => {
    const source = readFileSync(FIXTURE, "utf8");
    for (const secret of SECRETS) expect(source).toContain(`"${secret}"`);
    for (const path of paths) {
      const seen = JSON.stringify(runs[path]!.details);
      for (const secret of SECRETS) expect(seen, `${path}: ${secret}`).not.toContain(secret);
    }
  });
});

