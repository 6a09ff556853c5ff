/**
 * `ts-observed/jest`: the transformer for Jest through ts-jest, as one of its AST transformers:
 * `transform: { "^.+\\.tsx?$": ["ts-jest", { astTransformers: { before: ["ts-observed/jest"] } }] }`
 * (`{ path: "ts-observed/jest", options: { … } }` for options, those of the tsconfig plugin entry). It is the
 * tsc path's transformer (docs/TSC-PATH.md) behind the `name` / `version` / `factory` that ts-jest asks of
 * one. A bad tag fails the test file with the located diagnostic; a warning is printed to stderr.
 */
import type * as ts from "typescript";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { observedTransformer, type PluginEntry, type ProgramLike } from "./tsc.js";
import { thisFile } from "./rewrite/here.js";
import { throwingAddDiagnostic } from "./tsc/diagnostics.js";

/** What ts-observed uses of ts-jest's compiler instance (ts-jest 29: `TsCompiler`). */
export interface TsJestCompilerLike {
  /** The language service's program; undefined with `isolatedModules` (ts-jest then transpiles file by file). */
  program: ProgramLike | undefined;
  /** ts-jest's resolved configuration. */
  configSet: {
    /** The TypeScript that ts-jest compiles with. */
    compilerModule: typeof ts;
    /** The tsconfig ts-jest read. */
    parsedTsConfig: {
      /** Its compiler options; `configFilePath` names the tsconfig, whose folder is the project root. */
      options: ts.CompilerOptions;
    };
    /** Jest's working directory. */
    cwd: string;
  };
}

/** ts-jest's name for this transformer (with {@link version}, part of its cache key). */
export const name = "ts-observed";

/** The installed ts-observed's version: a new release invalidates ts-jest's cache of transformed files. */
export const version: string = packageVersion();

/** Creates the transformer of one ts-jest compiler instance. */
export function factory(compiler: TsJestCompilerLike, options?: PluginEntry): ts.TransformerFactory<ts.SourceFile> {
  const tsNs = compiler.configSet.compilerModule;
  const program: ProgramLike = compiler.program ?? {
    getCompilerOptions: () => compiler.configSet.parsedTsConfig.options,
    getCurrentDirectory: () => compiler.configSet.cwd,
  };
  // Errors only (warnings go to stderr, tsc/diagnostics.ts): the test file fails with what and where.
  return observedTransformer(program, options, { ts: tsNs, addDiagnostic: throwingAddDiagnostic(tsNs, program) });
}

function packageVersion(): string {
  // dist/<esm|cjs>/transformer/jest.js, or transformer/jest.ts in the sources: the package.json above either.
  for (let dir = dirname(thisFile), i = 0; i < 6; dir = dirname(dir), i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "ts-observed" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json here: look further up
    }
  }
  return "0";
}
