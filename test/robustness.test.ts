/**
 * Observe-all over real code written by others: every .js/.ts source file of a few packages in
 * node_modules is rewritten with `observeAll: "all"` (every function instrumented) and the output must
 * parse (checked by esbuild, an independent parser). Prints files, failures, functions and MB/s.
 */
import { transform, type Loader } from "esbuild";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rewrite, type RewriteSettings } from "../transformer/rewrite.js";

const root = join(import.meta.dirname, "..");
/** CommonJS (webpack, postcss, enhanced-resolve, prom-client), ES modules and builds (OpenTelemetry, Rollup, Vite, terser, acorn), TypeScript sources (ajv). */
const PACKAGES = ["webpack/lib", "@opentelemetry", "ajv", "postcss/lib", "enhanced-resolve/lib", "prom-client", "terser", "acorn", "rollup/dist", "vite/dist"];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(name) && !DECLARATION.test(name)) out.push(path);
  }
  return out;
}

function loaderOf(path: string): Loader {
  if (/\.[cm]?ts$/.test(path)) return "ts";
  return path.endsWith("x") ? (path.endsWith(".tsx") ? "tsx" : "jsx") : "js";
}

/** Whether esbuild parses `code` (null) or its first error. */
async function parseError(code: string, path: string): Promise<string | null> {
  try {
    await transform(code, { loader: loaderOf(path), sourcefile: path, logLevel: "silent" });
    return null;
  } catch (error) {
    return (error as { errors?: Array<{ text: string; location?: { line: number; column: number } }> }).errors?.map((e) => `${e.location?.line}:${e.location?.column} ${e.text}`)[0] ?? String(error);
  }
}

const settings: RewriteSettings = {
  enabled: true,
  tag: "observed",
  runtime: "ts-observed/runtime",
  observeAll: "all",
  projectRoot: root,
  includes: () => true,
  format: "auto",
};

describe("observe-all over real packages", () => {
  it("rewrites thousands of files written by others into code that parses", async () => {
    const files = PACKAGES.flatMap((p) => sourceFiles(join(root, "node_modules", p)));
    const texts = files.map((f) => readFileSync(f, "utf8"));
    // Files esbuild itself cannot parse (none expected) are not held against the rewriter.
    const parsesAlready = await Promise.all(texts.map(async (t, i) => (await parseError(t, files[i]!)) === null));

    const outputs: Array<string | undefined> = [];
    const failures: string[] = [];
    let bytes = 0;
    let functions = 0;
    let outBytes = 0;
    const started = performance.now();
    texts.forEach((text, i) => {
      if (!parsesAlready[i]) return;
      bytes += text.length;
      try {
        const result = rewrite(text, files[i]!, settings);
        outputs[i] = result?.code;
        functions += result?.functions ?? 0;
        outBytes += result?.code.length ?? text.length;
        const internal = result?.diagnostics.filter((d) => d.code === "TSO9999") ?? [];
        for (const d of internal) failures.push(`${files[i]}:${d.line}:${d.column} ${d.message}`);
      } catch (error) {
        failures.push(`${files[i]}: threw ${(error as Error).stack ?? String(error)}`);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const errors = await Promise.all(outputs.map((code, i) => (code === undefined ? null : parseError(code, files[i]!))));
    errors.forEach((e, i) => {
      if (e !== null) failures.push(`${files[i]}: output does not parse: ${e}`);
    });

    const report = {
      packages: PACKAGES,
      files: files.length,
      skippedUnparsable: parsesAlready.filter((p) => !p).length,
      rewritten: outputs.filter((o) => o !== undefined).length,
      functions,
      failures: failures.length,
      inputMB: +(bytes / 1e6).toFixed(2),
      outputMB: +(outBytes / 1e6).toFixed(2),
      seconds: +seconds.toFixed(2),
      MBps: +(bytes / 1e6 / seconds).toFixed(2),
    };
    mkdirSync(join(root, "test/.out"), { recursive: true });
    writeFileSync(join(root, "test/.out/robustness.json"), JSON.stringify(report, null, 2));
    console.log(`observe-all robustness: ${JSON.stringify(report)}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(report.files).toBeGreaterThan(1500);
    expect(report.functions).toBeGreaterThan(20_000);
  });
});

describe("observe-all on a real library that then runs", () => {
  it("acorn with every function observed parses its own source to the same AST, with and without an observer", async () => {
    const dir = join(root, "test/.out/robust-acorn");
    mkdirSync(dir, { recursive: true });
    const source = join(root, "node_modules/acorn/dist/acorn.mjs");
    // The built runtime, by absolute path: the child process below loads it with plain Node.
    const runtimeEntry = join(root, "dist/esm/runtime/emit-api.js");
    const result = rewrite(readFileSync(source, "utf8"), source, { ...settings, runtime: runtimeEntry });
    expect(result?.functions).toBeGreaterThan(300);
    writeFileSync(join(dir, "acorn.mjs"), result!.code);
    const script = `
      import * as plain from ${JSON.stringify(source)};
      import * as observedAcorn from ${JSON.stringify(join(dir, "acorn.mjs"))};
      import { observe, observer } from ${JSON.stringify(join(root, "dist/esm/runtime/index.js"))};
      import { readFileSync } from "node:fs";
      const text = readFileSync(${JSON.stringify(source)}, "utf8");
      const parse = (acorn) => JSON.stringify(acorn.parse(text, { ecmaVersion: "latest", sourceType: "module", locations: true }));
      const expected = parse(plain);
      const unobserved = parse(observedAcorn) === expected;
      let calls = 0;
      const subscription = observe("*", observer(() => { calls++; }, { name: "count", states: ["PRE_EXECUTION"] }));
      const observed = parse(observedAcorn) === expected;
      subscription.unsubscribe();
      console.log(JSON.stringify({ unobserved, observed, calls }));
    `;
    const file = join(dir, "check.mjs");
    writeFileSync(file, script);
    const { stdout } = await promisify(execFile)(process.execPath, [file], { cwd: root, maxBuffer: 1 << 20 });
    const report = JSON.parse(stdout) as { unobserved: boolean; observed: boolean; calls: number };
    console.log(`acorn observe-all: ${result!.functions} functions instrumented, ${report.calls} observed calls while parsing itself`);
    expect(report.unobserved).toBe(true);
    expect(report.observed).toBe(true);
    expect(report.calls).toBeGreaterThan(10_000);
  });
});
