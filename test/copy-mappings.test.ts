/**
 * The copy of a returned or awaited expression (`c === null ? X : c.ok(X)`, docs/EMIT.md) maps to the original
 * expression: a throw inside it — the code that runs while an observer is attached — points at the same line
 * and column as without an observer (it pointed after X, often on another line).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rewrite } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { inlineSourceMapComment } from "../transformer/rewrite/source-map.js";
import { OUT_DIR } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

// Each function throws inside its returned (or awaited) expression: `o.a.b` with `o.a` undefined.
const SOURCE = `/** @observed */
export function multiLine(o) {
  return (
    o.a.b
  );
}
/** @observed */
export function oneLine(o) { return 1 + o.a.b; }
/** @observed */
export const arrow = (o) => o.a.b * 2;
/** @observed */
export async function awaited(o) {
  const v = await Promise.resolve(o.a.b);
  return v;
}
`;

const MAIN = `import { observe, onCall } from "ts-observed";
import * as m from "./source.mjs";
const where = async (fn) => { try { await fn({}); } catch (e) { return /source\\.mjs:(\\d+:\\d+)/.exec(e.stack)[1]; } };
const run = async () => ({ multiLine: await where(m.multiLine), oneLine: await where(m.oneLine), arrow: await where(m.arrow), awaited: await where(m.awaited) });
const unobserved = await run();
observe("*", onCall(() => {}));
console.log(JSON.stringify({ unobserved, observed: await run() }));
`;

describe("source maps of copied expressions", () => {
  it("a throw inside the copy maps to the original line and column, as without an observer", () => {
    linkPackage();
    const dir = join(OUT_DIR, `copy-mappings-p${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const source = join(dir, "source.mjs");
    const result = rewrite(SOURCE, source, resolveSettings({ root: dir, cache: false }, dir))!;
    // The source file is the rewritten one, with a map back to SOURCE (written beside it, as the original).
    writeFileSync(join(dir, "original.mjs"), SOURCE);
    writeFileSync(source, result.code + inlineSourceMapComment(result.map!));
    writeFileSync(join(dir, "main.mjs"), MAIN);
    const { unobserved, observed } = JSON.parse(execFileSync(process.execPath, ["--enable-source-maps", join(dir, "main.mjs")], { cwd: dir, encoding: "utf8" })) as Record<string, Record<string, string>>;
    expect(unobserved).toEqual({ multiLine: "4:9", oneLine: "8:45", arrow: "10:33", awaited: "13:39" });
    expect(observed).toEqual(unobserved);
  });
});
