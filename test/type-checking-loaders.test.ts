/** The webpack / Rspack plugin's check for a loader that type-checks the rewritten code (ts-loader without transpileOnly). */
import { describe, expect, it } from "vitest";
import { typeCheckingLoader, typeCheckingLoaderWarning, warnOnTypeCheckingLoader, type CompilerLike } from "../transformer/rewrite/type-checking-loaders.js";

describe("typeCheckingLoader", () => {
  it("finds ts-loader without transpileOnly, in every way a rule can name it", () => {
    expect(typeCheckingLoader([{ test: /\.ts$/, loader: "ts-loader" }])).toBe("the module rule for /\\.ts$/");
    expect(typeCheckingLoader([{ test: /\.tsx?$/, use: "ts-loader" }])).toBe("the module rule for /\\.tsx?$/");
    expect(typeCheckingLoader([{ use: [{ loader: "babel-loader" }, { loader: "/app/node_modules/ts-loader/index.js", options: {} }] }])).toBe("a module rule");
    expect(typeCheckingLoader([{ test: /\.css$/, use: ["css-loader"] }, { oneOf: [{ test: /\.ts$/, loader: "ts-loader" }] }])).toBe("the module rule for /\\.ts$/");
    expect(typeCheckingLoader([{ rules: [{ test: "src", use: { loader: "ts-loader", options: { transpileOnly: false } } }] }])).toBe("the module rule for src");
  });

  it("leaves alone ts-loader with transpileOnly or happyPackMode, other loaders, and rules it cannot read", () => {
    expect(typeCheckingLoader([{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true } }])).toBeUndefined();
    expect(typeCheckingLoader([{ use: [{ loader: "ts-loader", options: { happyPackMode: true } }] }])).toBeUndefined();
    expect(typeCheckingLoader([{ loader: "ts-loader?transpileOnly=true" }])).toBeUndefined();
    expect(typeCheckingLoader([{ loader: "esbuild-loader" }, { use: "builtin:swc-loader" }, { loader: "my-ts-loader-fork" }, "...", null])).toBeUndefined();
    expect(typeCheckingLoader(undefined)).toBeUndefined();
  });
});

describe("warnOnTypeCheckingLoader", () => {
  /** A compiler with the given rules that records the warnings of one compilation. */
  function compiler(rules: unknown): { compiler: CompilerLike; warnings: Error[] } {
    const warnings: Error[] = [];
    return {
      warnings,
      compiler: {
        options: { module: { rules } },
        webpack: { WebpackError: Error },
        hooks: { thisCompilation: { tap: (_name, callback) => callback({ warnings }) } },
      },
    };
  }

  it("adds one warning saying what to do when ts-loader type-checks, and none otherwise", () => {
    const checking = compiler([{ test: /\.ts$/, loader: "ts-loader" }]);
    warnOnTypeCheckingLoader(checking.compiler);
    expect(checking.warnings.map((w) => w.message)).toEqual([typeCheckingLoaderWarning("the module rule for /\\.ts$/")]);
    expect(checking.warnings[0]!.message).toContain("Set its option transpileOnly: true");
    const transpiling = compiler([{ test: /\.ts$/, loader: "ts-loader", options: { transpileOnly: true } }]);
    warnOnTypeCheckingLoader(transpiling.compiler);
    expect(transpiling.warnings).toEqual([]);
  });
});
