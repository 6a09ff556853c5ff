import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const fixtures = join(import.meta.dirname, "bundler-fixtures");

// These run the built package (`npm test` builds first): `--import ts-observed/register` resolves to
// dist/esm/transformer/register.js through the package's own exports.
describe("node --import ts-observed/register", () => {
  let app: { results: unknown[]; events: string[]; stack: string };
  beforeAll(async () => {
    const { stdout } = await run(process.execPath, ["--import", "ts-observed/register", "app.ts"], { cwd: join(fixtures, "node-app") });
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
    const failure = await run(process.execPath, ["--import", "ts-observed/register", "main.ts"], { cwd }).then(
      () => undefined,
      (error: { stderr: string; code: number }) => error,
    );
    expect(failure?.code).not.toBe(0);
    expect(failure?.stderr).toMatch(/node-bad\/main\.ts:1:\d+ - error TSO1004: /);
  });
});
