// The published declarations type-check in consumer projects that resolve the package the way users do
// (test/.out/node_modules/ts-observed → the repository, through its package.json):
// - without @types/node and without a lib with `Disposable` (a browser app, a strict library), with
//   skipLibCheck off: `Subscription` is `Disposable`, so observe.d.ts pulls in TypeScript's
//   `esnext.disposable` lib itself (`/// <reference lib … preserve="true" />`), and no declaration of the
//   runtime entries imports a `node:` module or names a platform global (diagnostics-channel.d.ts declares
//   the channel types it uses, webhook.d.ts the `fetch` it calls);
// - as ES modules (NodeNext, Bundler) and as CommonJS: node16/nodenext with `"type": "commonjs"` or a
//   `.cts` file resolve the `require` condition, whose declarations live under dist/cjs (a "commonjs"
//   folder), and node10 (`module: commonjs`) ignores `exports` and reads `types` / `typesVersions`. An ESM
//   .d.ts given to a CommonJS file is TS1479 (TS1541 for `import type`); node10 without them is TS2307.
// The CommonJS consumers are then compiled and run: `require("ts-observed")` and its subpaths work.
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const run = promisify(execFile);

const compilers = {
  "TypeScript 5.9": join(ROOT, "node_modules/typescript/bin/tsc"),
  "TypeScript 6": join(ROOT, "test/ts6/node_modules/typescript/bin/tsc"),
};

/** Values and types from every runtime entry without a third-party dependency: the root, `/observers`, `/testing`, `/runtime`, `/diagnostics-channel`, `/async-context`, `/webhook`, `/observers/html-report-file`. */
const APP = `import { ExecutionState, observe, onCompletion, onFailure, type ExecutionContext, type SettledContext } from "ts-observed";
import { MetricsObserver, type CallMetrics } from "ts-observed/observers";
import { createTestContext, FakeClock } from "ts-observed/testing";
import type { Site } from "ts-observed/runtime";
import { DiagnosticsChannelObserver, type TracingChannelLike } from "ts-observed/diagnostics-channel";
import { enableAsyncContext } from "ts-observed/async-context";
import { WebhookObserver, type WebhookFetch } from "ts-observed/webhook";
import { writeHtmlReport } from "ts-observed/observers/html-report-file";
export const clock: FakeClock = new FakeClock();
export type AnySite = Site;
export type Channel = TracingChannelLike;
export const asyncContext: typeof enableAsyncContext = enableAsyncContext;
export const webhook = (url: string, fetch?: WebhookFetch): WebhookObserver => new WebhookObserver({ url, fetch });
export const report: typeof writeHtmlReport = writeHtmlReport;
export function add(a: number, b: number): number {
  return a + b;
}
const seen: string[] = [];
export function run(): { seen: string[]; metrics: CallMetrics | undefined } {
  // Expression-bodied callbacks returning a value; result is set in the settled states.
  using _sub = observe("*", onCompletion((ctx) => seen.push(\`\${ctx.functionSignature.name} \${ctx.result.ok}\`)));
  const completed: ExecutionContext = createTestContext({ name: "checkout", state: ExecutionState.COMPLETED, value: 3 });
  const settled: SettledContext = createTestContext({ name: "checkout", state: ExecutionState.POST_FAILURE, exception: new Error("x") }) as SettledContext;
  onFailure((ctx) => seen.push(String(ctx.result.ok))).update(settled);
  const metrics = new MetricsObserver();
  const subscription = observe("*", metrics, new DiagnosticsChannelObserver());
  metrics.update(createTestContext({ name: "checkout", state: ExecutionState.POST_SUCCESS, value: 42, executionTime: 12 }));
  subscription[Symbol.dispose]();
  seen.push(completed.state);
  return { seen, metrics: metrics.getFunctionMetrics("checkout") };
}
`;

interface Consumer {
  /** The consumer's package.json `type`. */
  packageType: "module" | "commonjs";
  /** The app's file name: `.ts`, or `.cts` (always CommonJS under node16/nodenext). */
  file: "app.ts" | "app.cts";
  compilerOptions: Record<string, unknown>;
  /** Extra options for TypeScript 6, which deprecates node10 resolution. */
  ts6?: Record<string, unknown>;
  /** The folder of dist/ whose declarations tsc must read: ESM's, or the CommonJS copy. */
  declarations: "dist/types" | "dist/cjs";
  /** What Node runs after compiling, for the CommonJS consumers: it requires the package. */
  runs?: string;
}

const consumers: Record<string, Consumer> = {
  "ESM, NodeNext": { packageType: "module", file: "app.ts", compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" }, declarations: "dist/types" },
  "ESM, Bundler": { packageType: "module", file: "app.ts", compilerOptions: { module: "ESNext", moduleResolution: "Bundler" }, declarations: "dist/types" },
  // The oldest lib the declarations need (AsyncGenerator is ES2018's; WeakRef is not named).
  "ESM, Bundler, lib ES2018": {
    packageType: "module",
    file: "app.ts",
    compilerOptions: { module: "ESNext", moduleResolution: "Bundler", target: "ES2018", lib: ["ES2018"] },
    declarations: "dist/types",
  },
  'CommonJS, node16 and "type": "commonjs"': {
    packageType: "commonjs",
    file: "app.ts",
    compilerOptions: { module: "Node16", moduleResolution: "Node16" },
    declarations: "dist/cjs",
    runs: "app.js",
  },
  "CommonJS, nodenext and a .cts file": {
    packageType: "module",
    file: "app.cts",
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
    declarations: "dist/cjs",
    runs: "app.cjs",
  },
  "CommonJS, node10 (module: commonjs)": {
    packageType: "commonjs",
    file: "app.ts",
    compilerOptions: { module: "CommonJS", moduleResolution: "Node10", esModuleInterop: true },
    ts6: { ignoreDeprecations: "6.0" },
    declarations: "dist/cjs",
    runs: "app.js",
  },
};

/** Runs tsc on a project: its diagnostics ("" when it compiles cleanly), and the folders of dist/ it read ts-observed's declarations from. */
async function compile(tsc: string, dir: string): Promise<{ diagnostics: string; declarations: string[] }> {
  const stdout = await run(process.execPath, [tsc, "-p", dir, "--listFiles"]).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  );
  const lines = stdout.split("\n").filter((line) => line !== "");
  const files = lines.filter((line) => line.startsWith("/"));
  const ours = files.filter((file) => file.startsWith(ROOT + "/") && !file.startsWith(dir) && !file.includes("/node_modules/"));
  return {
    diagnostics: lines.filter((line) => !files.includes(line)).join("\n"),
    // "types" (ESM) or "cjs"; anything else (the repository's sources) would be a resolution the tarball cannot make.
    declarations: [...new Set(ours.map((file) => file.slice(ROOT.length + 1).replace(/^dist\/([^/]+)\/.*$/, "dist/$1")))],
  };
}

describe("ts-observed's declarations in consumer projects without @types/node, skipLibCheck off", () => {
  for (const [label, consumer] of Object.entries(consumers)) {
    for (const [compiler, tsc] of Object.entries(compilers)) {
      const emits = compiler === "TypeScript 5.9" && consumer.runs !== undefined;
      it(`${label}, ${compiler}: the root, /observers, /testing and the other dependency-free runtime entries type-check${emits ? "; the compiled app requires the package and runs" : ""}`, async () => {
        linkPackage(); // test/.out/node_modules/ts-observed → the repository (its dist/ is built by npm test)
        const dir = join(OUT_DIR, `consumer-types-${label}-${compiler}`.replace(/\W+/g, "-"));
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const compilerOptions = {
          strict: true,
          target: "ES2022",
          lib: ["ES2022"],
          types: [],
          skipLibCheck: false,
          ...consumer.compilerOptions,
          ...(compiler === "TypeScript 6" ? consumer.ts6 : {}),
          ...(emits ? { outDir: "out" } : { noEmit: true }),
        };
        writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [consumer.file] }));
        writeFileSync(join(dir, "package.json"), JSON.stringify({ type: consumer.packageType }) + "\n");
        writeFileSync(join(dir, consumer.file), APP);
        const { diagnostics, declarations } = await compile(tsc, dir);
        expect(diagnostics).toBe("");
        // ESM consumers read dist/types; CommonJS ones the copy under dist/cjs (a "commonjs" folder).
        expect(declarations).toEqual([consumer.declarations]);
        if (!emits) return;
        // The compiled CommonJS requires the package: print what it ran, and where `ts-observed` resolved.
        writeFileSync(join(dir, "out/package.json"), JSON.stringify({ type: consumer.packageType }) + "\n");
        const script = `const app = require("./${consumer.runs}"); const { seen, metrics } = app.run();
console.log(JSON.stringify({ seen, calls: metrics.calls, resolved: require.resolve("ts-observed"), cached: Object.keys(require.cache).some((p) => p.endsWith("/dist/cjs/runtime/observers/index.js")) }));`;
        const { stdout } = await run(process.execPath, ["-e", script], { cwd: join(dir, "out") });
        expect(JSON.parse(stdout)).toEqual({
          seen: ["false", "COMPLETED"],
          calls: 1,
          resolved: join(ROOT, "dist/cjs/runtime/index.js"),
          cached: true,
        });
      });
    }
  }
});
