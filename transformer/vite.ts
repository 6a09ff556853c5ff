/**
 * `ts-observed/vite`: the Vite plugin (also for `vitest.config`, so tests run observed code). It runs
 * before Vite's esbuild TypeScript transform: `plugins: [observed()]`.
 */
import type { Plugin } from "vite";
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/**
 * Creates the Vite plugin; options override `ts-patch.config.json` at the project root. The plugin
 * offers no inter-plugin `api` (hence `Plugin<undefined>`).
 *
 * Its `transform` hook has `order: "pre"`: Vite runs such hooks before every other plugin's, wherever each
 * plugin is listed, so the rewrite sees the source as written. Being `enforce: "pre"` is not enough:
 * `@vitejs/plugin-react` is too, and listed first its Fast Refresh transform (dev server only) writes
 * statements between a doc comment and the function it tags (`/** @observed *\/_s(useCount, "…");`).
 */
export function observed(options?: ObservedPluginOptions): Plugin<undefined> {
  const plugin = unpluginObserved.vite(options);
  const transform = plugin.transform;
  if (typeof transform === "function") plugin.transform = { order: "pre", handler: transform };
  return plugin;
}
export default observed;
export type { ObservedPluginOptions };
