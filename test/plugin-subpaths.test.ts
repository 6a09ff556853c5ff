/**
 * The build-tool subpaths of the README's "Build paths" table, loaded the way a user's project loads them:
 * through the package's `exports`, from a project that has ts-observed in node_modules, with plain Node
 * (child processes; vitest's own resolver is not involved), as ES modules and with require(). Each gives the
 * default export and the named `observed` the README shows (`import observed from "ts-observed/vite"`,
 * `import { observed } from "ts-observed/esbuild"`), both the same factory, returning a plugin of its bundler;
 * the esbuild, Vite and Rollup ones, loaded that way, instrument a tagged file. Runs the built package
 * (`npm test` builds first). The types side is checked by tsc (`npm run typecheck`) at the end of this file.
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Plugin as EsbuildPlugin } from "esbuild";
import type esbuildDefault from "ts-observed/esbuild";
import type { observed as esbuildNamed } from "ts-observed/esbuild";
import type rollupDefault from "ts-observed/rollup";
import type { observed as rollupNamed } from "ts-observed/rollup";
import type rspackDefault from "ts-observed/rspack";
import type { observed as rspackNamed } from "ts-observed/rspack";
import type viteDefault from "ts-observed/vite";
import type { observed as viteNamed } from "ts-observed/vite";
import type webpackDefault from "ts-observed/webpack";
import type { observed as webpackNamed } from "ts-observed/webpack";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage } from "./harness/tsc-path.js";

const execFileAsync = promisify(execFile);
/** A user's project: its own package.json (no name: it cannot resolve ts-observed as itself) under test/.out, whose node_modules links the package. */
const project = join(OUT_DIR, "plugin-subpaths", `p${process.pid}`);
const SUBPATHS = ["esbuild", "vite", "rollup", "webpack", "rspack"] as const;

/** What each factory's plugin looks like: esbuild's `{ name, setup }`, Vite/Rollup hooks run first, webpack/Rspack `apply`. */
const PLUGIN_SHAPE = {
  esbuild: { name: "ts-observed", setup: "function" },
  // Vite and Rollup: transform runs before every other plugin's (order "pre"), wherever the plugin is listed.
  vite: { name: "ts-observed", enforce: "pre", transform: "hook, order pre", transformInclude: "function", buildStart: "function", configResolved: "function" },
  rollup: { name: "ts-observed", enforce: "pre", transform: "hook, order pre", transformInclude: "function", buildStart: "function" },
  webpack: { apply: "function" },
  rspack: { apply: "function" },
};

interface SubpathReport {
  resolved: string;
  exports: string[];
  defaultIsNamed: boolean;
  plugin: Record<string, string>;
}
interface Report {
  subpaths: Record<string, SubpathReport>;
  readmeForms?: Record<string, boolean>;
  builds: Record<string, boolean | string>;
}

/** Shared by both scripts: a plugin's own string fields as they are, object hooks by their order, other fields by type. */
const DESCRIBE = `
function describePlugin(plugin) {
  const out = {};
  for (const [key, value] of Object.entries(plugin)) {
    if (typeof value === "string" || typeof value === "function") out[key] = typeof value === "string" ? value : typeof value;
    else if (value !== null && typeof value === "object" && typeof value.handler === "function") out[key] = "hook, order " + value.order;
  }
  return out;
}
// Instrumented: the output imports the runtime (a plain build of the file never does) and carries add's site metadata.
const instrumented = (code) => code.includes("ts-observed/runtime") && /\\bname:\\s*"add"/.test(code);
`;

const ESM_SCRIPT = `
import observed from "ts-observed/vite";
import { observed as observedEsbuild } from "ts-observed/esbuild";
import { build as esbuild } from "esbuild";
import { build as vite } from "vite";
${DESCRIBE}
const subpaths = {};
for (const name of ${JSON.stringify(SUBPATHS)}) {
  const mod = await import("ts-observed/" + name);
  subpaths[name] = { resolved: import.meta.resolve("ts-observed/" + name), exports: Object.keys(mod).sort(), defaultIsNamed: mod.default === mod.observed, plugin: describePlugin(mod.default()) };
}
const readmeForms = { vite: observed === (await import("ts-observed/vite")).observed, esbuild: observedEsbuild === (await import("ts-observed/esbuild")).default };
const root = process.cwd();
const builds = {};
const viaEsbuild = await esbuild({ entryPoints: ["tagged.ts"], absWorkingDir: root, bundle: true, format: "esm", write: false, external: ["ts-observed/*"], logLevel: "silent", plugins: [observedEsbuild()] });
builds.esbuild = instrumented(viaEsbuild.outputFiles[0].text);
const viaVite = await vite({ configFile: false, root, logLevel: "silent", plugins: [observed()], build: { ssr: "tagged.ts", write: false, minify: false, rollupOptions: { external: [/^ts-observed/] } } });
builds.vite = instrumented(viaVite.output[0].code);
console.log(JSON.stringify({ subpaths, readmeForms, builds }));
`;

const CJS_SCRIPT = `
const { build: esbuild } = require("esbuild");
const { rollup } = require("rollup");
${DESCRIBE}
(async () => {
  const subpaths = {};
  for (const name of ${JSON.stringify(SUBPATHS)}) {
    const mod = require("ts-observed/" + name);
    subpaths[name] = { resolved: require.resolve("ts-observed/" + name), exports: Object.keys(mod).sort(), defaultIsNamed: mod.default === mod.observed, plugin: describePlugin(mod.default()) };
  }
  const root = process.cwd();
  const builds = {};
  const viaEsbuild = await esbuild({ entryPoints: ["tagged.ts"], absWorkingDir: root, bundle: true, format: "cjs", platform: "node", write: false, external: ["ts-observed/*"], logLevel: "silent", plugins: [require("ts-observed/esbuild").observed()] });
  builds.esbuild = instrumented(viaEsbuild.outputFiles[0].text);
  const bundle = await rollup({ input: "tagged.js", external: [/^ts-observed/], plugins: [require("ts-observed/rollup").default()] });
  const { output } = await bundle.generate({ format: "cjs" });
  await bundle.close();
  builds.rollup = instrumented(output[0].code);
  console.log(JSON.stringify({ subpaths, builds }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

async function runScript(file: string): Promise<Report> {
  const { stdout } = await execFileAsync(process.execPath, [file], { cwd: project });
  return JSON.parse(stdout) as Report;
}

let esm: Report;
let cjs: Report;
beforeAll(async () => {
  linkPackage(); // test/.out/node_modules/ts-observed → the repository (its exports, its dist/)
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ private: true, type: "module" }));
  writeFileSync(join(project, "tagged.ts"), "/** @observed */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n");
  writeFileSync(join(project, "tagged.js"), "/** @observed */\nexport function add(a, b) {\n  return a + b;\n}\n");
  writeFileSync(join(project, "check.mjs"), ESM_SCRIPT);
  writeFileSync(join(project, "check.cjs"), CJS_SCRIPT);
  [esm, cjs] = await Promise.all([runScript(join(project, "check.mjs")), runScript(join(project, "check.cjs"))]);
});

describe.each([
  ["ES module import", () => esm, "esm"],
  ["CommonJS require", () => cjs, "cjs"],
] as const)("plugin subpaths through the package exports, %s", (_label, report, format) => {
  for (const name of SUBPATHS) {
    it(`ts-observed/${name}: resolves to dist/${format}/transformer/${name}.js; default and named observed are one factory returning a ${name} plugin`, () => {
      const entry = report().subpaths[name]!;
      // Node reports the real path of the linked package: the repository's dist/.
      expect(entry.resolved.replace(/^file:\/\//, "")).toBe(join(ROOT, `dist/${format}/transformer/${name}.js`));
      expect(entry.exports).toEqual(expect.arrayContaining(["default", "observed"]));
      expect(entry.defaultIsNamed).toBe(true);
      expect(entry.plugin).toMatchObject(PLUGIN_SHAPE[name]);
    });
  }
});

describe("the README's forms, loaded through the exports, build", () => {
  it('ESM: `import observed from "ts-observed/vite"` and `import { observed } from "ts-observed/esbuild"` are the factories; Vite and esbuild builds with them are instrumented', () => {
    expect(esm.readmeForms).toEqual({ vite: true, esbuild: true });
    expect(esm.builds).toEqual({ esbuild: true, vite: true });
  });

  it("CommonJS: require(\"ts-observed/esbuild\").observed and require(\"ts-observed/rollup\").default instrument their builds", () => {
    expect(cjs.builds).toEqual({ esbuild: true, rollup: true });
  });

  it("types (tsc, through the exports' `types`): default and named exports have one type; esbuild's is an esbuild plugin factory", () => {
    expectTypeOf<typeof esbuildDefault>().toEqualTypeOf<typeof esbuildNamed>();
    expectTypeOf<ReturnType<typeof esbuildNamed>>().toEqualTypeOf<EsbuildPlugin>();
    expectTypeOf<typeof viteDefault>().toEqualTypeOf<typeof viteNamed>();
    expectTypeOf<typeof rollupDefault>().toEqualTypeOf<typeof rollupNamed>();
    expectTypeOf<typeof webpackDefault>().toEqualTypeOf<typeof webpackNamed>();
    expectTypeOf<typeof rspackDefault>().toEqualTypeOf<typeof rspackNamed>();
    expectTypeOf<typeof viteDefault>().toBeFunction();
  });
});
