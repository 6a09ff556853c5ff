/**
 * `ts-observed/vite`: the Vite plugin (also for `vitest.config`, so tests run observed code). Its transform
 * runs before every other plugin's, Vite's esbuild TypeScript transform included: `plugins: [observed()]`.
 */
import type { Plugin } from "vite";
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/**
 * Creates the Vite plugin; options override `ts-patch.config.json` at the project root. The plugin
 * offers no inter-plugin `api` (hence `Plugin<undefined>`).
 */
export const observed: (options?: ObservedPluginOptions) => Plugin<undefined> = unpluginObserved.vite;
export default observed;
export type { ObservedPluginOptions };
