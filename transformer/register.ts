/**
 * `node --import ts-observed/register app.ts`: runs TypeScript directly with observation. Registers the
 * module hooks of `loader-hooks` (Node 20.6+ `module.register`) and turns on source maps so stack traces
 * point at the original TypeScript lines. The project root (where `ts-patch.config.json` is read) is the
 * working directory.
 */
import { register } from "node:module";
import type { LoaderData } from "./loader-hooks.js";

process.setSourceMapsEnabled(true);
const data: LoaderData = { root: process.cwd(), options: {} };
register("./loader-hooks.js", import.meta.url, { data });
