/**
 * What Rollup, Vite, webpack and Rspack show for the same bad tag (an error, TSO1003) and the same
 * warning-level problem (TSO1006), through the unplugin core: one plugin prefix, one location, the column
 * where the tag is.
 *
 * - Rollup and Vite take the location as `this.error` / `this.warn`'s position and print it themselves, in
 *   their own form (1-based line, 0-based column: `(3:14)`, `file: …/bad.ts:3:14`, and a frame with a caret
 *   under the tag); the text is `TSO1003: …`, with no second `file:line:column` and no second plugin prefix.
 * - webpack and Rspack keep only the text of a loader's error: it is `/…/bad.ts:3:15 - TSO1003: …` (1-based, as
 *   tsc, esbuild and the Node loader print it) and the source line with a caret under the tag.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { rspack } from "@rspack/core";
import { rollup, type RollupLog } from "rollup";
import { build as vite, type Logger } from "vite";
import webpack from "webpack";
import { describe, expect, it } from "vitest";
import { observed as rollupPlugin } from "../transformer/rollup.js";
import { observed as rspackPlugin } from "../transformer/rspack.js";
import { observed as vitePlugin } from "../transformer/vite.js";
import { observed as webpackPlugin } from "../transformer/webpack.js";

const root = join(import.meta.dirname, "..");
const badDir = join(root, "test/bundler-fixtures/bad");
const bad = join(badDir, "bad.ts"); // line 3: `/** @observed @capture missing */`, @capture at column 15 (1-based)
const warn = join(badDir, "warn.ts"); // line 1: `/** @capture x */`, @capture at column 5 (1-based)
const runtime = join(root, "runtime/emit-api.ts");
const options = { include: ["test/bundler-fixtures/**/*", "test/.out/**/*"], runtime };
const out = join(root, "test/.out/bundler-diagnostics", `p${process.pid}`);

const ERROR_TEXT = /^TSO1003: @capture missing: function compute has no parameter or top-level local named "missing"\./;
const WARNING_TEXT = /^TSO1006: @capture and @redact apply to observed functions only/;
const ERROR_LINE = "/** @observed @capture missing */";
const WARNING_LINE = "/** @capture x */";
// eslint-disable-next-line no-control-regex
const plain = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, "");

/** A Rollup frame's line `3: …` followed by its caret line, the caret under 0-based `column`. */
function rollupFrame(line: number, text: string, column: number): string {
  return `${line}: ${text}\n${" ".repeat(String(line).length + 2 + column)}^`;
}

describe("Rollup", () => {
  const stripTypes = {
    name: "strip-types",
    async transform(code: string, id: string) {
      if (!id.endsWith(".ts")) return null;
      const { transform } = await import("esbuild");
      const r = await transform(code, { loader: "ts", sourcemap: "external", sourcefile: id });
      return { code: r.code, map: r.map };
    },
  };

  it("an error: the text is the code and message; loc (0-based column) and frame point at the tag", async () => {
    const error = await rollup({ input: bad, plugins: [rollupPlugin(options), stripTypes], onwarn: () => {} }).then(
      () => undefined,
      (e: RollupLog & Error) => e,
    );
    expect(error?.plugin).toBe("ts-observed");
    expect(error?.pluginCode).toBe("TSO1003");
    expect(error?.message).toMatch(ERROR_TEXT);
    expect(error?.message).not.toContain("bad.ts");
    expect(error?.message).not.toContain("[plugin");
    expect(error?.id).toBe(bad);
    expect(error?.loc).toEqual({ file: bad, line: 3, column: 14 });
    expect(error?.frame).toContain(rollupFrame(3, ERROR_LINE, 14));
    expect(error?.stack).not.toMatch(/\n\s+at /); // ts-observed's own frames say nothing about the user's file
  });

  it("a warning: Rollup prefixes plugin, file and (line:column) once, and frames the tag", async () => {
    const warnings: RollupLog[] = [];
    const bundle = await rollup({ input: warn, external: [runtime], plugins: [rollupPlugin(options), stripTypes], onwarn: (w) => void warnings.push(w) });
    await bundle.close();
    const ours = warnings.filter((w) => w.plugin === "ts-observed");
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toBe(`[plugin ts-observed] ${relative(process.cwd(), warn)} (1:4): ${ours[0]!.message.split(" (1:4): ")[1]}`);
    expect(ours[0]!.message.split(" (1:4): ")[1]).toMatch(WARNING_TEXT);
    expect(ours[0]!.loc).toEqual({ file: warn, line: 1, column: 4 });
    expect(ours[0]!.frame).toContain(rollupFrame(1, WARNING_LINE, 4));
  });

  it("several errors in one file: one error at the first, the others listed with their (line:column)", async () => {
    const dir = join(out, "multi");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "multi.ts");
    writeFileSync(file, "/** @observed @capture one */\nexport function a(n: number) {\n  return n;\n}\n  /** @observed @capture two */\n  export function b(n: number) {\n    return n;\n  }\n");
    const error = await rollup({ input: file, plugins: [rollupPlugin(options), stripTypes], onwarn: () => {} }).then(
      () => undefined,
      (e: RollupLog & Error) => e,
    );
    const lines = error?.message.split("\n") ?? [];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^TSO1003: @capture one: /);
    expect(lines[1]).toMatch(/^\(5:16\): TSO1003: @capture two: /);
    expect(error?.loc).toEqual({ file, line: 1, column: 14 });
  });
});

describe("Vite (build)", () => {
  /** A logger that keeps what Vite would print. */
  function recordingLogger(): Logger & { lines: string[] } {
    const lines: string[] = [];
    const keep = (message: string) => void lines.push(plain(message));
    return { lines, info: () => {}, warn: keep, warnOnce: keep, error: keep, clearScreen: () => {}, hasErrorLogged: () => false, hasWarned: false };
  }
  const build = (input: string, logger: Logger) =>
    vite({
      configFile: false,
      root,
      logLevel: "warn",
      customLogger: logger,
      plugins: [vitePlugin(options)],
      build: { ssr: input, write: false, rollupOptions: { external: [runtime] } },
    });

  it("an error: `[ts-observed] TSO1003: …` once, then `file: …/bad.ts:3:14` and the frame", async () => {
    const error = await build(bad, recordingLogger()).then(
      () => undefined,
      (e: Error) => e,
    );
    const message = plain(error?.message ?? "");
    const [headline, fileLine] = message.split("\n");
    expect(headline).toMatch(/^\[ts-observed\] TSO1003: @capture missing: /);
    expect(message.match(/ts-observed\]/g)).toHaveLength(1);
    expect(message).not.toContain("[plugin ts-observed]");
    expect(fileLine).toBe(`file: ${bad}:3:14`);
    expect(message).toContain(rollupFrame(3, ERROR_LINE, 14));
    expect(message.match(/bad\.ts:\d+:\d+/g)).toEqual(["bad.ts:3:14"]);
  });

  it("a warning: `[plugin ts-observed] …/warn.ts (1:4): TSO1006: …`, one prefix, one location", async () => {
    const logger = recordingLogger();
    await build(warn, logger);
    const ours = logger.lines.filter((l) => l.includes("ts-observed"));
    expect(ours).toHaveLength(1);
    const [prefix, text] = ours[0]!.split(" (1:4): ");
    expect(prefix).toBe(`[plugin ts-observed] ${relative(process.cwd(), warn)}`);
    expect(text).toMatch(WARNING_TEXT);
  });
});

interface Stats {
  toString(options: { preset: "errors-warnings"; colors: false }): string;
}
function compile(compiler: { run(cb: (error: Error | null, stats?: Stats) => void): void; close(cb: () => void): void }): Promise<string> {
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {});
      if (error) reject(error);
      else resolve(stats!.toString({ preset: "errors-warnings", colors: false }));
    }),
  );
}

/** What the webpack and Rspack builds share: one entry, the runtime external, output under `out/<folder>`. */
const baseConfig = (input: string, folder: string) => ({
  mode: "none" as const,
  context: root,
  entry: input,
  output: { path: join(out, folder) },
  externals: { [runtime]: runtime },
});
const stripTypes = { loader: join(root, "test/helpers/esbuild-webpack-loader.cjs") };

const webpackLike: Record<string, (input: string) => Promise<string>> = {
  webpack: (input) =>
    compile(webpack({ ...baseConfig(input, "webpack"), module: { rules: [{ test: /\.ts$/, use: [stripTypes] }] }, plugins: [webpackPlugin(options)] })),
  // ts-observed/loader alone (Turbopack's `turbopack.rules`, a hand-written rule): the same texts as the plugin.
  "webpack with ts-observed/loader": (input) =>
    compile(
      webpack({
        ...baseConfig(input, "webpack-loader"),
        module: { rules: [{ test: /\.ts$/, use: [stripTypes, { loader: join(root, "dist/cjs/transformer/loader.js"), options }] }] },
      }),
    ),
  rspack: (input) =>
    compile(
      rspack({
        ...baseConfig(input, "rspack"),
        module: { rules: [{ test: /\.ts$/, loader: "builtin:swc-loader", options: { jsc: { parser: { syntax: "typescript" } } } }] },
        plugins: [rspackPlugin(options)],
      }),
    ),
};

for (const [name, build] of Object.entries(webpackLike)) {
  describe(name, () => {
    /**
     * The printed block of our error or warning, without Rspack's `│ ` gutter, and without the terminal
     * styling Rspack puts around that gutter even with `colors: false` (with CI=true, as in `.ci/run`).
     */
    const block = (printed: string): string =>
      printed
        .replace(/\u001b\[[0-9;]*m/g, "")
        .split("\n")
        .map((l) => l.replace(/^\s*│ /, ""))
        .join("\n");

    it("an error: `ERROR in ./…/bad.ts`, then `/…/bad.ts:3:15 - TSO1003: …` and the line with a caret under the tag", async () => {
      const printed = block(await build(bad));
      expect(printed).toMatch(/ERROR in \.\/test\/bundler-fixtures\/bad\/bad\.ts/);
      const at = printed.indexOf(`${bad}:3:15 - TSO1003: @capture missing: `);
      expect(at).toBeGreaterThan(-1);
      expect(printed.slice(at).split("\n").slice(1, 3)).toEqual([`3 | ${ERROR_LINE}`, `  | ${" ".repeat(14)}^`]);
      expect(printed.match(/bad\.ts:\d+:\d+/g)).toEqual(["bad.ts:3:15"]);
      expect(printed).not.toContain("[ts-observed]");
    });

    it("a warning: `WARNING in ./…/warn.ts`, then `/…/warn.ts:1:5 - TSO1006: …` and the line with a caret", async () => {
      const printed = block(await build(warn));
      expect(printed).toMatch(/WARNING in \.\/test\/bundler-fixtures\/bad\/warn\.ts/);
      const at = printed.indexOf(`${warn}:1:5 - TSO1006: `);
      expect(at).toBeGreaterThan(-1);
      expect(printed.slice(at).split("\n").slice(1, 3)).toEqual([`1 | ${WARNING_LINE}`, `  |     ^`]);
      expect(printed).not.toMatch(/ERROR in/);
    });
  });
}
