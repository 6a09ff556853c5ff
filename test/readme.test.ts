// The README's examples are real code: each block marked `<!-- readme-example: path -->` must equal that
// file, and the file is built through the transformer (esbuild plugin) and run here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { observed } from "../transformer/esbuild.js";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/<!-- readme-example: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map((match) => ({ path: match[1]!, code: match[2]! }));

async function buildAndImport(path: string): Promise<Record<string, unknown>> {
  const outfile = join(root, "test/.out/readme", path.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(root, path)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    outfile,
    plugins: [observed()],
    logLevel: "silent",
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`) as Promise<Record<string, unknown>>;
}

describe("README examples", () => {
  it("has examples", () => {
    expect(blocks.map((block) => block.path)).toEqual(["test/readme/quickstart.ts", "test/readme/counter.ts", "test/readme/testing.ts"]);
  });

  for (const block of blocks) {
    it(`${block.path} is the README's block verbatim`, () => {
      expect(readFileSync(join(root, block.path), "utf8")).toBe(block.code);
    });
  }

  it("counter: a class observer counts calls while subscribed (using)", async () => {
    const module = await buildAndImport("test/readme/counter.ts");
    expect(module.counts).toEqual({ greet: 2 });
  });

  it("testing: an observer unit-tested with createTestContext", async () => {
    const module = await buildAndImport("test/readme/testing.ts");
    expect(module.checkout).toMatchObject({ calls: 2, successes: 1, failures: 1, totalTimeMs: 42, meanTimeMs: 21, minTimeMs: 12, maxTimeMs: 30 });
  });

  it("quickstart: observes the tagged function through the group, success and failure", async () => {
    const module = await buildAndImport("test/readme/quickstart.ts");
    expect(module.output).toEqual(['checkout({"cart":{"total":42},"user":"ada"}) ok', 'checkout({"cart":{"total":0},"user":"bob"}) failed']);
  });
});
