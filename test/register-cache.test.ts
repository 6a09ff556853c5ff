/**
 * `node --import ts-observed/register` keeps each rewrite in the persistent cache (node_modules/.cache/ts-observed
 * of the project), as the esbuild plugin does: a later run of unchanged tagged files neither loads the parser nor
 * parses, and reports the file's warnings again; an edited file is parsed again.
 *
 * The project is a directory under the OS temporary directory holding a copy of the built package (dist/ and
 * package.json) with links to its dependencies and esbuild. "Does not load the parser" is checked the hard way:
 * the copy's parser file is moved away before the second run, which must still succeed; the third run, after an
 * edit, must fail for want of it (so it did need it), and succeeds with the new code once it is back.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { projectWithPackageCopy, taggedLib } from "./harness/package-copy.js";

const execFileAsync = promisify(execFile);
let project = "";
let parser = "";

beforeAll(() => {
  const copy = projectWithPackageCopy("ts-observed-register-cache-", ["esbuild"]);
  project = copy.project;
  parser = join(copy.pkg, "dist/parser/typescript.cjs");
  writeFileSync(join(project, "lib.ts"), taggedLib(2));
  writeFileSync(
    join(project, "app.ts"),
    'import { observe, onCompletion } from "ts-observed";\nimport { scale } from "./lib.js";\n' +
      "const seen: string[] = [];\nobserve(scale, onCompletion((ctx) => seen.push(`${ctx.functionSignature.name}:${String(ctx.result.value)}`)));\n" +
      "scale(21);\nconsole.log(JSON.stringify(seen));\n",
  );
});

afterAll(() => {
  if (project !== "") rmSync(project, { recursive: true, force: true });
});

/** A run with TS_OBSERVED_CACHE as given; by default the default cache (vitest.config.ts turns it off for every other test). */
const run = (cache = "") =>
  execFileAsync(process.execPath, ["--import", "ts-observed/register", "app.ts"], { cwd: project, env: { ...process.env, TS_OBSERVED_CACHE: cache } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

it("TS_OBSERVED_CACHE: 0 or false turns the cache off, 1 or true or unset keeps the default, anything else is the directory", async () => {
  const { cacheFromEnvironment } = await import("../transformer/node-loading.js");
  expect([undefined, "", "1", "true", "TRUE"].map(cacheFromEnvironment)).toEqual([true, true, true, true, true]);
  expect(["0", "false", "False"].map(cacheFromEnvironment)).toEqual([false, false, false]);
  expect(cacheFromEnvironment(".cache/observed")).toBe(".cache/observed");
});

it("a later run of unchanged tagged files comes from the cache, warnings included; an edited file is parsed again", async () => {
  const uncached = await run("0");
  expect(uncached).toMatchObject({ code: 0, stdout: '["scale:42"]\n' });
  expect(existsSync(join(project, "node_modules/.cache"))).toBe(false);

  const first = await run();
  expect(first.code).toBe(0);
  expect(first.stdout.trim()).toBe('["scale:42"]');
  expect(first.stderr).toContain("lib.ts:6:4 - warning TSO1008");
  const entries = readdirSync(join(project, "node_modules/.cache/ts-observed")).filter((f) => f.endsWith(".json"));
  expect(entries.length).toBe(1); // lib.ts: app.ts holds no tag and is never parsed

  renameSync(parser, `${parser}.away`);
  const second = await run();
  expect(second).toMatchObject({ code: 0, stdout: first.stdout });
  expect(second.stderr).toContain("lib.ts:6:4 - warning TSO1008");

  writeFileSync(join(project, "lib.ts"), taggedLib(3));
  const third = await run();
  expect(third.code).not.toBe(0);
  expect(third.stderr).toContain("its TypeScript parser (dist/parser/typescript.cjs) was not found");

  renameSync(`${parser}.away`, parser);
  const fourth = await run();
  expect(fourth).toMatchObject({ code: 0, stdout: '["scale:63"]\n' });
});
