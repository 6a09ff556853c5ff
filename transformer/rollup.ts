/**
 * `ts-observed/rollup`: the Rollup plugin. Put it before the plugin that strips TypeScript types
 * (e.g. `@rollup/plugin-typescript` or esbuild); it runs in the `pre` phase either way.
 */
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/** Creates the Rollup plugin; options override `ts-patch.config.json` at the project root. */
export const observed = unpluginObserved.rollup;
export default observed;
export type { ObservedPluginOptions };
