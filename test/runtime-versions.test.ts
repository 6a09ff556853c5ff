import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

// Trial 9 (a library author): copies of the runtime share one registry on globalThis, and nothing checked that
// they agree on its shape. A library carrying a runtime of another version crashed at load (`registry.sites.push`
// of a registry the app's copy had made), or matched no site, silently. Copies of one protocol still share
// (the ESM and CommonJS builds, two installs of the same version); copies of two keep separate registries, and
// the one loaded second says so.

const dist = join(import.meta.dirname, "../dist/cjs/runtime");
const work = mkdtempSync(join(tmpdir(), "ts-observed-versions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built CommonJS runtime, its registry protocol changed to `protocol` (a later version's). */
function runtimeCopy(name: string, protocol?: number): string {
  const dir = join(work, name);
  cpSync(dist, dir, { recursive: true });
  if (protocol !== undefined) {
    const file = join(dir, "registry.js");
    const text = readFileSync(file, "utf8");
    const changed = text.replace(/const PROTOCOL = \d+;/, `const PROTOCOL = ${protocol};`);
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
  }
  return dir;
}

/** Runs `script` in a fresh Node process; returns its stdout and stderr. */
function run(script: string): { out: string; err: string } {
  const file = join(work, `main-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(file, script);
  const err = join(work, "stderr.txt");
  const out = execFileSync(process.execPath, ["-e", `process.stderr.write=((w)=>(c,...a)=>(require("fs").appendFileSync(${JSON.stringify(err)},c),w(c,...a)))(process.stderr.write.bind(process.stderr));require(${JSON.stringify(file)})`], { encoding: "utf8" });
  let errText = "";
  try {
    errText = readFileSync(err, "utf8");
    rmSync(err);
  } catch {}
  return { out, err: errText };
}

/** A library function instrumented by hand in the emitted shape, its site created through the runtime at `dir`. */
const library = (dir: string): string => `
  const rt = require(${JSON.stringify(join(dir, "emit-api.js"))});
  let on = 0;
  const s = rt.site({ name: "fetchUser", file: "lib/user.ts", line: 1, params: ["id"], groups: ["acme"] }, (v) => { on = v; });
  function fetchUser(id) {
    const c = on > 0 ? s.enter(this, id) : null;
    try { return c === null ? id * 2 : c.ok(id * 2); } catch (e) { if (c === null) throw e; return c.fail(e); }
  }
  rt.bind(s, fetchUser);
`;

it("two copies of one protocol share the registry: the app's observe() reaches the library's functions, no warning", () => {
  const app = runtimeCopy("same-app");
  const lib = runtimeCopy("same-lib");
  const { out, err } = run(`
    ${library(lib)}
    const { observe, onCompletion } = require(${JSON.stringify(join(app, "index.js"))});
    const seen = [];
    observe("acme", onCompletion((ctx) => seen.push(ctx.functionSignature.name)));
    observe(fetchUser, onCompletion((ctx) => seen.push("by identity")));
    fetchUser(1);
    console.log(JSON.stringify(seen));
  `);
  expect(JSON.parse(out)).toEqual(["fetchUser", "by identity"]);
  expect(err).not.toMatch(/ts-observed/);
});

it("copies of two protocols keep separate registries (no crash, no shared state) and the second one loaded warns once", () => {
  const app = runtimeCopy("old-app");
  const lib = runtimeCopy("new-lib", 99);
  const { out, err } = run(`
    const { observe, onCompletion } = require(${JSON.stringify(join(app, "index.js"))});
    const seen = [];
    observe("acme", onCompletion((ctx) => seen.push(ctx.functionSignature.name)));
    ${library(lib)}
    ${library(lib).replace(/const rt =/, "const rt2 =").replace(/rt\./g, "rt2.").replace(/\b(on|s|fetchUser)\b/g, "$1_2")}
    fetchUser(1);
    let threw = "";
    try { observe(fetchUser, onCompletion(() => {})); } catch (e) { threw = e.message; }
    console.log(JSON.stringify({ seen, threw: threw.slice(0, 120) }));
  `);
  const result = JSON.parse(out) as { seen: string[]; threw: string };
  // The app's subscription does not reach the other version's function, and observe(fn) says it is not observed.
  expect(result.seen).toEqual([]);
  expect(result.threw).toMatch(/not an observed function/);
  const warnings = err.match(/another, incompatible version of the ts-observed runtime/g) ?? [];
  expect(warnings).toHaveLength(1);
  expect(err).toMatch(/runtime protocol 2; this copy: 99/);
  expect(err).toMatch(/peerDependency/);
  // At exit, the app's copy says its subscription met no function, and why: not a build without the plugin.
  expect(err).toMatch(/observe\("acme"\) .*no observed function loaded before the process exited.*another version of the runtime/);
});

it("a copy from before protocol 2 (its registry under the unversioned key) is noticed too", () => {
  const app = runtimeCopy("after-legacy");
  const { err } = run(`
    globalThis[Symbol.for("ts-observed.registry")] = { version: 1, sites: [] };
    require(${JSON.stringify(join(app, "index.js"))});
  `);
  expect(err).toMatch(/runtime protocol 1; this copy: 2/);
});
