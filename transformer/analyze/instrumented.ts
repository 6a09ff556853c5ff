/**
 * Whether a file is already the output of ts-observed: a workspace library built with `tspc` keeps its doc
 * comments (tags included) in its `dist/`, which a bundler or the Node loader then reads through the
 * workspace link (not under `node_modules`, so not excluded by default). Instrumenting it again would give
 * every observer each event twice, through two sites per function.
 */

/** True when `text` imports or requires `runtime` (the entry only generated code imports, docs/EMIT.md). */
export function isInstrumented(text: string, runtime: string): boolean {
  if (!text.includes(runtime)) return false;
  const quoted = `["']${runtime.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']`;
  return new RegExp(`\\bfrom\\s*${quoted}|\\brequire\\(\\s*${quoted}\\s*\\)`).test(text);
}
