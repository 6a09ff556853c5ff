/** The fixture corpus: every `test/fixtures/*.ts` module exports `scenario(api, self)`. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
/** Fixture folder. */
export const FIXTURES_DIR = join(ROOT, "test/fixtures");
/** Where every build path writes (gitignored). */
export const OUT_DIR = join(ROOT, "test/.out");

/** Absolute paths of the fixtures, sorted. */
export function fixturePaths(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(FIXTURES_DIR, f));
}

/** `declarations` for `/…/test/fixtures/declarations.ts`. */
export function fixtureName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1).replace(/\.ts$/, "");
}
