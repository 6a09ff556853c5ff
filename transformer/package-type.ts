/**
 * The `"type"` of the package a file belongs to (its nearest package.json), as Node reads it to decide
 * whether a `.js` — and, for the Node loader, a `.ts` — file is an ES module or CommonJS.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const byDirectory = new Map<string, "module" | "commonjs" | undefined>();

/**
 * `"module"` or `"commonjs"` when the nearest package.json says so, undefined when it has no (valid) `type`
 * or there is none. Cached per directory for the life of the process (the loaders' lifetime).
 */
export function packageType(file: string): "module" | "commonjs" | undefined {
  return typeOfDirectory(dirname(file));
}

function typeOfDirectory(dir: string): "module" | "commonjs" | undefined {
  if (byDirectory.has(dir)) return byDirectory.get(dir);
  let type: "module" | "commonjs" | undefined;
  let text: string | undefined;
  try {
    text = readFileSync(join(dir, "package.json"), "utf8");
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    type = typeField(text);
  } else {
    const parent = dirname(dir);
    type = parent === dir ? undefined : typeOfDirectory(parent);
  }
  byDirectory.set(dir, type);
  return type;
}

function typeField(text: string): "module" | "commonjs" | undefined {
  try {
    const type = (JSON.parse(text) as { type?: unknown } | null)?.type;
    return type === "module" || type === "commonjs" ? type : undefined;
  } catch {
    return undefined; // Node reports a broken package.json itself when it reads it.
  }
}
