import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// The package is built twice (dist/esm, dist/cjs). In the CommonJS build esbuild empties `import.meta`, so
// its `url` tells the builds apart. Not `typeof require` / `typeof __filename`: `node -e` and the REPL define
// both as globals, visible to ES modules too.
const url: string | undefined = import.meta.url;

/** A `require` that resolves from this directory (loads CommonJS packages synchronously, without the ESM
 * loader's scan of their exports). */
export const localRequire: NodeJS.Require = url !== undefined ? createRequire(url) : require;

/** This file: the transformer's `rewrite/` directory, or the bundle a tool made of ts-observed. */
export const thisFile: string = url !== undefined ? fileURLToPath(url) : __filename;
