import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
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
  const register = (entry: string, cwd: string): Promise<{ stdout: string }> => execFileAsync(node, ["--import", "ts-observed/register", entry], { cwd });
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
    const cwd = join(fixtures, "node-bad");
    const failure = await register("main.ts", cwd).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toMatch(/node-bad\/main\.ts:1:\d+ - error TSO1004: /);
  });

  describe("CommonJS and require()", () => {
    // Node's CommonJS loader never consults module.register hooks for a require() made by a module it loaded,
    // so `register` also installs a require.extensions hook (transformer/require-hook.ts), on every Node.
    requireSuite(register);
  });
});

function requireSuite(register: (entry: string, cwd: string) => Promise<{ stdout: string }>): void {
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
}
