/**
 * Framework component files (`.vue`, `.svelte`, `.astro`): their script blocks are compiled by the framework's
 * own plugin, which strips types (and doc comments) itself or moves code around (Vue's `<script setup>` into a
 * `setup()` function), so ts-observed does not rewrite them. A tag in one would silently do nothing: the
 * rewriter (`rewrite`, which the Vite/Rollup/webpack/Rspack plugins and `ts-observed/loader` call on the raw
 * component, before its framework's plugin) warns instead (TSO2003), pointing at the tag and saying to move
 * the function into a `.ts` module.
 */
import { DiagnosticCode } from "../errors.js";
import { inDocComment } from "../analyze/near-miss.js";
import { isTagPosition, tagMentions } from "../analyze/tags.js";
import type { PlanDiagnostic } from "../plan.js";
import { lineColumnAt } from "../text-position.js";

/** Component files the bundler plugins look into for tags (to warn, never to rewrite). */
export const COMPONENT_FILE = /\.(?:vue|svelte|astro)$/;

/**
 * The warning for the first tag in a raw component file's doc comments, or undefined. A Vue build's script
 * sub-modules (`App.vue?vue&type=script&setup=true&lang.ts`) carry the same text again: only the raw file
 * (no `type=` in its query) is looked at, so each tag is reported once.
 */
export function componentFileWarning(text: string, id: string, tag: string): PlanDiagnostic | undefined {
  const query = id.indexOf("?");
  if (query !== -1 && /[?&]type=/.test(id.slice(query))) return undefined;
  const at = tagMentions(text, tag).find((pos) => isTagPosition(text, pos) && inDocComment(text, pos));
  if (at === undefined) return undefined;
  const extension = /\.(\w+)$/.exec(query === -1 ? id : id.slice(0, query))?.[1] ?? "component";
  return {
    code: DiagnosticCode.ComponentFile,
    category: "warning",
    message: `@${tag} in a .${extension} component is not observed: ts-observed rewrites .ts, .tsx and .js modules, and a component's script is compiled by its framework's plugin. Move the function into a .ts module that the component imports.`,
    start: at,
    length: tag.length + 1,
    ...lineColumnAt(text, at),
  };
}
