import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const execFileAsync = promisify(execFile);
const script = join(import.meta.dirname, "../scripts/check-api-docs.mjs");

// Reads the built declarations (`npm test` builds first): every exported declaration of the package's
// `exports`, and every public member of these, has a TSDoc comment; no `any` appears in them.
it("the published API (dist/types) is documented and has no `any`", async () => {
  const { stdout, code } = await execFileAsync(process.execPath, [script]).then(
    ({ stdout }) => ({ stdout, code: 0 }),
    (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? "", code: error.code ?? 1 }),
  );
  const lines = stdout.trim().split("\n");
  const summary = lines.pop();
  // The findings first: a failure lists what lacks a comment or has an `any`, with its .d.ts position.
  expect(lines).toEqual([]);
  expect(summary).toMatch(/^\d+ declarations checked from \d+ entry points: 0 without a doc comment, 0 `any`\.$/);
  expect(code).toBe(0);
});
