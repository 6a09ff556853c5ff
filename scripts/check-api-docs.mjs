// Checks the published API surface: the .d.ts files under dist/types that package.json `exports` reaches
// (run `npm run build` first). Lists every exported declaration, every declaration an exported one refers
// to (its types are part of the API even if no entry exports them), and every public or protected member
// of these that has no TSDoc comment, plus every `any` in them: written `any`, and a generic type used
// without its type arguments whose default is `any` (`Plugin` meaning `Plugin<any>`). Exits 1 when it
// finds anything. Usage: node scripts/check-api-docs.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// require, not import: importing the 9 MB CommonJS typescript.js from ESM runs Node's export lexer over all
// of it (0.4 to 1 s of CPU, measured here: up to a third of the whole check).
const ts = createRequire(import.meta.url)("typescript");

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const typesDir = join(root, "dist", "types") + "/";

/** The `types` file of every `exports` entry, with the subpath that publishes it. */
function entryPoints() {
  const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const entries = [];
  const visit = (subpath, target) => {
    if (typeof target === "string") {
      // dist/cjs holds a copy of the same declarations for CommonJS consumers: checked once, in dist/types.
      if (target.endsWith(".d.ts") && resolve(root, target).startsWith(typesDir)) entries.push({ subpath, file: resolve(root, target) });
    } else if (target !== null && typeof target === "object") {
      for (const value of Object.values(target)) visit(subpath, value);
    }
  };
  for (const [subpath, target] of Object.entries(exports)) visit(subpath, target);
  return entries;
}

const { config } = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const entries = entryPoints();
const program = ts.createProgram(
  entries.map((e) => e.file),
  { ...options, noEmit: true, declaration: false, skipLibCheck: true, rootDir: undefined, outDir: undefined },
);
const checker = program.getTypeChecker();

/** Each finding is one line: `file:line:column name: problem`. */
const findings = [];
const seenDeclarations = new Set();
const reportedAny = new Set();

const isOurs = (node) => node.getSourceFile().fileName.startsWith(typesDir);

function where(node) {
  const file = node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${relative(root, file.fileName)}:${line + 1}:${character + 1}`;
}

/** True when the node carries a TSDoc comment with some text (tags alone are not a description). */
function hasDoc(node) {
  const host = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
  return docs.some((doc) => ts.getTextOfJSDocComment(doc.comment)?.trim());
}

function memberName(member) {
  if (ts.isConstructorDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return "constructor";
  if (ts.isCallSignatureDeclaration(member)) return "(call)";
  return member.name?.getText() ?? "?";
}

/**
 * True when a class or interface member has no comment of its own but overrides or implements a documented
 * member of a base type: editors show that comment for it.
 */
function inheritsDoc(member) {
  const owner = member.parent;
  if (member.name === undefined || !(ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner))) return false;
  if (ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static) return false;
  const name = member.name.getText();
  for (const clause of owner.heritageClauses ?? []) {
    for (const base of clause.types) {
      const inherited = checker.getPropertyOfType(checker.getTypeAtLocation(base), name);
      if (inherited?.getDocumentationComment(checker).some((part) => part.text.trim())) return true;
    }
  }
  return false;
}

function isHidden(member) {
  // An index signature (`[name: string]: JsonValue`) is documented by the property or type that holds it.
  if (ts.isIndexSignatureDeclaration(member)) return true;
  if (member.name !== undefined && ts.isPrivateIdentifier(member.name)) return true;
  const flags = ts.getCombinedModifierFlags(member);
  return (flags & ts.ModifierFlags.Private) !== 0;
}

/** The members of an interface, class or enum; for anything else, those of the object types written in it. */
function membersOf(node) {
  if (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) return node.members;
  return nestedLiteralMembers(node);
}

/** Object type literals written inside a member's type (`options: { a: number }`): their members are API too. */
function nestedLiteralMembers(node) {
  const members = [];
  const walk = (n) => {
    if (ts.isTypeLiteralNode(n)) {
      members.push(...n.members);
      return;
    }
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
  return members;
}

function checkMember(member, owner) {
  if (isHidden(member)) return;
  const name = `${owner}.${memberName(member)}`;
  // One comment documents a getter/setter pair; an overload set needs each signature documented.
  const documented = hasDoc(member) || inheritsDoc(member) || (ts.isSetAccessorDeclaration(member) && siblingGetterDocumented(member));
  if (!documented) findings.push(`${where(member)} ${name}: no doc comment`);
  for (const nested of nestedLiteralMembers(member)) checkMember(nested, name);
}

function siblingGetterDocumented(setter) {
  const name = setter.name.getText();
  return setter.parent.members.some((m) => ts.isGetAccessorDeclaration(m) && m.name.getText() === name && hasDoc(m));
}

/** `Owner.member` for a node inside a member of the declaration named `label`, else `label`. */
function labelOf(node, declaration, label) {
  const names = [];
  for (let n = node; n !== undefined && n !== declaration; n = n.parent) {
    if (ts.isClassElement(n) || ts.isTypeElement(n)) names.unshift(memberName(n));
  }
  return [label, ...names].join(".");
}

/** Reports `any` in a declaration and queues the declarations of ours that its types refer to. */
function scanTypes(node, label, queue) {
  const walk = (n) => {
    if (n.kind === ts.SyntaxKind.AnyKeyword) reportAny(n, labelOf(n, node, label), "`any`");
    if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n) || ts.isImportTypeNode(n) || ts.isTypeQueryNode(n)) {
      const nameNode = ts.isTypeReferenceNode(n) ? n.typeName : ts.isExpressionWithTypeArguments(n) ? n.expression : ts.isTypeQueryNode(n) ? n.exprName : n.qualifier ?? n;
      let symbol = checker.getSymbolAtLocation(nameNode);
      if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const d of symbol?.declarations ?? []) if (isOurs(d)) queue(d, `referenced by ${label}`);
      if (n.typeArguments === undefined && !ts.isTypeQueryNode(n)) {
        const type = checker.getTypeFromTypeNode(n);
        const args = [...(type.aliasTypeArguments ?? []), ...(type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(type) : [])];
        if (args.some((a) => a.flags & ts.TypeFlags.Any)) reportAny(n, labelOf(n, node, label), `\`${n.getText()}\` means \`${checker.typeToString(type)}\``);
      }
    }
    ts.forEachChild(n, walk);
  };
  walk(node);
}

function reportAny(node, label, what) {
  const at = where(node);
  if (reportedAny.has(at)) return;
  reportedAny.add(at);
  findings.push(`${at} ${label}: ${what} in a public type`);
}

function check() {
  const pending = [];
  const queue = (declaration, via) => {
    if (seenDeclarations.has(declaration)) return;
    seenDeclarations.add(declaration);
    pending.push({ declaration, via });
  };
  const queueSymbol = (symbol, via, visitedModules) => {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declarations = symbol.declarations ?? [];
    if (declarations.some((d) => ts.isSourceFile(d) || ts.isModuleDeclaration(d))) {
      if (visitedModules.has(symbol)) return;
      visitedModules.add(symbol);
      for (const exported of checker.getExportsOfModule(symbol)) queueSymbol(exported, via, visitedModules);
      return;
    }
    for (const d of declarations) if (isOurs(d)) queue(d, via);
  };
  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    if (source === undefined) {
      findings.push(`${relative(root, entry.file)}: missing (exports["${entry.subpath}"]); run npm run build`);
      continue;
    }
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) continue; // a file with no exports (register.d.ts: a side-effect entry)
    for (const exported of checker.getExportsOfModule(moduleSymbol)) queueSymbol(exported, "exported", new Set([moduleSymbol]));
  }
  while (pending.length > 0) {
    const { declaration: d, via } = pending.shift();
    if (ts.isTypeParameterDeclaration(d) || ts.isParameter(d)) continue;
    const name = d.name?.getText() ?? "default";
    if (!hasDoc(d)) findings.push(`${where(d)} ${name}: no doc comment (${via})`);
    for (const member of membersOf(d)) checkMember(member, name);
    scanTypes(d, name, queue);
  }
}

check();
const undocumented = findings.filter((f) => f.includes(": no doc comment")).length;
const anys = findings.filter((f) => f.endsWith(" in a public type")).length;
const missing = findings.length - undocumented - anys;
for (const f of findings) console.log(f);
console.log(
  `${seenDeclarations.size} declarations checked from ${entries.length} entry points: ${undocumented} without a doc comment, ${anys} \`any\`` +
    (missing > 0 ? `, ${missing} entry files missing.` : "."),
);
process.exitCode = findings.length > 0 ? 1 : 0;
