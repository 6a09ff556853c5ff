/**
 * Whether a file is already the output of ts-observed: a workspace library built with `tspc` keeps its doc
 * comments (tags included) in its `dist/`, which a bundler or the Node loader then reads through the
 * workspace link (not under `node_modules`, so not excluded by default). Instrumenting it again would give
 * every observer each event twice, through two sites per function.
 */

/** The emitted site factory, `__obs_site(` (or `__obs1_site(` …), also after a bundler inlined the runtime. */
const SITE_CALL = /\b__obs\d*_site\(/;

/** True when `text` imports `runtime` (quoted, as emitted code imports or requires it) or calls an emitted site factory. */
export function isInstrumented(text: string, runtime: string): boolean {
  return text.includes(`"${runtime}"`) || text.includes(`'${runtime}'`) || SITE_CALL.test(text);
}
