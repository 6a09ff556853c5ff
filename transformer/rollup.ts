/**
 * `ts-observed/rollup`: the Rollup plugin. Put it before the plugin that strips TypeScript types
 * (e.g. `@rollup/plugin-typescript` or esbuild); it runs in the `pre` phase either way.
 */
import type { Plugin } from "rollup";
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/**
 * Creates the Rollup plugin; options override `ts-patch.config.json` at the project root. The plugin
 * offers no inter-plugin `api` (hence `Plugin<undefined>`).
 */
export const observed: (options?: ObservedPluginOptions) => Plugin<undefined> = unpluginObserved.rollup;
export default observed;
export type { ObservedPluginOptions };
