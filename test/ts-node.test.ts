/**
 * ts-node with ts-patch's compiler (`"ts-node": { "compiler": "ts-patch/compiler" }`, ts-patch's documented way)
 * runs the tsconfig's plugins, so tagged functions are observed; but it never prints the diagnostics a plugin
 * adds. Under ts-node the transformer throws its first error instead: a bad tag fails the run with its location
 * rather than leaving the function unobserved without a word.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const run = promisify(execFile);
const dir = join(OUT_DIR, `ts-node-p${process.pid}`);
const tsNode = join(ROOT, "node_modules/ts-node/dist/bin.js");

async function tsNodeRun(entry: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsNode, entry], { cwd: dir, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  linkPackage();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  // A CommonJS project (the repository's own package.json says "module").
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "commonjs" }));
  const compilerOptions = { target: "ES2022", module: "commonjs", strict: true, skipLibCheck: true, types: [], lib: ["ES2022"], plugins: [{ transform: "ts-observed/transformer" }] };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, "ts-node": { compiler: "ts-patch/compiler" } }, null, 2));
  writeFileSync(
    join(dir, "src/math.ts"),
    ["// line 1", "/** @observed math */", "export function add(a: number, b: number): number {", "  return a + b;", "}", ""].join("\n"),
  );
  writeFileSync(
    join(dir, "src/app.ts"),
    [
      'import { observe, onCompletion } from "ts-observed";',
      'import { add } from "./math";',
      "const seen: string[] = [];",
      "declare const console: { log(text: string): void };",
      'observe("*", onCompletion((ctx) => { const r = ctx.result; seen.push(`${ctx.functionSignature.qualifiedName} ${ctx.functionSignature.file}:${ctx.functionSignature.line} ${r !== undefined && "value" in r ? String(r.value) : "-"}`); }));',
      "add(1, 2);",
      'console.log(seen.join("\\n"));',
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "src/bad.ts"), ["/**", " * @observed", " * @capture nope", " */", "export function bad(a: number): number {", "  return a;", "}", "bad(1);", ""].join("\n"));
});

describe("ts-node with ts-patch's compiler", () => {
  it("observes tagged functions, with their file and line", async () => {
    const result = await tsNodeRun("src/app.ts");
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("add src/math.ts:3 3");
  });

  it("a bad tag fails the run with its location instead of running the function unobserved", async () => {
    const result = await tsNodeRun("src/bad.ts");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/src[\\/]bad\.ts\(3,4\): error TS991003: ts-observed TSO1003: @capture nope: function bad has no parameter or top-level local named "nope"/);
  });

  it("the same with transpileOnly", async () => {
    const good = await tsNodeRun("src/app.ts", { TS_NODE_TRANSPILE_ONLY: "true" });
    expect(good.stdout.trim()).toBe("add src/math.ts:3 3");
    const bad = await tsNodeRun("src/bad.ts", { TS_NODE_TRANSPILE_ONLY: "true" });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("error TS991003: ts-observed TSO1003: @capture nope");
  });
});
