/**
 * Near misses of the tags (`@Observed`, `@observd`, `@captures`): a TSO1010 warning with file:line:column on
 * every path, so a misspelt tag does not leave its function silently unobserved. A file without the exact
 * tag is not parsed on the bundler path; the analysis reports the same warnings on the tsc path.
 */
import { build } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findNearMissTags, isNearMiss } from "../transformer/analyze/near-miss.js";
import { observed } from "../transformer/esbuild.js";
import { rewrite } from "../transformer/rewrite.js";
import { resolveSettings } from "../transformer/rewrite/settings.js";
import { OUT_DIR, ROOT } from "./harness/fixtures.js";
import { linkPackage, runCompiler, writeTsconfig } from "./harness/tsc-path.js";

describe("what is a near miss", () => {
  it("another case, or one edit away, but for the tag not a word that differs in its last letter only", () => {
    for (const written of ["Observed", "OBSERVED", "observd", "obsevred", "obseved", "observeed"]) expect(isNearMiss(written, "observed"), written).toBe(true);
    for (const written of ["observed", "observe", "observer", "observes", "observedd", "observable", "obs", "serve", "Observable"]) expect(isNearMiss(written, "observed"), written).toBe(false);
    expect(isNearMiss("captures", "capture", true)).toBe(true); // beside the tag, a typo
    expect(isNearMiss("captures", "capture")).toBe(false);
    for (const written of ["traces", "traced", "tracer", "trac"]) expect(isNearMiss(written, "trace"), written).toBe(false); // a custom tag's relatives
    expect(isNearMiss("trcae", "trace")).toBe(true);
    expect(isNearMiss("Redact", "redact", true)).toBe(true);
    expect(isNearMiss("spn", "span")).toBe(false); // names under five letters: another case only
    expect(isNearMiss("Span", "span")).toBe(true);
  });

  it("only at a tag position inside a doc comment", () => {
    const text = [
      "/** @Observed */ function a() {}", // yes
      "// @Observed", // a line comment: no
      "/* @Observed */", // a plain block comment: no
      "/** see @Observed in prose */", // not a tag position: no
      "/**\n * @observed x @Observed\n */", // after another tag on its line: yes
      "const s = '@Observed';", // code: no
    ].join("\n");
    const found = findNearMissTags(text, "observed", false).map((m) => [text.slice(0, m.pos).split("\n").length, m.written, m.meant]);
    expect(found).toEqual([
      [1, "Observed", "observed"],
      [6, "Observed", "observed"],
    ]);
    expect(findNearMissTags("/** @observed\n * @captures total */", "observed", true).map((m) => m.written)).toEqual(["captures"]);
    expect(findNearMissTags("/** @captures total */", "observed", false)).toEqual([]);
  });
});

describe("a file without the exact tag: the same warnings through tspc, esbuild and the unplugin core", () => {
  const fixture = join(ROOT, "test/fixtures-invalid/near-miss-only.ts");
  const source = readFileSync(fixture, "utf8").split("\n");
  const at = (needle: string): string => {
    const line = source.findIndex((l) => l.includes(needle));
    return `${line + 1}:${source[line]!.indexOf(needle) + 1}`;
  };
  // "line:column code: message"
  const expected = [
    `${at("@Observed billing")} TSO1010: \`@Observed\` is not read by ts-observed (tags are case-sensitive), so it has no effect. Write \`@observed\`, or leave it if the tag belongs to another tool.`,
    `${at("@observd")} TSO1010: \`@observd\` is not read by ts-observed (it looks like a misspelling of \`@observed\`), so it has no effect. Write \`@observed\`, or leave it if the tag belongs to another tool.`,
  ];
  let viaTsc: { ok: boolean; warnings: string[]; output: string };

  beforeAll(async () => {
    const dir = join(OUT_DIR, `near-miss-tsc-p${process.pid}`);
    mkdirSync(dir, { recursive: true });
    linkPackage();
    const tsconfig = writeTsconfig(dir, { name: dir, compiler: "", format: "esm", plugin: true }, [fixture], { rootDir: join(ROOT, "test/fixtures-invalid") });
    const run = await runCompiler(join(ROOT, "node_modules/ts-patch/bin/tspc.js"), tsconfig);
    const warnings = run.output
      .split("\n")
      .map((l) => /near-miss-only\.ts\((\d+),(\d+)\): warning TS\d+: ts-observed (TSO\d{4}: .*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]}:${m[2]} ${m[3]}`);
    viaTsc = { ok: run.ok, warnings, output: run.output };
  });

  it("tspc: located warnings, and the build succeeds", () => {
    expect(viaTsc.warnings, viaTsc.output).toEqual(expected);
    expect(viaTsc.ok).toBe(true);
  });

  it("esbuild: the same warnings, the file loaded as it is", async () => {
    const result = await build({
      entryPoints: [fixture],
      write: false,
      bundle: true,
      format: "esm",
      absWorkingDir: ROOT,
      logLevel: "silent",
      plugins: [observed({ root: ROOT, include: ["test/fixtures-invalid/**/*"] })],
    });
    expect(result.warnings.map((w) => `${w.location!.line}:${w.location!.column + 1} ${w.text}`)).toEqual(expected);
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toContain("__obs");
  });

  it("the unplugin core and the Node loader (rewrite): the same warnings, the code unchanged", () => {
    const text = readFileSync(fixture, "utf8");
    const result = rewrite(text, fixture, resolveSettings({ root: ROOT, include: ["test/fixtures-invalid/**/*"] }, ROOT));
    expect(result?.code).toBe(text);
    expect(result?.map).toBeUndefined();
    expect(result?.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`)).toEqual(expected);
  });

  it("outside include: nothing", () => {
    const text = readFileSync(fixture, "utf8");
    expect(rewrite(text, fixture, resolveSettings({ root: ROOT, include: ["src/**/*"] }, ROOT))).toBeUndefined();
  });
});
