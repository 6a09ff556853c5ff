/** Runs built fixture modules in a child Node process (plain Node module loading, no test-runner magic). */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./fixtures.js";

const run = promisify(execFile);

/** One event as recorded by the runner's observer. */
export interface EventDetail {
  state: string;
  name: string;
  fnName: string;
  kind: string;
  /** The call's number in this module's run: 1, 2, … by first appearance of its callId (the same in all its states). */
  call: number | string;
  /** Qualified name of `ctx.parent`, or null when the call has no parent. */
  parent: string | null;
  /** The parent's call number (see `call`), or null. */
  parentCall: number | string | null;
  arguments?: Record<string, unknown>;
  /** `ctx.args` (positional, rest spread, redacted), at PRE_EXECUTION. */
  args?: unknown[];
  thisArg?: string;
  groups?: string[];
  result?: { value: unknown } | { exception: unknown };
  /** `"finite >= 0"` when `result.executionTime` is a finite number >= 0, else its type and value. */
  executionTime?: string;
  locals?: Record<string, unknown>;
}

/** What the runner reports for one module. */
export interface FixtureRun {
  /** The fixture's `expectedEvents` export: `"<STATE> <qualifiedName>"` in order. */
  expectedEvents: string[] | undefined;
  /** `name` of the module's default export when it is a function. */
  defaultName: string | undefined;
  unobserved: unknown;
  observed: unknown;
  events: string[];
  details: EventDetail[];
  control: unknown;
  error: string | undefined;
}

/** Runs `modules` (all of one format) and returns their reports by module path. */
export async function runFixtures(format: "esm" | "cjs", modules: string[], nodeArgs: string[] = []): Promise<Record<string, FixtureRun>> {
  const { stdout } = await run(process.execPath, [...nodeArgs, join(ROOT, "test/harness/run-fixtures.mjs"), format, ...modules], {
    cwd: ROOT,
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout) as Record<string, FixtureRun>;
}
