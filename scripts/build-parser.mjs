// Builds dist/parser/typescript.cjs: the parser the bundler path (esbuild, unplugin, the Node loader) parses
// with, cut out of TypeScript 6's typescript.js (a devDependency) by tree-shaking. That file is 9 MB of
// compiler, checker, emitter, language service and server; a build compiled all of it to parse its tagged
// files (167 ms in a fresh process, before the first parse) and every install of ts-observed carried 24 MB of
// TypeScript. What the rewriter and the analysis call is a few dozen functions (transformer/parser-api.ts):
// esbuild keeps those and what they reach — the scanner, the parser, the node factory and utilities, and the
// services' node classes (getStart, getText, getChildren) — about 1.4 MB.
//
// typescript.js is one esbuild bundle whose statements all run in one function scope; to let a tree-shaker
// drop what is unused, this script:
//   1. takes that function's body, up to the language server (src/server/…, never reachable from a parse);
//   2. drops the public export list (`__export(typescript_exports, …)`, which references every name) and the
//      language service's registrations (`registerRefactor(…)`, `registerCodeFix(…)`, side effects only they read);
//   3. turns each namespace's object into a pure expression: `var X = {}; __export(X, {…})` and
//      `var X; ((X2) => {…})(X || (X = {}))` become `var X = /* @__PURE__ */ …`, dropped when nothing uses X;
//   4. installs the services' node classes (not their symbol, type and signature classes, which pull in the
//      language service) where typescript.js installs all of them (`setObjectAllocator(…)`);
//   5. exports PARSER_API and bundles that with esbuild (tree-shaking, white space and syntax minified, names kept).
// The result is kept in node_modules/.cache/ts-observed-build, keyed on every input (typescript.js, this script,
// PARSER_API, esbuild's version): a build whose inputs did not change copies it (and checks it) instead.
// Each step checks that the text it expects is there: a TypeScript update that changes the layout fails the
// build with what was not found, never ships a broken parser. test/parser-build.test.ts compares this parser's
// trees with TypeScript 6's own over thousands of files.
import { build, version as esbuildVersion } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where TypeScript 6's typescript.js is: `@typescript/typescript6` re-exports `@typescript/old` (an alias of typescript@6). */
function typescriptPackage(root) {
  const wrapper = createRequire(join(root, "package.json")).resolve("@typescript/typescript6");
  const file = createRequire(wrapper).resolve("@typescript/old");
  const dir = join(dirname(file), "..");
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  if (!/^6\./.test(version)) throw new Error(`scripts/build-parser.mjs: expected TypeScript 6 at ${dir}, found ${version}`);
  return { file, dir, version };
}

/** Fails the build with what was expected in typescript.js and not found. */
function expectFound(found, what, version) {
  if (!found) {
    throw new Error(
      `scripts/build-parser.mjs: ${what} not found in TypeScript ${version}'s typescript.js. Its layout changed: ` +
        "update the step that looks for it (see the comment at the top of the script).",
    );
  }
}

/** The generated parser's entry: typescript.js's body, rewritten so that a tree-shaker can drop what is unused. */
function parserEntry(ts, text, names, version) {
  const OPEN = "var ts = {}; ((module) => {\n";
  const SERVER = "\n// src/server/_namespaces/ts.ts\n";
  const start = text.indexOf(OPEN);
  const end = text.indexOf(SERVER);
  expectFound(start !== -1, "the opening of its module function", version);
  expectFound(end > start, "the start of the language server (src/server/_namespaces/ts.ts)", version);
  const body = text.slice(start + OPEN.length, end);
  const file = ts.createSourceFile("typescript-body.js", body, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);

  // Namespaces built by one IIFE each, with their `var X;` declarations: `var X; ((X2) => {…})(X || (X = {}));`.
  const namespaceOf = (statement) => {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) return undefined;
    const call = statement.expression;
    const callee = ts.isParenthesizedExpression(call.expression) ? call.expression.expression : undefined;
    const [arg] = call.arguments;
    if (callee === undefined || !ts.isArrowFunction(callee) || !ts.isBlock(callee.body) || callee.parameters.length !== 1) return undefined;
    if (call.arguments.length !== 1 || !ts.isBinaryExpression(arg) || !ts.isIdentifier(arg.left)) return undefined;
    if (arg.operatorToken.kind !== ts.SyntaxKind.BarBarToken || arg.right.getText(file) !== `(${arg.left.text} = {})`) return undefined;
    return { name: arg.left.text, param: callee.parameters[0].name.getText(file), block: callee.body };
  };
  const iifes = new Map();
  const declarations = new Map();
  for (const statement of file.statements) {
    const ns = namespaceOf(statement);
    if (ns !== undefined) iifes.set(ns.name, (iifes.get(ns.name) ?? 0) + 1);
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
      const [d] = statement.declarationList.declarations;
      if (ts.isIdentifier(d.name) && d.initializer === undefined) declarations.set(d.name.text, statement);
    }
  }

  const edits = []; // [start, end, replacement]
  const remove = (node) => edits.push([node.getStart(file), node.end, ""]);
  let exportList = 0;
  let allocator = 0;
  const dropped = { registerRefactor: 0, registerCodeFix: 0 };
  for (const statement of file.statements) {
    const source = statement.getText(file);
    if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && ts.isIdentifier(statement.expression.expression)) {
      const callee = statement.expression.expression.text;
      if (callee === "__export" && statement.expression.arguments[0].getText(file) === "typescript_exports") {
        remove(statement);
        exportList++;
        continue;
      }
      if (callee in dropped) {
        remove(statement);
        dropped[callee]++;
        continue;
      }
    }
    if (source === "module.exports = __toCommonJS(typescript_exports);" || source === "var typescript_exports = {};") {
      remove(statement);
      continue;
    }
    if (source === "setObjectAllocator(getServicesObjectAllocator());") {
      edits.push([
        statement.getStart(file),
        statement.end,
        "setObjectAllocator({ getNodeConstructor: () => NodeObject, getTokenConstructor: () => TokenObject, getIdentifierConstructor: () => IdentifierObject, " +
          "getPrivateIdentifierConstructor: () => PrivateIdentifierObject, getSourceFileConstructor: () => SourceFileObject });",
      ]);
      allocator++;
      continue;
    }
    const ns = namespaceOf(statement);
    // A namespace extended by more than one IIFE keeps its form (and whatever it references).
    if (ns !== undefined && iifes.get(ns.name) === 1 && declarations.has(ns.name)) {
      remove(declarations.get(ns.name));
      const inner = body.slice(ns.block.getStart(file) + 1, ns.block.end - 1);
      edits.push([statement.getStart(file), statement.end, `var ${ns.name} = /* @__PURE__ */ ((${ns.param}) => {${inner}\nreturn ${ns.param};\n})({});`]);
    }
  }
  expectFound(exportList === 1, "the public export list (`__export(typescript_exports, {…})`)", version);
  expectFound(allocator === 1, "`setObjectAllocator(getServicesObjectAllocator());`", version);
  expectFound(dropped.registerRefactor > 0 && dropped.registerCodeFix > 0, "the language service's registerRefactor/registerCodeFix calls", version);

  let out = body;
  for (const [from, to, replacement] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, from) + replacement + out.slice(to);
  // `var X_exports = {}; __export(X_exports, {…});` → `var X_exports = /* @__PURE__ */ __exportPure({…});`
  const HELPER = "var __export = (target, all) => {";
  expectFound(out.includes(HELPER), "esbuild's `__export` helper", version);
  out = out.replace(HELPER, "var __exportPure = (all) => { const target = {}; __export(target, all); return target; };\n" + HELPER);
  out = out.replace(/^var (\w+_exports) = \{\};\n__export\(\1, \{/gm, "var $1 = /* @__PURE__ */ __exportPure({");
  return `${out}\nexport { ${names.join(", ")} };\n`;
}

/** Writes dist/parser/ (typescript.cjs, typescript.json with the version, TypeScript's license files). */
export async function buildParser(root) {
  const { PARSER_API } = await import(pathToFileURL(join(root, "dist/esm/transformer/parser-api.js")).href);
  const source = typescriptPackage(root);
  const require = createRequire(import.meta.url);
  const text = readFileSync(source.file, "utf8");
  const outDir = join(root, "dist/parser");
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, "typescript.cjs");
  // The parser of the same inputs (typescript.js, this script, PARSER_API, esbuild) as the last build, if kept:
  // cutting it out costs about 3 s of every `npm run build`.
  const key = createHash("sha256").update(text).update(readFileSync(fileURLToPath(import.meta.url))).update(JSON.stringify(PARSER_API)).update(esbuildVersion).digest("hex");
  const kept = join(root, "node_modules/.cache/ts-observed-build", `parser-${key.slice(0, 32)}.cjs`);
  copyFileSync(join(source.dir, "LICENSE.txt"), join(outDir, "LICENSE.txt"));
  copyFileSync(join(source.dir, "ThirdPartyNoticeText.txt"), join(outDir, "ThirdPartyNoticeText.txt"));
  writeFileSync(join(outDir, "typescript.json"), JSON.stringify({ version: source.version }) + "\n");
  if (existsSync(kept)) {
    copyFileSync(kept, outfile);
    try {
      return checkParser(require, outfile, PARSER_API);
    } catch {
      rmSync(kept, { force: true }); // damaged: cut it again
    }
  }
  await cutParser(require(source.file), text, source, PARSER_API, outfile);
  checkParser(require, outfile, PARSER_API);
  mkdirSync(dirname(kept), { recursive: true });
  const temp = `${kept}.${process.pid}.tmp`;
  copyFileSync(outfile, temp);
  renameSync(temp, kept);
}

/** Cuts the parser out of typescript.js (`text`) into `outfile`. */
async function cutParser(ts, text, source, names, outfile) {
  const license = text.slice(0, text.indexOf("*/") + 2);
  expectFound(license.startsWith("/*!") && license.includes("Apache License"), "the license header", source.version);
  await build({
    stdin: { contents: parserEntry(ts, text, [...names], source.version), sourcefile: "typescript-parser.mjs", loader: "js" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    treeShaking: true,
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    outfile,
    banner: {
      js:
        `${license}\n/* TypeScript ${source.version}'s parser, scanner and node classes, cut out of its typescript.js by ` +
        "ts-observed's scripts/build-parser.mjs (statements the parser never reaches removed; see that script). */",
    },
  });
}

/** Checks a built (or kept) parser; throws what is wrong. */
function checkParser(require, outfile, PARSER_API) {
  // Strict mode, as TypeScript's code was (esbuild writes the directive for an ES module entry); every name of
  // PARSER_API is there; a parse gives nodes with the services' methods.
  if (!readFileSync(outfile, "utf8").includes(' */\n"use strict";')) throw new Error("scripts/build-parser.mjs: the generated parser is not in strict mode");
  delete require.cache[outfile];
  const parser = require(outfile);
  const missing = PARSER_API.filter((name) => parser[name] === undefined);
  if (missing.length > 0) throw new Error(`scripts/build-parser.mjs: the generated parser lacks ${missing.join(", ")}`);
  const parsed = parser.createSourceFile("check.ts", "/** @observed */ export function f(a: number) { return a; }", parser.ScriptTarget.Latest, true);
  const fn = parsed.statements[0];
  if (fn.getStart(parsed) !== 17 || fn.getChildren(parsed).length === 0 || parsed.parseDiagnostics.length !== 0) {
    throw new Error("scripts/build-parser.mjs: the generated parser does not parse a function as TypeScript does");
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildParser(new URL("..", import.meta.url).pathname);
