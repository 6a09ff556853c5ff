/** ts-patch.config.json loading, overrides, validation, and the include/exclude globs. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CONFIG_FILE_NAME,
  ConfigError,
  createFileFilter,
  DEFAULT_CONFIG,
  formatConfigProblem,
  loadConfig,
  rootProblem,
  TS_PATCH_KEYS,
} from "../transformer/config.js";
import { globToRegExp } from "../runtime/glob.js";

function project(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tso-config-"));
  if (config !== undefined) writeFileSync(join(dir, CONFIG_FILE_NAME), config);
  return dir;
}

describe("loadConfig", () => {
  it("uses the defaults without a config file", () => {
    const loaded = loadConfig(project());
    expect(loaded).toEqual({ config: { ...DEFAULT_CONFIG }, configFile: undefined, problems: [] });
    expect(DEFAULT_CONFIG).toEqual({ tag: "observed", include: ["**/*"], exclude: ["**/node_modules/**"], runtime: "ts-observed/runtime", enabled: true, observeAll: false });
  });

  it("reads every key from ts-patch.config.json", () => {
    const dir = project(JSON.stringify({ tag: "traced", include: ["src/**"], exclude: ["src/gen/**"], runtime: "my-runtime", enabled: false, observeAll: "exported" }));
    expect(loadConfig(dir)).toEqual({
      config: { tag: "traced", include: ["src/**"], exclude: ["src/gen/**"], runtime: "my-runtime", enabled: false, observeAll: "exported" },
      configFile: join(dir, CONFIG_FILE_NAME),
      problems: [],
    });
  });

  it("plugin-entry options override the file; ts-patch's own keys are ignored", () => {
    const dir = project(JSON.stringify({ tag: "traced", observeAll: "all" }));
    const { config, problems } = loadConfig(dir, { transform: "ts-observed/transformer", after: false, observeAll: false }, "tsconfig.json", TS_PATCH_KEYS);
    expect(problems).toEqual([]);
    expect([config.tag, config.observeAll]).toEqual(["traced", false]);
  });

  it("an unknown key is an error naming the key, the file, its line and column", () => {
    const dir = project('{\n  "tag": "observed",\n  "observeALL": "all"\n}\n');
    const { problems } = loadConfig(dir);
    expect(problems).toEqual([
      {
        code: "TSO2001",
        file: join(dir, CONFIG_FILE_NAME),
        line: 3,
        column: 3,
        key: "observeALL",
        message: 'unknown option "observeALL". Known options: tag, include, exclude, runtime, enabled, observeAll. Remove it or fix its spelling.',
      },
    ]);
  });

  it.each([
    ["tag", 5, "a tag name without @"],
    ["tag", "@observed", "a tag name without @"],
    ["include", "src/**", "an array of glob strings"],
    ["exclude", [1], "an array of glob strings"],
    ["runtime", "", "a non-empty module specifier"],
    ["enabled", "yes", "true or false"],
    ["observeAll", true, 'false, "all" or "exported"'],
  ])("a wrong type for %s (%j) is an error saying what is expected", (key, value, expected) => {
    const { problems, config } = loadConfig(project(), { [key]: value }, "/p/tsconfig.json");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe("/p/tsconfig.json");
    expect(problems[0]!.key).toBe(key);
    expect(problems[0]!.message.startsWith(`"${key}" must be ${expected}`)).toBe(true);
    expect(problems[0]!.message.endsWith(`got ${JSON.stringify(value)}.`)).toBe(true);
    expect(config).toEqual({ ...DEFAULT_CONFIG });
  });

  it("invalid JSON and a non-object are errors naming the file", () => {
    const dir = project("{ tag: observed }");
    expect(loadConfig(dir).problems[0]!.message).toMatch(new RegExp(`^${join(dir, CONFIG_FILE_NAME).replace(/[.]/g, "\\.")} is not valid JSON`));
    expect(loadConfig(project("[]")).problems[0]!.message).toContain("must be a JSON object");
  });

  it("a ConfigError lists every problem as file:line:column - error code: message", () => {
    const dir = project('{\n"nope": 1,\n"enabled": 0\n}');
    const lines = new ConfigError(loadConfig(dir).problems).message.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(`${join(dir, CONFIG_FILE_NAME)}:2:1 - error TSO2001: unknown option "nope". Known options: tag, include, exclude, runtime, enabled, observeAll. Remove it or fix its spelling.`);
    expect(lines[1]).toContain(":3:1 - error TSO2001: \"enabled\" must be true or false, got 0.");
  });

  it("a JSON syntax error is located at its line and column", () => {
    const dir = project('{\n  "tag": "observed",\n}');
    const [p] = loadConfig(dir).problems;
    expect([p!.line, p!.column]).toEqual([3, 1]);
    expect(formatConfigProblem(p!)).toMatch(/:3:1 - error TSO2001: .* is not valid JSON: .* at line 3, column 1\. Fix the syntax/);
  });

  it("names the caller's own options with ours when a key is unknown", () => {
    const { problems } = loadConfig(project("{}"), { roots: "." }, "tsconfig.json", ["transform", "root"]);
    expect(problems[0]!.message).toBe('unknown option "roots". Known options: tag, include, exclude, runtime, enabled, observeAll, root. Remove it or fix its spelling.');
  });

  it("a root that is not an existing directory is a problem; an existing one is not", () => {
    expect(rootProblem(join(tmpdir(), "no-such-dir-ts-observed"), "no-such-dir-ts-observed", "tsconfig.json")!.message).toMatch(
      /^"root": "no-such-dir-ts-observed" is .*no-such-dir-ts-observed, which is not an existing directory\. Set it to the project's folder \(relative paths are resolved from the folder of tsconfig\.json\)/,
    );
    expect(rootProblem(tmpdir(), ".", "plugin options")).toBeUndefined();
  });
});

describe("globToRegExp and createFileFilter", () => {
  it.each([
    ["src/**/*.ts", "src/a.ts", true],
    ["src/**/*.ts", "src/a/b/c.ts", true],
    ["src/**/*.ts", "lib/a.ts", false],
    ["src/*.ts", "src/a/b.ts", false],
    ["*.gen.ts", "deep/down/x.gen.ts", true],
    ["src/", "src/any/file.ts", true],
    ["file?.ts", "file1.ts", true],
    ["file?.ts", "file12.ts", false],
    ["src/{a,b}/*.ts", "src/b/x.ts", true],
    ["src/{a,b}/*.ts", "src/c/x.ts", false],
    ["src/[ab].ts", "src/a.ts", true],
    ["a.b+c.ts", "a.b+c.ts", true],
    ["a.b+c.ts", "aXb+c.ts", false],
    ["**/node_modules/**", "node_modules/x/y.js", true],
  ])("%s matches %s: %s", (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });

  it("includes what include matches and exclude does not, relative to the project root", () => {
    const inScope = createFileFilter({ ...DEFAULT_CONFIG, include: ["src/**/*"], exclude: ["src/generated/**"] }, "/root");
    expect(inScope("/root/src/a.ts")).toBe(true);
    expect(inScope("/root/src/generated/b.ts")).toBe(false);
    expect(inScope("/root/test/c.ts")).toBe(false);
    expect(createFileFilter({ ...DEFAULT_CONFIG }, "/root")("/root/node_modules/x/index.ts")).toBe(false);
  });
});
