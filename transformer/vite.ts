/**
 * `ts-observed/vite`: the Vite plugin (also for `vitest.config`, so tests run observed code). It runs
 * before Vite's esbuild TypeScript transform: `plugins: [observed()]`.
 */
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/** Creates the Vite plugin; options override `ts-patch.config.json` at the project root. */
export const observed = unpluginObserved.vite;
export default observed;
export type { ObservedPluginOptions };
