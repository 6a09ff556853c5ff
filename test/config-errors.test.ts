/**
 * Configuration errors on the bundler path (README: "Unknown keys and wrong types are errors naming the key
 * and the file"): a bad `ts-patch.config.json` and bad plugin options fail the build, with every problem
 * named — key, file (`plugin options` for options given in code) and, for the file, line and column —
 * through the esbuild plugin, the unplugin-based plugins (Vite, Rollup, Rspack in process; webpack in a child
 * process, where a crash would show) and the Node loader (`node --import ts-observed/register`).
 * The tsc path's own config errors are tested in tsc-path.test.ts and config.test.ts.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { rspack } from "@rspack/core";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import { build as vite } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { observed as esbuildPlugin } from "../transformer/esbuild.js";
import { observed as rollupPlugin } from "../transformer/rollup.js";
import { observed as rspackPlugin } from "../transformer/rspack.js";
import type { ObservedPluginOptions } from "../transformer/rewrite/settings.js";
import { observed as vitePlugin } from "../transformer/vite.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";
import { testNodes } from "./harness/nodes.js";

const execFileAsync = promisify(execFile);
const base = join(OUT_DIR, "config-errors", `p${process.pid}`);
/** A project whose ts-patch.config.json has an unknown key (line 3) and a wrong type (line 4). */
const badFile = join(base, "bad-file");
/** A project without ts-patch.config.json: only the plugin options can be wrong. */
const noFile = join(base, "no-file");
const configFile = join(badFile, "ts-patch.config.json");

const SOURCE = "/** @observed */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\nconsole.log(add(1, 2));\n";

/** What every path must say about the bad file: both problems, each with file:line:column and its key. */
const FILE_PROBLEMS = [
  `${configFile}:3:3 - error TSO2001: unknown option "observeALL". Known options: tag, include, exclude, runtime, enabled, observeAll.`,
  `${configFile}:4:3 - error TSO2001: "enabled" must be true or false, got "yes".`,
];
/** Plugin options with an unknown key and a wrong type (not expressible in the options' type). */
const BAD_OPTIONS = { tagg: "observed", observeAll: 1 } as unknown as ObservedPluginOptions;
const OPTION_PROBLEMS = [
  'plugin options - error TSO2001: unknown option "tagg". Known options: tag, include, exclude, runtime, enabled, observeAll, root, format, cache.',
  'plugin options - error TSO2001: "observeAll" must be false, "all" or "exported", got 1.',
];

function expectProblems(message: string, problems: string[]): void {
  for (const problem of problems) expect(message).toContain(problem);
}

/** The message a build rejected with; fails the test when it did not reject. */
async function failure(build: () => Promise<unknown>): Promise<string> {
  const outcome = await build().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  expect(outcome, "the build must fail").toBeDefined();
  return outcome!;
}

beforeAll(() => {
  linkPackage();
  rmSync(base, { recursive: true, force: true });
  for (const dir of [badFile, noFile]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "main.ts"), SOURCE);
    writeFileSync(join(dir, "entry.cjs"), 'require("./main.ts");\n');
  }
  writeFileSync(configFile, '{\n  "tag": "observed",\n  "observeALL": "all",\n  "enabled": "yes"\n}\n');
});

/** Each in-process bundler: builds `dir/main.ts` with its ts-observed plugin given `options`. */
const bundlers: Record<string, (dir: string, options: ObservedPluginOptions) => Promise<unknown>> = {
  esbuild: (dir, options) =>
    esbuild({ entryPoints: [join(dir, "main.ts")], absWorkingDir: dir, bundle: true, write: false, logLevel: "silent", plugins: [esbuildPlugin(options)] }),
  vite: (dir, options) =>
    vite({ configFile: false, root: dir, logLevel: "silent", plugins: [vitePlugin(options)], build: { ssr: join(dir, "main.ts"), write: false } }),
  // Rollup has no root of its own: the plugin's default is the working directory, so the test names it.
  rollup: async (dir, options) => (await rollup({ input: join(dir, "main.ts"), plugins: [rollupPlugin({ root: dir, ...options })], onwarn: () => {} })).close(),
  rspack: (dir, options) =>
    new Promise<void>((resolve, reject) => {
      const compiler = rspack({ mode: "none", context: dir, entry: "./main.ts", output: { path: join(dir, "rspack-out") }, plugins: [rspackPlugin(options)] });
      compiler.run((error, stats) => {
        compiler.close(() => {});
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString("errors-only")));
        else resolve();
      });
    }),
};

for (const [name, build] of Object.entries(bundlers)) {
  describe(`${name} plugin`, () => {
    it("a root that is not an existing directory fails the build, naming it", async () => {
      const missing = join(base, "no-such-root");
      expect(await failure(() => build(noFile, { root: missing }))).toContain(`plugin options - error TSO2001: "root": ${JSON.stringify(missing)} is ${missing}, which is not an existing directory.`);
    });

    it("a bad ts-patch.config.json fails the build, naming each key with the file, line and column", async () => {
      expectProblems(await failure(() => build(badFile, {})), FILE_PROBLEMS);
    });

    it('bad plugin options fail the build, naming each key and "plugin options"', async () => {
      expectProblems(await failure(() => build(noFile, BAD_OPTIONS)), OPTION_PROBLEMS);
    });
  });
}

describe("webpack plugin (child process: a throw webpack does not catch would crash it)", () => {
  // ts-observed/webpack through the package exports (the built package: `npm test` builds first).
  const script = [
    'import webpack from "webpack";',
    'import observed from "ts-observed/webpack";',
    "const [dir, options] = [process.argv[2], JSON.parse(process.argv[3])];",
    'const compiler = webpack({ mode: "none", context: dir, entry: "./main.ts", output: { path: dir + "/webpack-out" }, plugins: [observed(options)] });',
    "compiler.run((error, stats) => {",
    '  const message = error ? error.message : stats.hasErrors() ? stats.toString("errors-only") : "built";',
    "  compiler.close(() => console.log(JSON.stringify(message)));",
    "});",
  ].join("\n");
  const run = async (dir: string, options: Record<string, unknown>): Promise<{ code: number; message: string; stderr: string }> => {
    const file = join(base, "webpack-run.mjs");
    if (!existsSync(file)) writeFileSync(file, script);
    const done = await execFileAsync(process.execPath, [file, dir, JSON.stringify(options)], { cwd: ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    return { code: done.code, message: done.stdout.trim() === "" ? "" : (JSON.parse(done.stdout.trim().split("\n").at(-1)!) as string), stderr: done.stderr };
  };

  it("a bad ts-patch.config.json fails the build, naming each key with the file, line and column; the process does not crash", async () => {
    const { code, message, stderr } = await run(badFile, {});
    expectProblems(message, FILE_PROBLEMS);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it('bad plugin options fail the build, naming each key and "plugin options"; the process does not crash', async () => {
    const { code, message, stderr } = await run(noFile, { tagg: "observed", observeAll: 1 });
    expectProblems(message, OPTION_PROBLEMS);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});

// The loader takes no options (register passes none): only the file can be wrong. Like register.test.ts,
// under the Node running the tests and under Node 22 when test/node22 has it.
const nodes = testNodes;

describe.each(nodes)("node --import ts-observed/register, $label", ({ path: node, available }) => {
  if (!available) {
    it.skip(`needs ${node} (npm test installs it on Linux x64)`, () => undefined);
    return;
  }
  for (const entry of ["main.ts", "entry.cjs"]) {
    it(`a bad ts-patch.config.json stops ${entry} before it runs, naming each key with the file, line and column`, async () => {
      const result = await execFileAsync(node, ["--import", "ts-observed/register", entry], { cwd: badFile }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe(""); // main.ts never ran (it prints the sum)
      expect(result.stderr).toContain("ConfigError");
      expectProblems(result.stderr, FILE_PROBLEMS);
    });
  }

  it("the same project runs once the file is fixed (the failure above is the config's)", async () => {
    const fixed = join(base, `fixed-${node === process.execPath ? "runner" : "node22"}`);
    mkdirSync(fixed, { recursive: true });
    writeFileSync(join(fixed, "main.ts"), SOURCE);
    writeFileSync(join(fixed, "ts-patch.config.json"), '{\n  "tag": "observed",\n  "observeAll": false,\n  "enabled": true\n}\n');
    const { stdout } = await execFileAsync(node, ["--import", "ts-observed/register", "main.ts"], { cwd: fixed });
    expect(stdout).toBe("3\n");
  });
});
