/**
 * `node --import ts-observed/register` in a project without esbuild (an optional peer dependency the loader
 * needs to strip types): the TypeScript entry fails with what is missing and what to install, not Node's bare
 * `Cannot find package 'esbuild' imported from …/loader-hooks.js`; a CommonJS entry that requires a `.cts`
 * (the `require()` hook) says the same; plain JavaScript still runs.
 *
 * The project is a directory under the OS temporary directory holding a copy of the built package (dist/ and
 * package.json, so module resolution from it never reaches the repository's node_modules/esbuild) and links
 * to its dependencies; the test first checks that esbuild really cannot be resolved from the copy.
 */
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingEsbuildError } from "../transformer/node-loading.js";
import { projectWithPackageCopy } from "./harness/package-copy.js";
import { testNodes } from "./harness/nodes.js";

const execFileAsync = promisify(execFile);
const HINT = "Install it in your project: npm install --save-dev esbuild";

let project = "";

beforeAll(() => {
  ({ project } = projectWithPackageCopy("ts-observed-no-esbuild-"));
  writeFileSync(join(project, "app.ts"), "/** @observed */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\nconsole.log(add(1, 2));\n");
  writeFileSync(join(project, "app.cts"), "const n: number = 2;\nconsole.log(n);\n");
  writeFileSync(join(project, "entry.cjs"), 'require("./app.cts");\n');
  writeFileSync(join(project, "plain.mjs"), 'console.log("plain");\n');
});

afterAll(() => {
  if (project !== "") rmSync(project, { recursive: true, force: true });
});

it("the project really has no esbuild: resolving it from the copied loader fails", () => {
  const fromLoader = createRequire(join(project, "node_modules/ts-observed/dist/esm/transformer/loader-hooks.js"));
  expect(() => fromLoader.resolve("esbuild")).toThrow(/Cannot find module 'esbuild'/);
});

describe.each(testNodes)("node --import ts-observed/register without esbuild, $label", ({ path: node, available }) => {
  if (!available) {
    it.skip(`needs ${node} (npm test installs it on Linux x64)`, () => undefined);
    return;
  }
  const run = (entry: string) =>
    execFileAsync(node, ["--import", "ts-observed/register", entry], { cwd: project }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("a .ts entry fails before it runs, naming ts-observed/register, esbuild and the install command", async () => {
    const { code, stdout, stderr } = await run("app.ts");
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Error: ts-observed/register needs esbuild to strip the types of ${join(project, "app.ts")}, and esbuild is not installed`);
    expect(stderr).toContain(HINT);
    // The first error line is ours, not Node's bare ERR_MODULE_NOT_FOUND (that stays below, as the cause).
    expect(stderr.split("\n").find((l) => l.includes("Error"))).toMatch(/^Error: ts-observed\/register needs esbuild/);
  });

  it("a CommonJS entry requiring a .cts (the require() hook) says the same", async () => {
    const { code, stdout, stderr } = await run("entry.cjs");
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`ts-observed/register needs esbuild to strip the types of ${join(project, "app.cts")}`);
    expect(stderr).toContain(HINT);
  });

  it("plain JavaScript runs: esbuild is imported by the first file whose types are stripped", async () => {
    expect(await run("plain.mjs")).toMatchObject({ code: 0, stdout: "plain\n" });
  });
});

describe("missingEsbuildError", () => {
  const notFound = (code: string, message: string) => Object.assign(new Error(message), { code });

  it("maps esbuild not found, imported (ERR_MODULE_NOT_FOUND) or required (MODULE_NOT_FOUND), keeping the cause", () => {
    for (const cause of [
      notFound("ERR_MODULE_NOT_FOUND", "Cannot find package 'esbuild' imported from /app/node_modules/ts-observed/dist/esm/transformer/loader-hooks.js"),
      notFound("MODULE_NOT_FOUND", "Cannot find module 'esbuild'\nRequire stack:\n- /app/node_modules/ts-observed/dist/esm/transformer/require-hook.js"),
    ]) {
      const error = missingEsbuildError(cause, "/app/main.ts");
      expect(error?.message).toBe(
        "ts-observed/register needs esbuild to strip the types of /app/main.ts, and esbuild is not installed " +
          `(an optional peer dependency of ts-observed). ${HINT}`,
      );
      expect(error?.cause).toBe(cause);
    }
  });

  it("leaves any other failure alone: another package missing, esbuild's platform binary missing, not an error", () => {
    expect(missingEsbuildError(notFound("ERR_MODULE_NOT_FOUND", "Cannot find package 'esbuild-wasm' imported from /x.js"), "/a.ts")).toBeUndefined();
    expect(missingEsbuildError(notFound("MODULE_NOT_FOUND", "Cannot find module '@esbuild/linux-x64'"), "/a.ts")).toBeUndefined();
    expect(missingEsbuildError(new Error('The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.'), "/a.ts")).toBeUndefined();
    expect(missingEsbuildError(undefined, "/a.ts")).toBeUndefined();
  });
});
