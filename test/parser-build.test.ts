/**
 * The bundler path's parser, dist/parser/typescript.cjs (scripts/build-parser.mjs cuts it out of TypeScript 6's
 * typescript.js), parses as TypeScript 6 does: over thousands of files written by others, and this project's own
 * sources and fixtures (TSX among them), every node has the same kind, range, flags, start and children as
 * TypeScript's own parse, and the same parse errors are reported. And it is the small file it is meant to be.
 */
import ts6 from "@typescript/typescript6";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as ts from "typescript";
import { describe, expect, it } from "vitest";
import { PARSER_API, plainNamespace } from "../transformer/parser-api.js";
import { ROOT } from "./harness/fixtures.js";

const PARSER = join(ROOT, "dist/parser/typescript.cjs");
const parser = createRequire(import.meta.url)(PARSER) as typeof ts;
const full = ts6 as unknown as typeof ts;

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(name) && !DECLARATION.test(name)) out.push(path);
  }
  return out;
}

function scriptKind(path: string): ts.ScriptKind {
  if (path.endsWith(".tsx")) return 4; // TSX
  if (/\.[cm]?ts$/.test(path)) return 3; // TS
  return path.endsWith(".jsx") ? 2 : 1; // JSX, JS
}

/** Everything the analysis reads of a parse, flattened: per node its kind, range, flags, start and child count. */
function dump(api: typeof ts, path: string, text: string): string {
  const options = { languageVersion: api.ScriptTarget.Latest, jsDocParsingMode: api.JSDocParsingMode.ParseNone };
  const file = api.createSourceFile(path, text, options, true, scriptKind(path));
  const out: (string | number)[] = [];
  const visit = (node: ts.Node): void => {
    out.push(api.SyntaxKind[node.kind]!, node.pos, node.end, node.flags, node.getStart(file), node.getChildren(file).length);
    api.forEachChild(node, visit);
  };
  visit(file);
  for (const statement of file.statements) out.push(api.getLeadingCommentRanges(text, statement.pos)?.length ?? 0);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  for (const d of diagnostics) out.push(d.code, d.start ?? -1);
  return out.join(",");
}

describe("the bundler path's parser (dist/parser/typescript.cjs)", () => {
  it("exports the API the rewriter uses, without TypeScript's compiler, and is a fraction of its size", () => {
    for (const name of PARSER_API) expect(parser[name], name).toBeDefined();
    const api = parser as unknown as Record<string, unknown>;
    // The checker, the program and the emitter are not in it (the whole compiler would be 9 MB).
    for (const name of ["createProgram", "createTypeChecker", "createPrinter", "transpileModule"]) expect(api[name], name).toBeUndefined();
    expect(statSync(PARSER).size).toBeLessThan(2e6);
    const { version } = JSON.parse(readFileSync(join(ROOT, "dist/parser/typescript.json"), "utf8")) as { version: string };
    expect(version).toBe(full.version);
    expect(readFileSync(PARSER, "utf8").slice(0, 300)).toContain("Apache License, Version 2.0");
  });

  it("parses thousands of files exactly as TypeScript 6 does", () => {
    const packages = ["webpack/lib", "@opentelemetry", "ajv/lib", "rollup/dist"];
    const files = [
      ...packages.flatMap((p) => sourceFiles(join(ROOT, "node_modules", p))),
      ...["transformer", "runtime", "test", "examples"].flatMap((d) => sourceFiles(join(ROOT, d))),
    ];
    expect(files.some((f) => f.endsWith(".tsx"))).toBe(true);
    let bytes = 0;
    const differing: string[] = [];
    for (const path of files) {
      const text = readFileSync(path, "utf8");
      bytes += text.length;
      if (dump(parser, path, text) !== dump(full, path, text)) differing.push(path);
    }
    console.log(`parser-build: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${differing.length} parsed differently`);
    expect(files.length).toBeGreaterThan(2000);
    expect(differing).toEqual([]);
  });
});

describe("plainNamespace (what the analysis calls TypeScript through)", () => {
  it("copies exactly PARSER_API's names, as data properties with TypeScript's own values, once per namespace", () => {
    const plain = plainNamespace(full);
    expect(Object.keys(plain).sort()).toEqual([...PARSER_API].sort());
    for (const name of PARSER_API) {
      expect(plain[name], name).toBe(full[name]);
      expect(Object.getOwnPropertyDescriptor(plain, name), name).toHaveProperty("value");
    }
    // TypeScript's own namespace has getters: what the copy is for.
    expect(Object.getOwnPropertyDescriptor(full, "isIdentifier")).toHaveProperty("get");
    expect(plainNamespace(full)).toBe(plain);
    expect(plainNamespace(plain)).toBe(plain);
  });
});
