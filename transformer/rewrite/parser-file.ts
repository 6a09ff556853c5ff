import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { localRequire, thisFile } from "./here.js";

/**
 * Where the bundler path's TypeScript parser is: dist/parser/typescript.cjs, TypeScript 6's parser cut out
 * of its compiler when ts-observed is built (scripts/build-parser.mjs), beside typescript.json (its version).
 * Looked for from this file in the package (dist/<format>/transformer/rewrite/), from the sources in the
 * repository (transformer/rewrite/, after `npm run build`), and through `ts-observed/package.json` when a tool
 * bundled this code.
 */
export function parserFile(): string {
  const file = join(parserDir(), FILE);
  if (!existsSync(file)) throw notFound(dirname(file));
  return file;
}

/**
 * The version of TypeScript the parser was cut from, for the rewrite cache's key. Read without the parser
 * itself, which a run served from the cache never loads.
 */
export function parserVersion(): string {
  return (JSON.parse(readFileSync(join(parserDir(), MANIFEST), "utf8")) as { version: string }).version;
}

const FILE = "typescript.cjs";
const MANIFEST = "typescript.json";
let found: string | undefined;

/** The folder holding the parser's manifest; once per process. */
function parserDir(): string {
  if (found !== undefined) return found;
  const here = dirname(thisFile);
  found = [join(here, "../../../parser"), join(here, "../../dist/parser")].find(hasManifest) ?? fromPackage();
  if (found === undefined) throw notFound(here);
  return found;
}

function hasManifest(dir: string): boolean {
  return existsSync(join(dir, MANIFEST));
}

/** Through the package's name, for a copy of this code bundled elsewhere. */
function fromPackage(): string | undefined {
  try {
    const dir = join(dirname(localRequire.resolve("ts-observed/package.json")), "dist/parser");
    return hasManifest(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function notFound(where: string): Error {
  return new Error(`ts-observed: its TypeScript parser (dist/parser/${FILE}) was not found from ${where}. Reinstall ts-observed; in its own repository, run \`npm run build\`.`);
}
