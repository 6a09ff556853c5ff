import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { testNodes } from "./harness/nodes.js";

const execFileAsync = promisify(execFile);
const fixtures = join(import.meta.dirname, "bundler-fixtures");

// Every case runs under the Node running the tests and under Node 22 (test/harness/nodes.ts).
const nodes = testNodes;

// These run the built package (`npm test` builds first): `--import ts-observed/register` resolves to
// dist/esm/transformer/register.js through the package's own exports.
describe.each(nodes)("node --import ts-observed/register, $label", ({ path: node, available }) => {
  if (!available) {
    it.skip(`needs ${node} (npm test installs it on Linux x64)`, () => undefined);
    return;
  }
  /** `node --import ts-observed/register <entry>` in `cwd`, under this describe's Node. */
  const register = (entry: string, cwd: string): Promise<{ stdout: string; stderr: string }> => execFileAsync(node, ["--import", "ts-observed/register", entry], { cwd });
  /** What a failing `register` run wrote to stderr (undefined when it succeeded). */
  const failure = (entry: string, cwd: string): Promise<{ stderr: string; code: number } | undefined> =>
    register(entry, cwd).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
  let app: { results: unknown[]; events: string[]; stack: string };
  beforeAll(async () => {
    const { stdout } = await register("app.ts", join(fixtures, "node-app"));
    app = JSON.parse(stdout) as typeof app;
  });

  it("runs TypeScript with tagged functions observed, resolving ./x.js to ./x.ts", () => {
    const { results, events } = app;
    expect(results).toEqual([5, "done"]);
    expect(events).toEqual(
      ["distance", "later"].flatMap((f) => [`PRE_EXECUTION:${f}:lib.ts`, `POST_SUCCESS:${f}:lib.ts`, `COMPLETED:${f}:lib.ts`]).concat(
        ["PRE_EXECUTION", "POST_FAILURE", "COMPLETED"].map((s) => `${s}:fail:lib.ts`),
      ),
    );
  });

  it("gives stack traces that point at the original TypeScript lines", () => {
    const at = /\((.*lib\.ts):(\d+):(\d+)\)/.exec(app.stack);
    expect(at).not.toBeNull();
    const line = readFileSync(at![1]!, "utf8").split("\n")[Number(at![2]) - 1];
    expect(line).toContain("throw new TypeError(message)");
  });

  it("fails with the diagnostic's file, line and column for a bad tag", async () => {
    const failed = await failure("main.ts", join(fixtures, "node-bad"));
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toMatch(/node-bad\/main\.ts:1:\d+ - error TSO1004: /);
  });

  it("keeps import attributes: JSON imported `with { type: \"json\" }` by untagged and tagged .ts and .mts", async () => {
    // esbuild targets the running Node: with a `node20` target it dropped `with { … }`, and Node failed with
    // ERR_IMPORT_ASSERTION_TYPE_MISSING.
    const { stdout } = await register("main.ts", join(fixtures, "node-attributes"));
    const report = JSON.parse(stdout) as { results: unknown[]; events: string[] };
    expect(report.results).toEqual([42, 43, 44, 45, 42]);
    expect(report.events).toEqual(
      [["tagged", "tagged.ts"], ["taggedMts", "tagged.mts"]].flatMap(([f, file]) => ["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"].map((s) => `${s}:${f}:${file}`)),
    );
  });

  describe("tsconfig.json", () => {
    const cwd = join(fixtures, "node-tsconfig");
    let run: { stdout: string; stderr: string };
    beforeAll(async () => {
      // A package the fixture's tsconfig.json extends by name (package.json "tsconfig"), whose config extends
      // another of its files by package path (node_modules is gitignored: written here).
      const pkg = join(cwd, "node_modules/tso-fixture-tsconfig");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "tso-fixture-tsconfig", tsconfig: "base.json" }));
      writeFileSync(join(pkg, "base.json"), JSON.stringify({ extends: "tso-fixture-tsconfig/strict.json", compilerOptions: { verbatimModuleSyntax: true } }));
      writeFileSync(join(pkg, "strict.json"), JSON.stringify({ compilerOptions: { alwaysStrict: true } }));
      run = await register("main.ts", cwd);
    });

    it("passes the nearest tsconfig.json's output options to esbuild (extends by package and path, comments, trailing commas)", () => {
      const report = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(report).toMatchObject({
        // experimentalDecorators (from ./configs/decorators): legacy arguments; sub/ has its own tsconfig.json: TC39.
        decorators: { legacy: ["legacy:run"], tc39: ["tc39:object"] },
        calls: [4, 9],
        events: [["Service.run", "decorated.ts"], ["ModernService.run", "sub/modern.ts"]].flatMap(([f, file]) =>
          ["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"].map((s) => `${s}:${f}:${file}`),
        ),
        hasUnsetField: false, // target ES2020: useDefineForClassFields false
        sideEffect: true, // verbatimModuleSyntax (the package's base.json)
        view: "<b>hi</b>", // jsx "react", jsxFactory "h"
        strictThis: "strict", // alwaysStrict (the package's strict.json), in a .cts
        sloppyThis: "sloppy", // sub/tsconfig.json: none
      });
    });

    it('maps stack traces of CommonJS TypeScript without "use strict" to the original lines', () => {
      const { stack } = JSON.parse(run.stdout) as { stack: string };
      const at = /\((.*sloppy\.cts):(\d+):(\d+)\)/.exec(stack);
      expect(at).not.toBeNull();
      expect(readFileSync(at![1]!, "utf8").split("\n")[Number(at![2]) - 1]).toContain('throw new Error("boom")');
    });

    it("warns once that emitDecoratorMetadata is not honoured, naming the tsconfig.json and what to do", () => {
      const warnings = run.stderr.split("\n").filter((line) => line.includes("emitDecoratorMetadata"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`warning: ${join(cwd, "tsconfig.json")} sets "emitDecoratorMetadata": true`);
      expect(warnings[0]).toMatch(/esbuild, which emits no design:type.*Compile with tsc/);
    });

    it("fails on a tsconfig.json that does not parse, naming the file, line and column", async () => {
      const failed = await failure("main.ts", join(fixtures, "node-tsconfig-bad"));
      expect(failed?.code).not.toBe(0);
      expect(failed?.stderr).toContain(`${join(fixtures, "node-tsconfig-bad/tsconfig.json")}:4:5 - error: expected ',' or '}' after a property value`);
      expect(failed?.stderr).toContain(`the nearest tsconfig.json of ${join(fixtures, "node-tsconfig-bad/main.ts")}`);
    });
  });

  describe("CommonJS and require()", () => {
    // Node's CommonJS loader never consults module.register hooks for a require() made by a module it loaded,
    // so `register` also installs a require.extensions hook (transformer/require-hook.ts), on every Node.
    requireSuite(register, failure);
  });
});

function requireSuite(
  register: (entry: string, cwd: string) => Promise<{ stdout: string; stderr: string }>,
  failure: (entry: string, cwd: string) => Promise<{ stderr: string; code: number } | undefined>,
): void {
  const cwd = join(fixtures, "node-cjs-app");
  interface Report {
    results: unknown[];
    events: string[];
    viaRequireHook: string[];
    stack?: string;
  }
  const runEntry = async (entry: string): Promise<Report> => {
    const { stdout } = await register(entry, cwd);
    return JSON.parse(stdout) as Report;
  };
  const calls = (name: string, file: string): string[] => ["PRE_EXECUTION", "POST_SUCCESS", "COMPLETED"].map((s) => `${s}:${name}:${file}`);
  beforeAll(() => {
    // The fixture is its own "type": "commonjs" package: it reaches ts-observed through node_modules (gitignored).
    const link = join(cwd, "node_modules/ts-observed");
    if (existsSync(join(link, "package.json"))) return;
    mkdirSync(join(cwd, "node_modules"), { recursive: true });
    rmSync(link, { force: true });
    symlinkSync(relative(join(cwd, "node_modules"), join(import.meta.dirname, "..")), link, "dir");
  });

  it("a plain CommonJS entry's require() of .ts, .cts, tagged .js observes them; each file passes the require hook once", async () => {
    const report = await runEntry("main.js");
    expect(report.results).toEqual([6, 6, "HI!", 10, "v1", "function", 2]);
    expect(report.events).toEqual([
      ...calls("scale", "src/lib.ts"),
      "PRE_EXECUTION:total:src/helper.cts",
      ...calls("scale", "src/lib.ts"), ...calls("scale", "src/lib.ts"), ...calls("scale", "src/lib.ts"),
      "POST_SUCCESS:total:src/helper.cts", "COMPLETED:total:src/helper.cts",
      ...calls("shout", "src/legacy.js"),
      // vendor/outside.ts is outside `include`: types stripped, tag not acted on.
      ...calls("version", "src/modern/tool.ts"),
      "PRE_EXECUTION:fail:src/lib.ts", "POST_FAILURE:fail:src/lib.ts", "COMPLETED:fail:src/lib.ts",
    ]);
    expect(report.viaRequireHook).toEqual(["src/lib.ts", "src/helper.cts", "src/legacy.js", "vendor/outside.ts", "src/modern/tool.ts"]);
  });

  it("gives stack traces of required TypeScript that point at the original lines", async () => {
    const { stack } = await runEntry("main.js");
    const at = /\((.*lib\.ts):(\d+):(\d+)\)/.exec(stack ?? "");
    expect(at).not.toBeNull();
    expect(readFileSync(at![1]!, "utf8").split("\n")[Number(at![2]) - 1]).toContain("throw new RangeError(message)");
  });

  it("a .cts entry (loaded by the ES module hooks) requires .ts, .js and a \"type\": \"module\" package's .ts: observed, none through the require hook", async () => {
    const report = await runEntry("main.cts");
    expect(report.results).toEqual([20, "YO!", "v1"]);
    expect(report.events).toEqual([...calls("scale", "src/lib.ts"), ...calls("shout", "src/legacy.js"), ...calls("version", "src/modern/tool.ts")]);
    // Processed by the ES module hooks only: a second rewrite would show here.
    expect(report.viaRequireHook).toEqual([]);
  });

  it("an ES module imports a .ts of a \"type\": \"commonjs\" package by name: CommonJS, observed", async () => {
    const report = await runEntry("main.mts");
    expect(report).toEqual({ results: [14], events: calls("scale", "src/lib.ts"), viaRequireHook: [] });
  });

  it("a .cts entry require()s a tagged and an untagged .mts: compiled to CommonJS for it (import.meta.url kept), observed", async () => {
    // Node's require() in CommonJS that module hooks load cannot load an ES module (Node 20), nor one that
    // imports others (Node 22): with `ts-observed/runtime` imported, a tagged .mts failed on both.
    const report = await runEntry("main-require-esm.cts");
    expect(report).toEqual({ results: [42, "plain", true], events: calls("twice", "src/esm.mts"), viaRequireHook: [] });
  });

  it("run from a subfolder: the project root is the nearest folder with ts-patch.config.json or package.json", async () => {
    // From src/, the root used to be src/: its config was not read and files were named `lib.ts`, not `src/lib.ts`.
    const { stdout } = await register("../main.cts", join(cwd, "src"));
    expect(JSON.parse(stdout)).toEqual(await runEntry("main.cts"));
  });

  it("prints the warnings of a file the loader thread rewrites before a short run exits", async () => {
    // They were written through the loader thread's process.stderr, which forwards them asynchronously:
    // this run printed none before it exited.
    const { stdout, stderr } = await register("main-warn.cts", cwd);
    expect(stdout.trim()).toBe("4");
    expect(stderr).toContain(`${join(cwd, "src/warned.ts")}:1:5 - warning TSO1010: \`@Observed\` is not read by ts-observed`);
  });

  it("a .cts entry require()ing a JavaScript ES module graph fails saying what and what to do", async () => {
    const failed = await failure("main-require-mjs.cts", cwd);
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toContain(`${join(cwd, "main-require-mjs.cts")} cannot require("./src/graph.mjs"), an ES module that imports other modules`);
    expect(failed?.stderr).toContain('Use `await import("./src/graph.mjs")` instead');
    // Node's own error is only its cause (ERR_VM_MODULE_LINK_FAILURE, naming neither file).
    expect(failed?.stderr).toMatch(/^Error: ts-observed\/register: \S+ cannot require/m);
  });
}
