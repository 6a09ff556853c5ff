/**
 * Observe-all over real code written by others: every .js/.ts source file of a few packages in
 * node_modules is rewritten with `observeAll: "all"` (every function instrumented) and the output must
 * parse (checked by esbuild, an independent parser). Prints files, failures, functions and MB/s.
 */
import { transform, type Loader } from "esbuild";
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
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
