/**
 * A file holding tags outside `include` is reported once (TSO2002, a warning): its tags do nothing, and a user
 * whose `include` does not fit the project's layout would otherwise see nothing observed and no message.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { rollup } from "rollup";
import { beforeAll, describe, expect, it } from "vitest";
import { createScopeNotice, DEFAULT_CONFIG } from "../transformer/config.js";
import { observed } from "../transformer/esbuild.js";
import { observed as rollupPlugin } from "../transformer/rollup.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage, runCompiler } from "./harness/tsc-path.js";

const dir = join(OUT_DIR, `scope-notice-p${process.pid}`);
const tagged = (name: string) => `/** @observed */\nexport function ${name}(a: number, b: number): number {\n  return a + b;\n}\n`;
const TAGGED = tagged("add");
const message = (file: string) =>
  `TSO2002: ${file} holds @observed tags but is not in "include" ("lib/**/*"), so nothing in it is observed. ` +
  `Add it to "include" in ts-patch.config.json (or the plugin options), or remove the tags. (Only the first such file is reported.)`;

beforeAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["src", "lib", "vendor"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "src/a.ts"), `// a\n${tagged("a")}`);
  writeFileSync(join(dir, "src/b.ts"), tagged("b"));
  writeFileSync(join(dir, "lib/c.ts"), tagged("c"));
  writeFileSync(join(dir, "vendor/d.ts"), tagged("d"));
  writeFileSync(join(dir, "main.ts"), 'export * from "./src/a";\nexport * from "./src/b";\nexport * from "./lib/c";\nexport * from "./vendor/d";\n');
  writeFileSync(join(dir, "ts-patch.config.json"), JSON.stringify({ include: ["lib/**/*"], exclude: ["vendor/**"] }));
});

describe("createScopeNotice", () => {
  const config = { ...DEFAULT_CONFIG, include: ["lib/**/*"], exclude: ["vendor/**"] };

  it("warns for the first file outside include that holds the tag, at the tag, then never again", () => {
    const notice = createScopeNotice(config, "/p");
    expect(notice("/p/src/none.ts", "export const x = 1; // @observedX is another tag")).toBeUndefined();
    expect(notice("/p/src/test.ts", 'const code = "/** @observed */ function f() {}";')).toBeUndefined();
    expect(notice("/p/vendor/d.ts", TAGGED)).toBeUndefined();
    expect(notice("/elsewhere/e.ts", TAGGED)).toBeUndefined();
    const first = notice("/p/src/a.ts", `// a\n${TAGGED}`);
    expect(first).toMatchObject({ code: "TSO2002", category: "warning", line: 2, column: 5, start: 9, length: 9 });
    expect(`${first!.code}: ${first!.message}`).toBe(message("src/a.ts"));
    expect(notice("/p/src/b.ts", TAGGED)).toBeUndefined();
  });
});

describe("through the tsc path and the bundler plugins", () => {
  it("tspc prints one warning and succeeds; nothing outside include is rewritten", async () => {
    linkPackage();
    const tspc = join(ROOT, "node_modules/ts-patch/bin/tspc.js");
    const tsconfig = join(dir, "tsconfig.json");
    const compilerOptions = { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: true, types: [], outDir: "out", plugins: [{ transform: "ts-observed/transformer" }] };
    writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: ["main.ts"] }));
    const { ok, output } = await runCompiler(tspc, tsconfig);
    expect(ok, output).toBe(true);
    const warnings = output.split("\n").filter((l) => l.includes("TS992002"));
    expect(warnings).toEqual([`${relative(ROOT, dir)}/src/a.ts(2,5): warning TS992002: ts-observed ${message("src/a.ts")}`]);
    expect(readFileSync(join(dir, "out/src/a.js"), "utf8")).not.toContain("__obs");
    expect(readFileSync(join(dir, "out/lib/c.js"), "utf8")).toContain("__obs_site");
  });

  it("esbuild: one located warning", async () => {
    const result = await build({ entryPoints: [join(dir, "main.ts")], absWorkingDir: dir, bundle: true, write: false, format: "esm", external: ["ts-observed/*"], logLevel: "silent", plugins: [observed({ root: dir, cache: false })] });
    // esbuild loads files in parallel: the first one reported is either file outside include.
    expect(result.warnings).toHaveLength(1);
    const { text, location } = result.warnings[0]!;
    const file = location?.file.endsWith("a.ts") ? "src/a.ts" : "src/b.ts";
    expect([text, location?.file, location?.line, location?.column]).toEqual([message(file), file, file === "src/a.ts" ? 2 : 1, 4]);
  });

  it("Rollup (the unplugin core of Vite, webpack, Rspack): one located warning", async () => {
    const warnings: string[] = [];
    const bundle = await rollup({
      input: join(dir, "main.ts"),
      external: (id) => id.startsWith("ts-observed"),
      plugins: [
        { name: "ts-extension", resolveId: (source, importer) => (importer !== undefined && source.startsWith(".") ? join(importer, "..", `${source}.ts`) : null) },
        rollupPlugin({ root: dir }),
        { name: "strip", transform: (code) => ({ code: code.replace(/: number/g, ""), map: null }) },
      ],
      onwarn: (w) => warnings.push(`${w.loc?.file}:${w.loc?.line}:${w.loc?.column} ${w.message}`),
    });
    await bundle.close();
    // Rollup transforms modules concurrently: the first one reported is either file outside include.
    const reported = warnings.filter((w) => w.includes("TSO2002"));
    const [file, at] = reported[0]?.includes("/src/a.ts:") ? ["src/a.ts", "2:4"] : ["src/b.ts", "1:4"];
    expect(reported).toEqual([`${join(dir, file)}:${at} [plugin ts-observed] ${relative(ROOT, dir)}/${file} (${at}): ${message(file)}`]);
  });
});
