import { build, type BuildOptions } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { afterEach, describe, expect, it } from "vitest";
import { observed } from "../transformer/esbuild.js";
import { planFile } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { ExecutionState, observe, type ExecutionContext } from "../runtime/index.js";

const root = join(import.meta.dirname, "..");
const app = join(root, "test/bundler-fixtures/app");
const out = join(root, "test/.out/esbuild-plugin");
// The built code imports the runtime source the test itself uses: one registry, observed by this test.
const runtime = join(root, "runtime/emit-api.ts");
const pluginOptions = { include: ["test/bundler-fixtures/**/*"], runtime };

function options(extra: BuildOptions): BuildOptions {
  const bundle = extra.bundle ?? true;
  return {
    absWorkingDir: root,
    format: "esm",
    platform: "node",
    jsxFactory: "h",
    write: true,
    logLevel: "silent",
    plugins: [observed(pluginOptions)],
    ...extra,
    bundle,
    ...(bundle ? { external: [runtime, ...(extra.external ?? [])] } : {}),
  };
}

let subscriptions: Array<{ unsubscribe(): void }> = [];
afterEach(() => {
  for (const s of subscriptions) s.unsubscribe();
  subscriptions = [];
});

function record(target: string): string[] {
  const events: string[] = [];
  subscriptions.push(observe(target, (ctx: ExecutionContext) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}`)));
  return events;
}

type App = typeof import("./bundler-fixtures/app/main.js");

describe("esbuild plugin", () => {
  it("bundles tagged TypeScript and TSX that run observed, with an external source map to the original", async () => {
    const outfile = join(out, "app.mjs");
    const result = await build(options({ entryPoints: [join(app, "main.ts")], outfile, sourcemap: "external", metafile: true }));
    expect(result.errors).toEqual([]);
    const mod = (await import(pathToFileURL(outfile).href + "?t=" + Date.now())) as App;

    const events = record("*");
    await expect(mod.checkout([{ name: "a", price: 4 }], "HALF")).resolves.toBe("$2.00");
    expect(mod.double(21)).toBe(42);
    expect(mod.Badge({ label: "new" })).toBe('<b title="new">NEW</b>');
    expect([...mod.countdown(2)]).toEqual([2, 1]);
    expect(() => mod.boom("bad")).toThrow("bad");
    const { PRE_EXECUTION: PRE, POST_SUCCESS: OK, POST_FAILURE: FAIL, COMPLETED: DONE } = ExecutionState;
    expect(events).toEqual([
      `${PRE}:checkout`, `${OK}:checkout`, `${DONE}:checkout`,
      `${PRE}:double`, `${OK}:double`, `${DONE}:double`,
      `${PRE}:Badge`, `${OK}:Badge`, `${DONE}:Badge`,
      `${PRE}:countdown`, `${OK}:countdown`, `${DONE}:countdown`,
      `${PRE}:boom`, `${FAIL}:boom`, `${DONE}:boom`,
    ]);

    // The map points into the original TypeScript: find `throw new Error(message)` of boom.
    const code = readFileSync(outfile, "utf8");
    const map = new TraceMap(readFileSync(outfile + ".map", "utf8"));
    const lines = code.split("\n");
    const line = lines.findIndex((l) => l.includes("throw new Error(message)"));
    const column = lines[line]!.indexOf("throw new Error(message)");
    const original = originalPositionFor(map, { line: line + 1, column });
    expect(original.source).toMatch(/bundler-fixtures\/app\/cart\.ts$/);
    const cartLines = readFileSync(join(app, "cart.ts"), "utf8").split("\n");
    expect(cartLines[original.line! - 1]!.slice(original.column!)).toMatch(/^throw new Error\(message\)/);
  });

  it("leaves untagged files to esbuild (onLoad returns undefined) and costs nothing when disabled", async () => {
    const plain = await build(options({ entryPoints: [join(app, "plain.ts")], write: false, outdir: out, format: "esm", bundle: false }));
    const bare = await build({ ...options({ entryPoints: [join(app, "plain.ts")], write: false, outdir: out, bundle: false }), plugins: [] });
    expect(plain.outputFiles![0]!.text).toBe(bare.outputFiles![0]!.text);

    const off = await build({ ...options({ entryPoints: [join(app, "cart.ts")], write: false, outdir: out, bundle: false }), plugins: [observed({ ...pluginOptions, enabled: false })] });
    const none = await build({ ...options({ entryPoints: [join(app, "cart.ts")], write: false, outdir: out, bundle: false }), plugins: [] });
    expect(off.outputFiles![0]!.text).toBe(none.outputFiles![0]!.text);
  });

  it("inlines a source map that maps to the original when asked for sourcemap: inline", async () => {
    const built = await build(options({ entryPoints: [join(app, "cart.ts")], write: false, outdir: out, bundle: false, sourcemap: "inline" }));
    const text = built.outputFiles![0]!.text;
    const url = /\/\/# sourceMappingURL=data:application\/json;base64,(.+)\s*$/.exec(text)?.[1];
    expect(url).toBeDefined();
    const map = JSON.parse(Buffer.from(url!, "base64").toString("utf8")) as { sources: string[]; sourcesContent: string[] };
    expect(map.sources.some((s) => s.endsWith("cart.ts"))).toBe(true);
    expect(map.sourcesContent[0]).toBe(readFileSync(join(app, "cart.ts"), "utf8"));
  });

  it("rewrites a tagged CommonJS file with a require() of the runtime, and it runs observed", async () => {
    // One CommonJS build of the runtime (public API + emit API) that both the bundle and this test use.
    const dir = join(out, "cjs");
    const entry = join(dir, "runtime-entry.ts");
    mkdirSync(dir, { recursive: true });
    writeFileSync(entry, `export * from ${JSON.stringify(join(root, "runtime/index.ts"))};\nexport * from ${JSON.stringify(runtime)};\n`);
    const cjsRuntime = join(dir, "runtime.cjs");
    await build({ entryPoints: [entry], outfile: cjsRuntime, bundle: true, format: "cjs", platform: "node", logLevel: "silent" });

    const built = await build(options({ entryPoints: [join(app, "legacy.cjs")], format: "cjs", write: false, outdir: dir, external: [cjsRuntime], plugins: [observed({ ...pluginOptions, runtime: cjsRuntime })] }));
    const code = built.outputFiles![0]!.text;
    expect(code).toContain(`require(${JSON.stringify(cjsRuntime)})`);
    expect(code).not.toMatch(/^import /m);

    const require = createRequire(import.meta.url);
    const rt = require(cjsRuntime) as typeof import("../runtime/index.js");
    const mod = { exports: {} as { legacyTotal(prices: number[]): number } };
    new Function("module", "exports", "require", code)(mod, mod.exports, require);
    const events: string[] = [];
    const subscription = rt.observe("legacy", (ctx: ExecutionContext) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}`));
    expect(mod.exports.legacyTotal([1, 2, 3])).toBe(6);
    subscription.unsubscribe();
    expect(events).toEqual(["PRE_EXECUTION:legacyTotal", "POST_SUCCESS:legacyTotal", "COMPLETED:legacyTotal"]);
  });

  it("rebuilds of one context reuse unchanged rewrites and pick up changed files", async () => {
    const dir = join(out, "rebuild");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "price.ts");
    const source = (factor: number) => `/** @observed */\nexport function price(n: number): number {\n  return n * ${factor};\n}\n`;
    writeFileSync(file, source(2));
    const { context } = await import("esbuild");
    const ctx = await context({
      entryPoints: [file],
      absWorkingDir: root,
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      external: [runtime],
      logLevel: "silent",
      plugins: [observed({ include: ["test/.out/esbuild-plugin/rebuild/*"], runtime })],
    });
    try {
      const first = (await ctx.rebuild()).outputFiles![0]!.text;
      const again = (await ctx.rebuild()).outputFiles![0]!.text;
      expect(again).toBe(first);
      expect(first).toContain("return __obs_c === null ? n * 2 : __obs_c.ok(n * 2);");
      writeFileSync(file, source(3));
      const changed = (await ctx.rebuild()).outputFiles![0]!.text;
      expect(changed).toContain("return __obs_c === null ? n * 3 : __obs_c.ok(n * 3);");
    } finally {
      await ctx.dispose();
    }
  });

  it("reports bad tags as esbuild errors with file, line and column", async () => {
    const badFile = join(root, "test/bundler-fixtures/bad/bad.ts");
    const failed = await build(options({ entryPoints: [badFile], write: false, outdir: out })).catch((e: { errors: unknown[] }) => e);
    const errors = (failed as { errors: Array<{ text: string; pluginName: string; location: { file: string; line: number; column: number; lineText: string } }> }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]!.pluginName).toBe("ts-observed");
    expect(errors[0]!.text).toMatch(/^TSO1003: .*missing/);
    // Same place as the analysis says (esbuild columns are 0-based).
    const [diagnostic] = planFile(readFileSync(badFile, "utf8"), badFile, resolveSettings(pluginOptions, root)).diagnostics;
    expect([errors[0]!.location.line, errors[0]!.location.column + 1]).toEqual([diagnostic!.line, diagnostic!.column]);
    expect(errors[0]!.location.file).toMatch(/bad\.ts$/);
    expect(errors[0]!.location.line).toBe(3);
    expect(errors[0]!.location.lineText).toContain("@capture missing");
  });
});
