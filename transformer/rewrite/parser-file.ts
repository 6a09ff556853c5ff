import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { localRequire, thisFile } from "./here.js";

/**
 * Where the bundler path's TypeScript parser is: dist/parser/typescript.cjs, TypeScript 6's parser cut out
 * of its compiler when ts-observed is built (scripts/build-parser.mjs). Looked for from this file in the
 * package (dist/<format>/transformer/rewrite/), from the sources in the repository (transformer/rewrite/,
 * after `npm run build`), and through `ts-observed/package.json` when a tool bundled this code. Once per process.
 */
export function parserFile(): string {
  if (found !== undefined) return found;
  const here = dirname(thisFile);
  for (const candidate of [join(here, "../../../parser", FILE), join(here, "../../dist/parser", FILE)]) {
    if (existsSync(candidate)) return (found = candidate);
  }
  try {
    const candidate = join(dirname(localRequire.resolve("ts-observed/package.json")), "dist/parser", FILE);
    if (existsSync(candidate)) return (found = candidate);
  } catch {
    // Not resolvable from here: reported below.
  }
  throw new Error(
    `ts-observed: its TypeScript parser (dist/parser/${FILE}) was not found from ${here}. ` +
      "Reinstall ts-observed; in its own repository, run `npm run build`.",
  );
}

/** The version of TypeScript the parser was cut from (dist/parser/typescript.json), for the rewrite cache's key. */
export function parserVersion(): string {
  return (JSON.parse(readFileSync(join(dirname(parserFile()), "typescript.json"), "utf8")) as { version: string }).version;
}

const FILE = "typescript.cjs";
let found: string | undefined;
