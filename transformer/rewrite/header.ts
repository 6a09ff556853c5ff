import type { AnonymousDefaultPlan, EmitNames, FilePlan, RuntimeImport } from "../plan.js";
import type { ModuleFormat } from "./module-format.js";
import { siteDeclarationText } from "../emit-rules.js";

/**
 * The text inserted once per file: the runtime import (or `require`), one `var` site declaration per
 * function and the `bind` calls of hoisted top-level function declarations. It holds no line break, so
 * every original line keeps its number in the output (stack traces stay readable even without maps).
 */
export function headerText(plan: FilePlan, format: ModuleFormat): string {
  const { names } = plan;
  const parts: string[] = [importText(plan.runtimeImport, names, plan.imports, format)];
  for (const fn of plan.functions) {
    parts.push(`${siteDeclarationText(names, fn)};`);
  }
  for (const fn of plan.functions) {
    if (fn.bind !== undefined && fn.bind.afterStatement === "top") {
      parts.push(bindText(plan, fn.id, fn.bind.expressionCode));
    }
  }
  return parts.join(" ");
}

/**
 * `bind(site, expression);` — ties a function object to its site so `observe(fn)` can find it. In a
 * TypeScript file an accessor's descriptor gets a non-null assertion,
 * `Object.getOwnPropertyDescriptor(C.prototype, "k")!.get`: the output is still TypeScript, and a loader that
 * type-checks it (ts-loader without `transpileOnly`, as NestJS's webpack builder runs it with a CLI plugin)
 * reported TS2532 under `strictNullChecks` at a column past the end of the class. `bind` ignores a value that
 * is not a function, so the assertion changes nothing at run time.
 */
export function bindText(plan: FilePlan, id: number, expressionCode: string): string {
  const code = TYPESCRIPT_FILE.test(plan.fileName) ? expressionCode.replace(ACCESSOR_DESCRIPTOR, "$1!$2") : expressionCode;
  return `${plan.names.bind}(${plan.names.sitePrefix}${id}, ${code});`;
}

const TYPESCRIPT_FILE = /\.[cm]?tsx?(?:[?#].*)?$/;
/** analyze/bind.ts `descriptorCode`: `Object.getOwnPropertyDescriptor(owner, "key")` then `.get` or `.set`. */
const ACCESSOR_DESCRIPTOR = /^(Object\.getOwnPropertyDescriptor\(.+\))(\.(?:get|set))$/;

/**
 * The insertions that let an anonymous `export default function` or `class` be bound (docs/EMIT.md, "Anonymous
 * default exports"): its planned name (before a function's parameter list, after the `class` keyword), once
 * per declaration, and unless the class has its own static `name`, `name` put back to `"default"` after the
 * declaration statement (after it: a bundler's `keepNames` call for the declaration goes there too, and must
 * not have the last word; after a class's binds too, which `emitPlan` appends first at that position).
 */
export function anonymousDefaultEdits(text: string, plan: FilePlan): { position: number; text: string }[] {
  const edits: { position: number; text: string }[] = [];
  const named = new Set<AnonymousDefaultPlan>();
  for (const fn of plan.functions) {
    const anonymous = fn.bind?.anonymousDefault;
    if (anonymous === undefined || named.has(anonymous)) continue;
    named.add(anonymous);
    const space = isSpace(text.charCodeAt(anonymous.namePosition - 1)) ? "" : " ";
    edits.push({ position: anonymous.namePosition, text: space + anonymous.name });
    if (anonymous.restoreName) {
      // A class statement is always followed by its binds, which end with `;`.
      const separator = anonymous.declaration === fn.node ? ";" : "";
      edits.push({ position: anonymous.declaration.end, text: `${separator}Object.defineProperty(${anonymous.name}, "name", { value: "default" });` });
    }
  }
  return edits;
}

function importText(from: string, names: EmitNames, used: readonly RuntimeImport[], format: ModuleFormat): string {
  const pairs = used.map((name): [string, string] => [name, names[name]]);
  const source = JSON.stringify(from);
  if (format === "esm") return `import { ${pairs.map(([k, v]) => `${k} as ${v}`).join(", ")} } from ${source};`;
  return `const { ${pairs.map(([k, v]) => `${k}: ${v}`).join(", ")} } = require(${source});`;
}

/**
 * Where and with what separator the header goes. The plan's position is after the shebang and the directive
 * prologue; a shebang line must stay a line of its own, and a directive without `;` needs one so that the
 * header's `import` does not continue its statement (no line break is inserted, see {@link headerText}).
 */
export function headerInsertion(text: string, position: number): { position: number; prefix: string } {
  if (text.startsWith("#!")) {
    const eol = text.indexOf("\n");
    const lineEnd = eol === -1 ? text.length : eol + 1;
    if (position < lineEnd) return { position: lineEnd, prefix: eol === -1 ? "\n" : "" };
  }
  let i = position - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  const prev = i >= 0 ? text[i] : "";
  const prefix = prev === "" || prev === ";" || prev === "\n" || prev === "}" ? "" : ";";
  return { position, prefix };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}
