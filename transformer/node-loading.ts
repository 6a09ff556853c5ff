/**
 * What the two halves of `ts-observed/register` share: the ES module hooks (`loader-hooks.ts`, on Node's
 * loader thread) and the CommonJS `require()` hook (`require-hook.ts`, on the main thread). Both rewrite a
 * file with the bundler path's rewriter, report its diagnostics the same way, and strip types with esbuild.
 */
import type { TransformOptions } from "esbuild";
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
 * esbuild `transform` options that strip the types of `path`. An ES module keeps its module syntax as
 * written (with `format: "esm"` esbuild would turn `export default () => …` into a named variable, changing
 * the function's `name`); CommonJS output gets Node's export-names annotation so that `import { f }` of it
 * works. The inline map chains the rewrite's own inline map, so stack traces reach the original lines.
 */
export function stripTypesOptions(path: string, format: "module" | "commonjs"): TransformOptions {
  return {
    loader: path.endsWith(".tsx") ? "tsx" : "ts",
    ...(format === "commonjs" ? { format: "cjs" as const, platform: "node" as const } : {}),
    sourcemap: "inline",
    sourcefile: path,
    target: "node20",
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
