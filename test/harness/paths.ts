/**
 * Every build path the fixture tests run, in one list. Register a new path (esbuild, Vite, the Node
 * loader, …) by adding it to `buildPaths`; the first path of each format is the plain reference.
 */
import { join } from "node:path";
import type { BuildPath } from "./build-path.js";
import { ROOT } from "./fixtures.js";
import { tscPath } from "./tsc-path.js";
import { esbuildPath } from "./esbuild-path.js";
import { nodeLoaderPath } from "./node-loader-path.js";
import { vitePath } from "./vite-path.js";

const TSC5 = join(ROOT, "node_modules/typescript/bin/tsc");
const TSPC5 = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
/** TS 6 + ts-patch 4 live in test/ts6 (their own install: ts-patch 4 needs typescript 6 as its peer). */
export const TSPC6 = join(ROOT, "test/ts6/node_modules/ts-patch/bin/tspc.js");

/** Plain builds (no plugin): the reference every observed build is compared with. */
export const plainPaths: Record<"esm" | "cjs", BuildPath> = {
  esm: tscPath({ name: "plain-esm", compiler: TSC5, format: "esm", plugin: false }),
  cjs: tscPath({ name: "plain-cjs", compiler: TSC5, format: "cjs", plugin: false }),
};

/** Instrumented build paths. */
export const buildPaths: BuildPath[] = [
  tscPath({ name: "tspc-ts5-esm", compiler: TSPC5, format: "esm", plugin: true }),
  tscPath({ name: "tspc-ts5-cjs", compiler: TSPC5, format: "cjs", plugin: true }),
  tscPath({ name: "tspc-ts6-esm", compiler: TSPC6, format: "esm", plugin: true }),
  tscPath({ name: "tspc-ts6-cjs", compiler: TSPC6, format: "cjs", plugin: true, compilerOptions: { moduleResolution: "Bundler" } }),
  // The bundler path (issue 4): the source rewriter through esbuild, Vite and the Node loader.
  esbuildPath("esbuild-esm", "esm"),
  esbuildPath("esbuild-cjs", "cjs"),
  vitePath("vite-esm"),
  nodeLoaderPath("node-loader-esm"),
];
