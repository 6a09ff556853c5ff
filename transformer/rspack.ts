/**
 * `ts-observed/rspack`: the Rspack plugin (a `pre` loader, before `builtin:swc-loader` strips types):
 * `plugins: [observed()]`.
 */
import type { RspackPluginInstance } from "unplugin";
import { unpluginObserved, type ObservedPluginOptions } from "./unplugin.js";

/** Creates the Rspack plugin; options override `ts-patch.config.json` at the project root. */
export const observed: (options?: ObservedPluginOptions) => RspackPluginInstance = unpluginObserved.rspack;
export default observed;
export type { ObservedPluginOptions };
