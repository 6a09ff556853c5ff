/**
 * `ts-observed/webpack`: the webpack plugin. It adds a `pre` loader, so it rewrites the original source
 * before `ts-loader`, `babel-loader` or `esbuild-loader` strip types: `plugins: [observed()]`.
 */
import type { WebpackPluginInstance } from "webpack";
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/** Creates the webpack plugin; options override `ts-patch.config.json` at the project root. */
export const observed: (options?: ObservedPluginOptions) => WebpackPluginInstance = unpluginObserved.webpack;
export default observed;
export type { ObservedPluginOptions };
