/**
 * Observers attached by name in a process where no observed function ever loads (code built without the
 * transformer or plugin) are told so once, at exit (or 30 s after the call), with where observe() was called;
 * a process in which an observed function loads says nothing. Run in child processes of a project that installs
 * a copy of the built package.
 */
import { execFile } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerOf } from "../runtime/uninstrumented.js";
import { projectWithPackageCopy } from "./harness/package-copy.js";

const execFileAsync = promisify(execFile);
let project = "";

beforeAll(() => {
  ({ project } = projectWithPackageCopy("ts-observed-uninstrumented-", ["esbuild"]));
  // Built without the transformer: the tag is a comment, checkout() is a plain function.
  writeFileSync(
    join(project, "plain.mjs"),
    '/** @observed billing */\nfunction checkout() { return 1; }\nimport { observe } from "ts-observed";\n\nobserve("billing", () => {});\ncheckout();\n',
  );
  writeFileSync(
    join(project, "observed.ts"),
    'import { observe } from "ts-observed";\n/** @observed billing */\nexport function checkout(): number { return 1; }\nobserve("billing", () => {});\ncheckout();\n',
  );
  // Two copies of the runtime (as a test runner loads one per test file), both observing by name.
  writeFileSync(
    join(project, "copies.mjs"),
    'const runtime = new URL("./node_modules/ts-observed/dist/esm/runtime/index.js", import.meta.url).href;\n' +
      'for (const copy of [1, 2]) (await import(`${runtime}?copy=${copy}`)).observe("billing", () => {});\n',
  );
  writeFileSync(join(project, "unsubscribed.mjs"), 'import { observe } from "ts-observed";\nobserve("billing", () => {}).unsubscribe();\n');
});

afterAll(() => {
  if (project !== "") rmSync(project, { recursive: true, force: true });
});

const run = (...args: string[]) => execFileAsync(process.execPath, args, { cwd: project });

describe("observe() by name in a process where nothing is observed", () => {
  it("warns once at exit, naming the target, where it was called and what to do", async () => {
    const { stderr } = await run("plain.mjs");
    expect(stderr.match(/\[ts-observed\]/g)).toHaveLength(1);
    expect(stderr).toContain(
      `[ts-observed] observe("billing") (file://${join(project, "plain.mjs")}:5:1) attached observers, but no observed function loaded before the process exited: they receive nothing`,
    );
    expect(stderr).toContain("built without ts-observed's transformer or plugin (SWC, tsc without ts-patch, a bundler without the plugin)");
  });

  it("warns once per process however many copies of the runtime watch", async () => {
    const { stderr } = await run("copies.mjs");
    expect(stderr.match(/\[ts-observed\] observe\("billing"\)/g)).toHaveLength(1);
  });

  it("says nothing when an observed function loaded, or when the subscription was ended", async () => {
    expect((await run("--import", "ts-observed/register", "observed.ts")).stderr).toBe("");
    expect((await run("unsubscribed.mjs")).stderr).toBe("");
  });

  it("finds the caller in a V8 stack, or nothing when observe's frame is not there (a bundler renamed it)", () => {
    const stack = "Error\n    at watchForUninstrumented (x)\n    at observe (/app/node_modules/ts-observed/dist/esm/runtime/observe.js:9:3)\n    at main (/app/src/main.ts:12:5)";
    expect(callerOf(stack)).toBe("main (/app/src/main.ts:12:5)");
    expect(callerOf("Error\n    at o (/app/bundle.js:1:2)\n    at main (/app/bundle.js:3:4)")).toBeUndefined();
  });
});
