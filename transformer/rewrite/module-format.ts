import type { ModuleFormat } from "../plugin-options.js";

/** How the runtime is imported into a rewritten file (defined with the options users write). */
export type { ModuleFormat };

const CJS_SYNTAX = /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/;

/**
 * Picks the module syntax of the header for one file when the caller did not fix it: `.mjs`/`.mts` are ES
 * modules and `.cjs`/`.cts` CommonJS; a file with import/export syntax is an ES module; otherwise a file that
 * uses `require`/`module.exports` is CommonJS (an `import` would turn it into an ES module and break
 * `module.exports`), and anything else gets an `import` (what bundlers expect of source files).
 */
export function detectModuleFormat(fileName: string, text: string, hasModuleSyntax: boolean): ModuleFormat {
  if (/\.m[jt]sx?$/.test(fileName)) return "esm";
  if (/\.c[jt]sx?$/.test(fileName)) return "cjs";
  if (hasModuleSyntax) return "esm";
  return CJS_SYNTAX.test(text) ? "cjs" : "esm";
}
