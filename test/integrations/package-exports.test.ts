import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;
const SUBPATHS = ["otel", "prometheus", "diagnostics-channel", "sqlite", "webhook"] as const;
const HEAVY = ["@opentelemetry", "prom-client", "better-sqlite3"];

/** Runs a script in a fresh Node process at the package root, so `ts-observed/...` resolves through `exports`. */
async function node(args: string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, args, { cwd: root });
  return JSON.parse(stdout);
}

// These run the built package (`npm test` builds first).
describe("integration subpaths of the built package", () => {
  it("each loads through require() and import, with its observer class", async () => {
    const list = JSON.stringify(SUBPATHS);
    const cjs = await node(["-e", `console.log(JSON.stringify(${list}.map((n) => Object.keys(require("ts-observed/" + n)))))`]);
    const esm = await node([
      "--input-type=module",
      "-e",
      `const out = []; for (const n of ${list}) out.push(Object.keys(await import("ts-observed/" + n))); console.log(JSON.stringify(out));`,
    ]);
    const expected = [["ObservedContextManager", "OpenTelemetryObserver"], ["DEFAULT_BUCKETS", "PrometheusObserver"], ["DiagnosticsChannelObserver"], ["SqliteAuditObserver"], ["WebhookObserver"]];
    expect(cjs).toEqual(expected);
    expect(esm).toEqual(expected);
  });

  it("nobody pays for a dependency they do not use: the core, the built-ins and the dependency-free integrations load none", async () => {
    const loaded = (await node([
      "-e",
      `for (const p of ["ts-observed", "ts-observed/observers", "ts-observed/webhook", "ts-observed/diagnostics-channel"]) require(p);
       console.log(JSON.stringify(Object.keys(require.cache)));`,
    ])) as string[];
    expect(loaded.some((path) => path.includes("/dist/cjs/runtime/observers/webhook.js"))).toBe(true);
    for (const heavy of HEAVY) expect(loaded.filter((path) => path.includes(`/node_modules/${heavy}`))).toEqual([]);
  });

  it("each heavy integration loads its own dependency only", async () => {
    const loadedBy = async (subpath: string) =>
      (await node(["-e", `require("ts-observed/${subpath}"); console.log(JSON.stringify(Object.keys(require.cache)))`])) as string[];
    const uses = (loaded: string[], name: string) => loaded.some((path) => path.includes(`/node_modules/${name}/`));
    const otel = await loadedBy("otel");
    expect([uses(otel, "@opentelemetry/api"), uses(otel, "prom-client"), uses(otel, "better-sqlite3")]).toEqual([true, false, false]);
    // prom-client itself requires @opentelemetry/api (for exemplars); not ours to avoid.
    const prometheus = await loadedBy("prometheus");
    expect([uses(prometheus, "prom-client"), uses(prometheus, "better-sqlite3")]).toEqual([true, false]);
    const sqlite = await loadedBy("sqlite");
    expect([uses(sqlite, "better-sqlite3"), uses(sqlite, "prom-client"), uses(sqlite, "@opentelemetry/api")]).toEqual([true, false, false]);
  });

  it("the ESM and CommonJS copies of the runtime share one registry: subscriptions made through one reach sites the other creates, before and after they change", async () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const esm = await import("ts-observed");
      const cjsRuntime = require("ts-observed/runtime");
      const meta = (name) => ({ name, qualifiedName: name, file: "x.ts", line: 1, column: 1, kind: "function", async: false, generator: false, params: [], rest: false, groups: ["g"], redact: [], capture: [] });
      const on = [];
      const first = esm.observe("g", { name: "one", states: ["COMPLETED"], timing: false, nesting: false, update() {} });
      on.push(cjsRuntime.site(meta("a")).on);
      first.unsubscribe();
      on.push(cjsRuntime.site(meta("b")).on);
      const second = esm.observe("g", { name: "two", states: ["PRE_EXECUTION"], timing: false, nesting: false, update() {} });
      on.push(cjsRuntime.site(meta("c")).on);
      second.unsubscribe();
      console.log(JSON.stringify(on));`;
    // COMPLETED = 8, none = 0, PRE_EXECUTION = 1 (runtime/states.ts): never the lists of a subscription that ended.
    expect(await node(["--input-type=module", "-e", script])).toEqual([8, 0, 1]);
  });
});

