/**
 * What the two halves of `ts-observed/register` share: the ES module hooks (`loader-hooks.ts`, on Node's
 * loader thread) and the CommonJS `require()` hook (`require-hook.ts`, on the main thread). Both rewrite a
 * file with the bundler path's rewriter, report its diagnostics the same way, and strip types with esbuild.
 */
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { TransformOptions } from "esbuild";
import { tsconfigFor } from "./node-tsconfig.js";
import { rewrite, type RewriteSettings } from "./rewrite.js";
import { formatLocated, locate } from "./rewrite/diagnostics.js";
import { inlineSourceMapComment } from "./rewrite/source-map.js";

/** TypeScript sources the loaders strip (declaration files excluded). */
export const TS_FILE = /\.(?:[cm]?ts|tsx)$/;
/** Declaration files: never loaded as code. */
export const DECLARATION_FILE = /\.d\.[cm]?ts$/;

/**
 * The rewritten text of `path` with its inline source map appended, or `text` itself when nothing in it is
 * observed. Warnings go to stderr; errors throw a SyntaxError listing each as `file:line:column - error
 * TSO…: …` (what the other build paths report).
 */
export function rewriteForNode(text: string, path: string, settings: RewriteSettings): string {
  const result = rewrite(text, path, settings);
  if (result === undefined) return text;
  const messages = locate(result.diagnostics, path, text);
  for (const m of messages) if (m.category === "warning") process.stderr.write(formatLocated(m) + "\n");
  const errors = messages.filter((m) => m.category === "error");
  if (errors.length > 0) throw new SyntaxError(`ts-observed:\n${errors.map((m) => formatLocated(m)).join("\n")}`);
  return result.map === undefined ? text : result.code + inlineSourceMapComment(result.map);
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
