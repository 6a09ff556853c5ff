/**
 * `node --import ts-observed/register app.ts`: runs TypeScript directly with observation. Registers the
 * module hooks of `loader-hooks` (Node 20.6+ `module.register`) and turns on source maps so stack traces
 * point at the original TypeScript lines. Node's CommonJS loader never consults those hooks for a
 * `require()` made by a module it loaded itself, so it also installs the `require()` hook of
 * `require-hook`: files loaded with `require()` are observed too. On every Node version: Node 22 and
 * later, which strip types natively, would otherwise load a required `.ts` unobserved (or fail on its
 * `export` in a CommonJS package). The project root (where `ts-patch.config.json` is read) is the nearest
 * folder with a `ts-patch.config.json` or `package.json`, from the working directory up (projectRootFrom).
 * Rewrites are kept in the persistent rewrite cache, as the esbuild plugin keeps them; the environment variable
 * `TS_OBSERVED_CACHE` turns it off (`0` or `false`) or names its directory (relative to the project root).
 */
import * as nodeModule from "node:module";
import type { LoaderData } from "./loader-hooks.js";
import { cacheFromEnvironment, installRequireFailure, projectRootFrom } from "./node-loading.js";
import { installRequireHook } from "./require-hook.js";

process.setSourceMapsEnabled(true);
installRequireFailure();
const data: LoaderData = { root: projectRootFrom(process.cwd()), options: { cache: cacheFromEnvironment(process.env.TS_OBSERVED_CACHE) } };
nodeModule.register("./loader-hooks.js", import.meta.url, { data });
installRequireHook(data);
