import { basename, dirname, resolve, sep } from "node:path";
import { isInstrumented } from "../analyze/instrumented.js";
import type { PlanDiagnostic } from "../plan.js";
import type { RewriteSettings } from "../rewrite.js";
import { thisFile } from "./here.js";

/**
 * Whether a file (a bundler id: path and maybe a query) is one to rewrite: not a declaration file, not a file
 * of ts-observed itself, and in the include / exclude scope.
 */
export function inScope(fileName: string, settings: Pick<RewriteSettings, "includes">): boolean {
  const path = stripQuery(fileName);
  return !/\.d\.[cm]?ts$/.test(path) && (OWN_DIST === undefined || !path.startsWith(OWN_DIST)) && settings.includes(path);
}

/**
 * Whether a file that holds the tag is left as it is, before anything parses it: ts-observed's output
 * already (a workspace library's `tspc` build, analyze/instrumented.ts), or out of scope — then with the
 * warning for the first tagged file outside `include` (config.ts, createScopeNotice). Undefined: rewrite it.
 */
export function leftAlone(fileName: string, text: string, settings: Pick<RewriteSettings, "includes" | "runtime" | "scopeNotice">): { diagnostics: PlanDiagnostic[] } | undefined {
  if (isInstrumented(text, settings.runtime)) return { diagnostics: [] };
  if (inScope(fileName, settings)) return undefined;
  const notice = settings.scopeNotice?.(stripQuery(fileName), text);
  return { diagnostics: notice === undefined ? [] : [notice] };
}

/** Bundler ids may carry a query (`file.ts?v=123`); the path is what precedes it. */
export function stripQuery(id: string): string {
  const q = id.indexOf("?");
  return q === -1 ? id : id.slice(0, q);
}

/**
 * The installed package's `dist/` folder (with a trailing separator), whose files are never rewritten. The
 * default `exclude` (`node_modules`) does not catch them when the package is linked from elsewhere (a
 * workspace: bundlers and Node see the link's real path), and observing the runtime itself with observe-all
 * would run its code before its module is initialized. Undefined when this code does not run from `dist/`
 * (the sources under test, or a bundle of them).
 */
const OWN_DIST = ownDist();

function ownDist(): string | undefined {
  const rewriteDir = dirname(thisFile); // <package>/dist/<esm|cjs>/transformer/rewrite
  const dist = resolve(rewriteDir, "../../..");
  return basename(rewriteDir) === "rewrite" && basename(dist) === "dist" ? dist + sep : undefined;
}
