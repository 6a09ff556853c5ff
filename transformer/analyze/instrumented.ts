/**
 * Whether a file is already the output of ts-observed: a workspace library built with `tspc` keeps its doc
 * comments (tags included) in its `dist/`, which a bundler or the Node loader then reads through the
 * workspace link (not under `node_modules`, so not excluded by default). Instrumenting it again would give
 * every observer each event twice, through two sites per function.
 */

/**
 * The entry guard of an instrumented function (docs/EMIT.md, "Function level"), as emitted and as a bundler
 * prints it after renaming module-level names: `const __obs_c = __obs_on0 > 0 ? __obs_s0.enter(` (esbuild:
 * `__obs_on02`, Rollup/rolldown: `__obs_on0$1`; the tsc path below ES2015: `var`). The context local and the
 * interest and site variables share the file's prefix (`__obs`, `__obs1`, …).
 */
const GUARD = /\b(?:const|let|var)\s+(__obs\d*)_c\s*=\s*\1_on[\w$]*\s*>\s*0\s*\?\s*\1_s[\w$]*\.enterN?\(/;

/**
 * True when `text` imports or requires `runtime` (the entry only generated code imports, docs/EMIT.md), or
 * holds an instrumented function's entry guard: a library bundled with tsup, tsdown, unbuild or Rollup while
 * ts-observed was only one of its devDependencies has the runtime inlined (no import of it left), and keeps the
 * tags of its class members in unminified output.
 */
export function isInstrumented(text: string, runtime: string): boolean {
  if (text.includes(runtime)) {
    const quoted = `["']${runtime.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']`;
    if (new RegExp(`\\bfrom\\s*${quoted}|\\brequire\\(\\s*${quoted}\\s*\\)`).test(text)) return true;
  }
  return text.includes("_c") && GUARD.test(text);
}
