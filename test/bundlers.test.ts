import { build as esbuild } from "esbuild";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { rollup } from "rollup";
import ts from "typescript";
import { build as vite } from "vite";
import webpack from "webpack";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { observed as esbuildPlugin } from "../transformer/esbuild.js";
import { observed as rollupPlugin } from "../transformer/rollup.js";
import { observed as vitePlugin } from "../transformer/vite.js";
import { observed as webpackPlugin } from "../transformer/webpack.js";
import { observed as rspackPlugin } from "../transformer/rspack.js";
import { rspack } from "@rspack/core";
import { ExecutionState, observe, REDACTED, type ExecutionContext } from "../runtime/index.js";

const root = join(import.meta.dirname, "..");
const entry = join(root, "test/bundler-fixtures/app/main.ts");
const out = join(root, "test/.out/bundlers");
// Built code imports the runtime source this test uses: one registry for the test and the bundles.
const runtime = join(root, "runtime/emit-api.ts");
const options = { include: ["test/bundler-fixtures/**/*"], runtime };

type App = typeof import("./bundler-fixtures/app/main.js");

/** Each bundler builds the fixture app to one ES module with a source map; returns the output path. */
const builders: Record<string, () => Promise<string>> = {
  async esbuild() {
    const outfile = join(out, "esbuild/app.mjs");
    await esbuild({ entryPoints: [entry], outfile, bundle: true, format: "esm", platform: "node", sourcemap: "external", external: [runtime], jsxFactory: "h", logLevel: "silent", plugins: [esbuildPlugin(options)] });
    return outfile;
  },
  async vite() {
    const outDir = join(out, "vite");
    await vite({
      configFile: false,
      root,
      logLevel: "silent",
      plugins: [vitePlugin(options)],
      esbuild: { jsxFactory: "h" },
      build: { ssr: entry, outDir, emptyOutDir: true, sourcemap: true, minify: false, rollupOptions: { external: [runtime], output: { format: "es", entryFileNames: "app.mjs" } } },
    });
    return join(outDir, "app.mjs");
  },
  async rollup() {
    const file = join(out, "rollup/app.mjs");
    const bundle = await rollup({
      input: entry,
      external: [runtime],
      plugins: [rollupPlugin(options), stripTypes(), resolveTs()],
      onwarn: () => {},
    });
    await bundle.write({ file, format: "es", sourcemap: true });
    await bundle.close();
    return file;
  },
  async webpack() {
    const compiler = webpack({
      ...webpackLikeConfig("webpack"),
      module: { rules: [{ test: /\.tsx?$/, use: [{ loader: join(root, "test/helpers/esbuild-webpack-loader.cjs") }] }] },
      plugins: [webpackPlugin(options)],
    });
    await runCompiler(compiler);
    return join(out, "webpack", "app.mjs");
  },
  // The loader alone (ts-observed/loader, as Turbopack's `turbopack.rules` or a hand-written rule uses it), no
  // plugin: the built CommonJS file, loaded by webpack's loader runner with require().
  async "webpack-loader"() {
    const compiler = webpack({
      ...webpackLikeConfig("webpack-loader"),
      module: { rules: [{ test: /\.tsx?$/, use: [{ loader: join(root, "test/helpers/esbuild-webpack-loader.cjs") }, { loader: join(root, "dist/cjs/transformer/loader.js"), options }] }] },
    });
    await runCompiler(compiler);
    return join(out, "webpack-loader", "app.mjs");
  },
  async rspack() {
    const compiler = rspack({
      ...webpackLikeConfig("rspack"),
      module: {
        rules: [
          {
            test: /\.tsx?$/,
            loader: "builtin:swc-loader",
            options: { jsc: { target: "es2022", parser: { syntax: "typescript", tsx: true }, transform: { react: { pragma: "h" } } } },
          },
        ],
      },
      plugins: [rspackPlugin(options)],
    });
    await runCompiler(compiler);
    return join(out, "rspack", "app.mjs");
  },
};

/** What webpack and Rspack builds share: an ES module bundle for Node with the runtime left external. */
function webpackLikeConfig(name: string) {
  return {
    mode: "none" as const,
    context: root,
    entry,
    target: "node20" as const,
    devtool: "source-map" as const,
    output: { path: join(out, name), filename: "app.mjs", library: { type: "module" as const }, module: true },
    externalsType: "module" as const,
    externals: { [runtime]: runtime },
    resolve: { extensions: [".ts", ".tsx", ".js"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
  };
}

/** Runs a webpack-compatible compiler to completion; rejects with its errors. */
interface RunnableCompiler {
  run(callback: (error: Error | null, stats?: { hasErrors(): boolean; toString(preset: "errors-only"): string }) => void): void;
  close(callback: () => void): void;
}

function runCompiler(compiler: RunnableCompiler): Promise<void> {
  return new Promise<void>((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {});
      if (error) reject(error);
      else if (stats?.hasErrors()) reject(new Error(stats.toString("errors-only")));
      else resolve();
    }),
  );
}

/** A Rollup plugin that strips types with esbuild, as a user's TypeScript plugin would. */
function stripTypes() {
  return {
    name: "strip-types",
    async transform(code: string, id: string) {
      if (!/\.tsx?$/.test(id)) return null;
      const { transform } = await import("esbuild");
      const r = await transform(code, { loader: id.endsWith("x") ? "tsx" : "ts", sourcemap: "external", sourcefile: id, jsxFactory: "h" });
      return { code: r.code, map: r.map };
    },
  };
}

/** Resolves `./x.js` to `./x.ts`, as TypeScript does. */
function resolveTs() {
  return {
    name: "resolve-ts",
    resolveId(source: string, importer: string | undefined) {
      if (importer === undefined || !source.startsWith(".")) return null;
      const base = join(importer, "..", source.replace(/\.js$/, ""));
      for (const ext of [".ts", ".tsx"]) {
        try {
          readFileSync(base + ext);
          return base + ext;
        } catch {
          // not this one
        }
      }
      return null;
    },
  };
}

let subscriptions: Array<{ unsubscribe(): void }> = [];
afterEach(() => {
  for (const s of subscriptions) s.unsubscribe();
  subscriptions = [];
});

/** Runs the same calls against a built app; returns what an observer of every site saw, and the results. */
async function exercise(mod: App): Promise<{ events: string[]; results: unknown[] }> {
  const events: string[] = [];
  subscriptions.push(
    observe("*", (ctx: ExecutionContext) => {
      const args = ctx.state === ExecutionState.PRE_EXECUTION ? JSON.stringify(ctx.arguments) : "";
      const locals = ctx.state === ExecutionState.POST_SUCCESS && ctx.functionSignature.capture.length > 0 ? JSON.stringify(ctx.localVariables) : "";
      events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}${args}${locals}`);
    }),
  );
  const results: unknown[] = [];
  results.push(await mod.checkout([{ name: "a", price: 4 }, { name: "b", price: 6 }], "HALF"));
  const cart = mod.Cart.open("ann", "s3cret").add({ name: "c", price: 1 });
  results.push(cart.size, mod.double(21), mod.Badge({ label: "hi" }), [...mod.countdown(2)]);
  try {
    mod.boom("bad");
  } catch (error) {
    results.push((error as Error).message);
  }
  return { events, results };
}

function throwLocation(file: string): { source: string | null; line: number | null } {
  const code = readFileSync(file, "utf8").split("\n");
  const line = code.findIndex((l) => l.includes("throw new Error(message)"));
  const pos = originalPositionFor(new TraceMap(readFileSync(file + ".map", "utf8")), { line: line + 1, column: code[line]!.indexOf("throw") });
  return { source: pos.source, line: pos.line };
}

const built: Record<string, string> = {};
beforeAll(async () => {
  for (const [name, builder] of Object.entries(builders)) built[name] = await builder();
});

describe.each(["esbuild", "vite", "rollup", "webpack", "webpack-loader", "rspack"])("%s build of the fixture app", (name) => {
  it("runs observed with the same results and events as every other bundler", async () => {
    const mod = (await import(pathToFileURL(built[name]!).href)) as App;
    const { events, results } = await exercise(mod);
    expect(results).toEqual(["$5.00", 1, 42, '<b title="hi">HI</b>', [2, 1], "bad"]);
    const { PRE_EXECUTION: PRE, POST_SUCCESS: OK, POST_FAILURE: FAIL, COMPLETED: DONE } = ExecutionState;
    expect(events).toEqual([
      `${PRE}:checkout{"items":[{"name":"a","price":4},{"name":"b","price":6}],"coupon":"HALF"}`,
      `${OK}:checkout{"total":5}`,
      `${DONE}:checkout`,
      `${PRE}:Cart.open{"owner":"ann","secret":${JSON.stringify(REDACTED)}}`,
      `${OK}:Cart.open`,
      `${DONE}:Cart.open`,
      `${PRE}:Cart.add{"item":{"name":"c","price":1}}`,
      `${OK}:Cart.add`,
      `${DONE}:Cart.add`,
      `${PRE}:Cart.size{}`,
      `${OK}:Cart.size`,
      `${DONE}:Cart.size`,
      `${PRE}:double{"n":21}`,
      `${OK}:double`,
      `${DONE}:double`,
      `${PRE}:Badge{"props":{"label":"hi"}}`,
      `${OK}:Badge`,
      `${DONE}:Badge`,
      `${PRE}:countdown{"from":2}`,
      `${OK}:countdown`,
      `${DONE}:countdown`,
      `${PRE}:boom{"message":"bad"}`,
      `${FAIL}:boom`,
      `${DONE}:boom`,
    ]);
  });

  it("has a source map that points at the original TypeScript line", () => {
    const { source, line } = throwLocation(built[name]!);
    expect(source).toMatch(/bundler-fixtures\/app\/cart\.ts$/);
    const original = readFileSync(entry.replace("main.ts", "cart.ts"), "utf8").split("\n");
    expect(original[line! - 1]).toContain("throw new Error(message)");
  });
});

describe("the Vite plugin in a user's vitest.config", () => {
  it("makes the code under test observed (the spec observes a tagged function and checks its events)", async () => {
    const vitest = join(root, "node_modules/vitest/vitest.mjs");
    const { stdout } = await promisify(execFile)(process.execPath, [vitest, "run", "--root", join(root, "test/bundler-fixtures/vitest-app")], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    expect(stdout).toMatch(/Tests\s+1 passed \(1\)/);
  });
});

describe("Rollup: an observed arrow at the top level of an ES module", () => {
  // `this` there is the module's, undefined: the entry call passes `void 0` (docs/EMIT.md, Function level),
  // not a `this` Rollup rewrites and warns about ('"this" has been rewritten to "undefined"') at the user's line.
  const input = join(root, "test/bundler-fixtures/top-level-this/main.ts");
  type Mod = typeof import("./bundler-fixtures/top-level-this/main.js");

  it("gets no `this` warning from Rollup (only the user's own top-level `this` is warned about), and thisArg is undefined", async () => {
    const warnings: Array<{ code?: string; loc?: { line: number }; message: string }> = [];
    // TypeScript's transpile, as @rollup/plugin-typescript runs it, keeps `this` (esbuild would print `void 0`).
    const typescript = {
      name: "typescript-transpile",
      transform(code: string, id: string) {
        if (!id.endsWith(".ts")) return null;
        const r = ts.transpileModule(code, { fileName: id, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true } });
        return { code: r.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ""), map: r.sourceMapText };
      },
    };
    const bundle = await rollup({ input, external: [runtime], plugins: [rollupPlugin(options), typescript], onwarn: (w) => void warnings.push(w) });
    const file = join(out, "rollup-top-level-this/main.mjs");
    const { output } = await bundle.write({ file, format: "es" });
    await bundle.close();
    const thisWarnings = warnings.filter((w) => w.code === "THIS_IS_UNDEFINED");
    expect(thisWarnings.map((w) => w.loc?.line)).toEqual([16]);
    expect(output[0].code).toContain(".enter(void 0, x)");
    expect(output[0].code).toContain(".enter(void 0, b)");
    expect(output[0].code).toContain(".enter(this)");

    const mod = (await import(pathToFileURL(file).href)) as Mod;
    const seen: Array<[string, unknown]> = [];
    const subscription = observe("*", (ctx: ExecutionContext) => {
      if (ctx.state === ExecutionState.PRE_EXECUTION) seen.push([ctx.functionSignature.qualifiedName, ctx.thisArg]);
    });
    try {
      expect(mod.double(21)).toBe(42);
      expect(mod.adder(1)(2)).toBe(3);
      const box = new mod.Box();
      expect(box.read()).toBe(2);
      expect(seen).toEqual([["double", undefined], [expect.any(String), undefined], ["Box.read", box]]);
      expect(mod.self()).toBeUndefined();
    } finally {
      subscription.unsubscribe();
    }
  });
});

describe("diagnostics through the unplugin core (Rollup)", () => {
  const bad = join(root, "test/bundler-fixtures/bad");
  it("fails the build with the file, line, column and code of a bad tag", async () => {
    const error = await rollup({ input: join(bad, "bad.ts"), plugins: [rollupPlugin(options), stripTypes()], onwarn: () => {} }).then(
      () => undefined,
      (e: { message: string; loc?: { file: string; line: number; column: number }; plugin?: string }) => e,
    );
    expect(error?.plugin).toBe("ts-observed");
    // The location is Rollup's own (`loc`, 0-based column), not repeated in the text (bundler-diagnostics.test.ts).
    expect(error?.message).toMatch(/^TSO1003: .*missing/);
    expect(error?.loc).toMatchObject({ line: 3, column: 14 });
    expect(error?.loc?.file).toMatch(/bad\.ts$/);
  });

  it("reports a warning-level problem as a located warning and still builds", async () => {
    const warnings: Array<{ message: string; loc?: { line: number }; plugin?: string }> = [];
    const bundle = await rollup({ input: join(bad, "warn.ts"), external: [runtime], plugins: [rollupPlugin(options), stripTypes()], onwarn: (w) => void warnings.push(w) });
    await bundle.close();
    const ours = warnings.filter((w) => w.plugin === "ts-observed");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toMatch(/TSO1006: /);
    expect(ours[0]!.loc?.line).toBe(1);
  });
});
