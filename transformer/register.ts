/**
 * `node --import ts-observed/register app.ts`: runs TypeScript directly with observation. Registers the
 * module hooks of `loader-hooks` (Node 20.6+ `module.register`) and turns on source maps so stack traces
 * point at the original TypeScript lines. On Node versions without `module.registerHooks` (before 22.15),
 * whose CommonJS loader never consults those hooks, it also installs the `require()` hook of
 * `require-hook` so that files loaded with `require()` are observed too. The project root (where
 * `ts-patch.config.json` is read) is the working directory.
 */
import * as nodeModule from "node:module";
import type { LoaderData } from "./loader-hooks.js";
import { installRequireHook } from "./require-hook.js";

process.setSourceMapsEnabled(true);
const data: LoaderData = { root: process.cwd(), options: {} };
nodeModule.register("./loader-hooks.js", import.meta.url, { data });
if (typeof (nodeModule as { registerHooks?: unknown }).registerHooks !== "function") installRequireHook(data);
