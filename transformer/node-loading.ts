/**
 * What the two halves of `ts-observed/register` share: the ES module hooks (`loader-hooks.ts`, on Node's
 * loader thread) and the CommonJS `require()` hook (`require-hook.ts`, on the main thread). Both rewrite a
 * file with the bundler path's rewriter, report its diagnostics the same way, and strip types with esbuild.
 */
import { existsSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TransformOptions } from "esbuild";
import { tsconfigFor } from "./node-tsconfig.js";
import { cachedRewrite } from "./rewrite/cached.js";
import { formatLocated } from "./rewrite/diagnostics.js";
import { inlineOutput } from "./rewrite/inline-output.js";
import type { PluginSettings } from "./rewrite/settings.js";

/** TypeScript sources the loaders strip (declaration files excluded). */
export const TS_FILE = /\.(?:[cm]?ts|tsx)$/;
/** Declaration files: never loaded as code. */
export const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/**
 * The rewritten text of `path` with its inline source map appended, or `text` itself when nothing in it is
 * observed. Warnings go to stderr; errors throw a SyntaxError naming the file and listing each as `file:line:column - error
 * TSO…: …` (what the other build paths report). A file that needs parsing goes through the persistent rewrite
 * cache of the settings (`cacheDir`, the esbuild plugin's: by default `node_modules/.cache/ts-observed`), so
 * a later run of unchanged tagged files neither loads the parser nor parses; its diagnostics are stored with it
 * and reported again.
 */
export function rewriteForNode(text: string, path: string, settings: PluginSettings): string {
  const output = cachedRewrite(text, path, settings, "inline", (result) => inlineOutput(result, path, text));
  if (output === null) return text;
  // Written synchronously to file descriptor 2: on Node's loader thread `process.stderr` forwards to the main
  // thread asynchronously, and a short run (CommonJS) exited before the warning got there.
  for (const m of output.messages) if (m.category === "warning") writeSync(2, formatLocated(m) + "\n");
  const errors = output.messages.filter((m) => m.category === "error");
  if (errors.length > 0) throw new SyntaxError(`ts-observed cannot instrument ${path}:\n${errors.map((m) => formatLocated(m)).join("\n")}`);
  return output.contents ?? text;
}

/**
 * The loader's `cache` option from the environment variable `TS_OBSERVED_CACHE`: unset or empty, the default
 * directory (`node_modules/.cache/ts-observed` of the project root); `0` or `false`, no cache; anything else,
 * that directory (relative to the project root). The Node loader has no plugin options to carry it.
 */
export function cacheFromEnvironment(value: string | undefined): boolean | string {
  if (value === undefined || value === "") return true;
  if (/^(?:1|true)$/i.test(value)) return true;
  return /^(?:0|false)$/i.test(value) ? false : value;
}

/**
 * The project root of a run (where `ts-patch.config.json` is read, and what `site.file` is relative to): the
 * nearest folder holding a `ts-patch.config.json` or a `package.json`, from the working directory up; the
 * working directory itself when there is none. `cd src && node --import ts-observed/register app.ts` then
 * reads the project's config and names files `src/…`, as a run from the project folder does.
 */
export function projectRootFrom(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "ts-patch.config.json")) || existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/**
 * esbuild's target: the Node running the loader (esbuild lowers nothing it runs, and keeps what it supports,
 * e.g. import attributes `with { type: "json" }`, which a `node20` target drops: Node then fails on the
 * JSON import with ERR_IMPORT_ASSERTION_TYPE_MISSING).
 */
export const NODE_TARGET = `node${/^\d+(?:\.\d+){0,2}/.exec(process.versions.node)?.[0] ?? "20"}`;

/**
 * esbuild `transform` options that strip the types of `path`. An ES module keeps its module syntax as
 * written (with `format: "esm"` esbuild would turn `export default () => …` into a named variable, changing
 * the function's `name`); CommonJS output gets Node's export-names annotation so that `import { f }` of it
 * works, and `import.meta.url`, `.filename` and `.dirname` of the file (esbuild would leave an empty
 * `import.meta` in CommonJS). The compiler options of the file's nearest tsconfig.json that change the
 * output (decorators, class fields, import elision, JSX, strict mode) are passed on (node-tsconfig.ts). The
 * inline map chains the rewrite's own inline map, so stack traces reach the original lines.
 */
export function stripTypesOptions(path: string, format: "module" | "commonjs"): TransformOptions {
  const { raw } = tsconfigFor(path);
  return {
    loader: path.endsWith(".tsx") ? "tsx" : "ts",
    ...(format === "commonjs" ? { format: "cjs" as const, platform: "node" as const, define: importMetaOf(path) } : {}),
    sourcemap: "inline",
    sourcefile: path,
    target: NODE_TARGET,
    tsconfigRaw: raw,
  };
}

/** `import.meta`'s file properties of `path` as esbuild `define`s (JSON string literals). */
function importMetaOf(path: string): Record<string, string> {
  return {
    "import.meta.url": JSON.stringify(pathToFileURL(path).href),
    "import.meta.filename": JSON.stringify(path),
    "import.meta.dirname": JSON.stringify(dirname(path)),
  };
}

/**
 * esbuild is an optional peer dependency of ts-observed that `ts-observed/register` needs to strip types.
 * Given what importing or requiring it threw: when that is esbuild itself not being found (Node's
 * `ERR_MODULE_NOT_FOUND` for an import, `MODULE_NOT_FOUND` for a require), an error that says so and what
 * to install; otherwise (esbuild found but broken, e.g. its platform binary missing: its own message is
 * the useful one) undefined.
 */
export function missingEsbuildError(cause: unknown, file: string): Error | undefined {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  if (typeof message !== "string" || !/^Cannot find (?:package|module) 'esbuild'/.test(message)) return undefined;
  return new Error(
    `ts-observed/register needs esbuild to strip the types of ${file}, and esbuild is not installed ` +
      "(an optional peer dependency of ts-observed). Install it in your project: npm install --save-dev esbuild",
    { cause },
  );
}

/** Where `register` puts {@link requireFailure} for the {@link REQUIRE_PRELUDE} of hooked CommonJS modules. */
const REQUIRE_FAILURE: unique symbol = Symbol.for("ts-observed.require-failure") as never;

/**
 * Prepended (after any hashbang and "use strict") to the CommonJS that the ES module hooks give Node the
 * source of: Node compiles such a module with its own `require()` (the ES module loader's), which on Node 20
 * cannot load an ES module at all, and on Node 22 not one that imports others — it fails with a TypeError
 * reading 'exports' or `ERR_VM_MODULE_LINK_FAILURE … is not in cache`, naming neither file. This wraps that
 * `require` so such a failure says what happened and what to do ({@link requireFailure}); everything else
 * passes through untouched.
 */
const REQUIRE_PRELUDE =
  "require = ((r, f) => Object.assign(function require(id) { try { return r(id); } catch (e) { throw f(e, id, __filename); } }, r))" +
  `(require, globalThis[Symbol.for("ts-observed.require-failure")] ?? ((e) => e));`;

/** Installs {@link requireFailure} for the {@link REQUIRE_PRELUDE} (on the main thread, by `register`). */
export function installRequireFailure(): void {
  (globalThis as { [REQUIRE_FAILURE]?: typeof requireFailure })[REQUIRE_FAILURE] = requireFailure;
}

/**
 * What a `require(id)` in hooked CommonJS `filename` threw, or, when that is Node's ES module loader failing
 * to hand an ES module to `require()` (see {@link REQUIRE_PRELUDE}), an error saying so and what to do.
 */
export function requireFailure(error: unknown, id: string, filename: string): unknown {
  const { message, code, stack } = (error ?? {}) as { message?: unknown; code?: unknown; stack?: unknown };
  const inTranslator = typeof stack === "string" && stack.includes("node:internal/modules/esm/translators");
  const noExports = error instanceof TypeError && message === "Cannot read properties of undefined (reading 'exports')";
  const notLinked = code === "ERR_VM_MODULE_LINK_FAILURE";
  if (!inTranslator || !(noExports || notLinked)) return error;
  const major = process.versions.node.split(".")[0];
  const failure = new Error(
    `ts-observed/register: ${filename} cannot require(${JSON.stringify(id)}), an ES module${notLinked ? " that imports other modules" : ""}, ` +
      `on Node ${major}: Node runs CommonJS that module hooks load (ts-observed/register loads .cts and CommonJS .ts that way) ` +
      `with a require() of its own, which cannot load ${notLinked ? "such a module" : "ES modules"}. Use \`await import(${JSON.stringify(id)})\` ` +
      `instead, or make ${filename} an ES module (.mts, or .ts outside a "type": "commonjs" package). TypeScript ES modules ` +
      "(.mts) it requires are compiled to CommonJS for it, unless they were already imported as ES modules.",
    { cause: error },
  );
  Error.captureStackTrace(failure, requireFailure);
  return failure;
}

/**
 * `code` (esbuild's CommonJS output, its inline source map last) with {@link REQUIRE_PRELUDE}: on the
 * hashbang or "use strict" line when there is one (no mapped column moves), else on a line of its own
 * before the code, the map's lines shifted by one.
 */
export function withRequirePrelude(code: string): string {
  if (!/\brequire\b/.test(code)) return code;
  const { 0: prologue, 1: hashbang = "", 2: directive } = /^(#![^\n]*\n)?(?:((["'])use strict\3;?)[ \t]*\n)?/.exec(code)!;
  if (directive !== undefined) {
    const at = hashbang.length + directive.length;
    return code.slice(0, at) + " " + REQUIRE_PRELUDE + code.slice(at);
  }
  const line = hashbang === "" ? 0 : 1;
  const body = code.slice(prologue.length);
  const marker = ["//#", "sourceMappingURL=data:application/json;base64,"].join(" "); // (see INLINE_MAP_PREFIX)
  const at = body.lastIndexOf(marker);
  if (at === -1) return hashbang + REQUIRE_PRELUDE + "\n" + body;
  const end = body.indexOf("\n", at);
  const map = JSON.parse(Buffer.from(body.slice(at + marker.length, end === -1 ? undefined : end), "base64").toString("utf8")) as { mappings: string };
  const lines = map.mappings.split(";");
  lines.splice(line, 0, "");
  map.mappings = lines.join(";");
  const shifted = Buffer.from(JSON.stringify(map), "utf8").toString("base64");
  return hashbang + REQUIRE_PRELUDE + "\n" + body.slice(0, at) + marker + shifted + (end === -1 ? "" : body.slice(end));
}
