/**
 * Sites are held weakly: a module that is no longer reachable (a test runner's module reset, HMR) is not kept
 * alive by the sites it created, whose interest setter holds the module's scope; sites still reachable keep
 * receiving subscriptions.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";

// A child process with --expose-gc, on the built runtime (`npm test` builds first).
const script = `
import { site } from ${JSON.stringify(join(ROOT, "dist/esm/runtime/emit-api.js"))};
import { observe } from ${JSON.stringify(join(ROOT, "dist/esm/runtime/index.js"))};
import { liveSites } from ${JSON.stringify(join(ROOT, "dist/esm/runtime/registry.js"))};
const settle = async () => { for (let i = 0; i < 3; i++) { await new Promise((r) => setTimeout(r, 5)); globalThis.gc(); } };
const interest = {};
// "Loads" a module: 8 MB at module scope, one site whose interest setter closes over it, as generated code does.
function load(name) {
  const data = new Uint8Array(8 << 20);
  return site({ name, file: "m.ts", line: 1, column: 1 }, (v) => { interest[name] = v + data.length * 0; });
}
const kept = load("kept");
for (let i = 0; i < 40; i++) load("reloaded" + i);
await settle();
const after = { live: liveSites().map((s) => s.meta.name), arrayBuffersMB: Math.round(process.memoryUsage().arrayBuffers / 1e6) };
const subscription = observe("kept", () => {});
console.log(JSON.stringify({ ...after, keptInterest: interest.kept > 0, keptSite: kept.meta.name, functions: subscription.functions.map((f) => f.name) }));
`;

describe("site lifetime", () => {
  it("an unreachable module's sites and scope are collected; a reachable site still gets subscriptions", () => {
    const dir = join(OUT_DIR, "site-lifetime");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "reload.mjs");
    writeFileSync(file, script);
    const result = JSON.parse(execFileSync(process.execPath, ["--expose-gc", file], { encoding: "utf8" }).trim()) as Record<string, unknown>;
    // 41 × 8 MB were allocated; only the kept module's 8 MB remain.
    expect(result).toEqual({ live: ["kept"], arrayBuffersMB: 8, keptInterest: true, keptSite: "kept", functions: ["kept"] });
  });
});
