/**
 * A full GC while no observed call is in flight keeps the optimized code of observed functions. Optimized
 * code holds the hidden classes it checks weakly: when no context was alive, a GC collected the context's
 * class and deoptimized every function that had inlined the entry ("reason: weak objects"), each then slow
 * until hot again — between requests in an app, and in the benchmark (async, 64 functions: 336 → 238 ns).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rewrite } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { OUT_DIR } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const SOURCE = "/** @observed */\nexport function price(item, factor) {\n  return item.price * factor + 1;\n}\n";
const MAIN = `import { observe, onCompletion } from "ts-observed";
import { price } from "./price.mjs";
observe(price, onCompletion(() => {}));
let sink = 0;
const item = { price: 3 };
for (let i = 0; i < 200000; i++) sink += price(item, i & 7);
console.log("=== GC");
globalThis.gc();
globalThis.gc();
console.log("=== DONE", sink > 0);
`;

describe("optimized observed functions and a full GC", () => {
  it("no observed function is deoptimized for weak objects by a GC between calls", () => {
    linkPackage();
    const dir = join(OUT_DIR, `gc-deopt-p${process.pid}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "price.mjs"), rewrite(SOURCE, join(dir, "price.mjs"), resolveSettings({ root: dir, cache: false }, dir))!.code);
    writeFileSync(join(dir, "main.mjs"), MAIN);
    const out = execFileSync(process.execPath, ["--expose-gc", "--trace-deopt", join(dir, "main.mjs")], { cwd: dir, encoding: "utf8", maxBuffer: 64 << 20 });
    const afterGc = out.slice(out.indexOf("=== GC"));
    expect(out).toContain("=== DONE true");
    expect(afterGc.split("\n").filter((l) => l.includes("reason: weak objects"))).toEqual([]);
  });
});
