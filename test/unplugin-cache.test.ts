/**
 * The Vite / Rollup / webpack / Rspack plugin (one unplugin core) keeps each rewrite in the persistent cache
 * (node_modules/.cache/ts-observed of the project), as the esbuild plugin and the Node loader do: a later build
 * of unchanged tagged files neither loads the parser nor parses, and reports the file's warnings again; an
 * edited file is parsed again. Checked with Vite builds, each in a fresh process, of a project under the OS
 * temporary directory holding a copy of the built package: the copy's parser file is moved away before the
 * second build, which must still succeed; the third, after an edit, must fail for want of it.
 */
import { execFile } from "node:child_process";
import { readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { projectWithPackageCopy, taggedLib } from "./harness/package-copy.js";

const execFileAsync = promisify(execFile);
let project = "";
let parser = "";

// One Vite library build, in memory; prints whether the output is observed, its factor, and Rollup's warnings.
const BUILD = `import { build } from "vite";
import observed from "ts-observed/vite";
const warnings = [];
const [result] = [await build({
  root: process.cwd(), configFile: false, logLevel: "silent", plugins: [observed()],
  build: { write: false, minify: false, lib: { entry: "lib.ts", formats: ["es"], fileName: "lib" },
    rollupOptions: { external: [/^ts-observed/], onwarn: (w) => warnings.push(w.message) } },
})].flat();
const code = result.output[0].code;
console.log(JSON.stringify({ observed: code.includes("site("), factor: /a \\* (\\d+)/.exec(code)?.[1], warnings }));
`;

beforeAll(() => {
  const copy = projectWithPackageCopy("ts-observed-unplugin-cache-", ["vite"]);
  project = copy.project;
  parser = join(copy.pkg, "dist/parser/typescript.cjs");
  writeFileSync(join(project, "build.mjs"), BUILD);
  writeFileSync(join(project, "lib.ts"), taggedLib(2));
});

afterAll(() => {
  if (project !== "") rmSync(project, { recursive: true, force: true });
});

const build = () =>
  execFileAsync(process.execPath, ["build.mjs"], { cwd: project }).then(
    ({ stdout }) => ({ code: 0, ...(JSON.parse(stdout) as { observed: boolean; factor: string; warnings: string[] }), stderr: "" }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

it("a later Vite build of unchanged tagged files comes from the cache, warnings included; an edited file is parsed again", async () => {
  const first = await build();
  expect(first).toMatchObject({ code: 0, observed: true, factor: "2" });
  expect(first).toHaveProperty("warnings", [expect.stringContaining("TSO1008")]);
  expect(readdirSync(join(project, "node_modules/.cache/ts-observed")).filter((f) => f.endsWith(".json"))).toHaveLength(1);

  renameSync(parser, `${parser}.away`);
  expect(await build()).toEqual(first);

  writeFileSync(join(project, "lib.ts"), taggedLib(3));
  const third = await build();
  expect(third.code).not.toBe(0);
  expect(third.stderr).toContain("its TypeScript parser (dist/parser/typescript.cjs) was not found");

  renameSync(`${parser}.away`, parser);
  expect(await build()).toMatchObject({ code: 0, observed: true, factor: "3" });
});
