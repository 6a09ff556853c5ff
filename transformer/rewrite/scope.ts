import type { RewriteSettings } from "../rewrite.js";

/** Whether a file (a bundler id: path and maybe a query) is one to rewrite: not a declaration file, and in the include / exclude scope. */
export function inScope(fileName: string, settings: Pick<RewriteSettings, "includes">): boolean {
  const path = stripQuery(fileName);
  return !/\.d\.[cm]?ts$/.test(path) && settings.includes(path);
}

/** Bundler ids may carry a query (`file.ts?v=123`); the path is what precedes it. */
export function stripQuery(id: string): string {
  const q = id.indexOf("?");
  return q === -1 ? id : id.slice(0, q);
}
