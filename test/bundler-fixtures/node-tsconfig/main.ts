// Run with `node --import ts-observed/register main.ts`: reports what each tsconfig.json option changed.
// Decorators: legacy here (experimentalDecorators), TC39 in sub/ (its own tsconfig.json is the nearest).
import { observe, type ExecutionContext } from "ts-observed";
import { Service, decorated } from "./decorated.js";
import { hasUnsetField } from "./fields.js";
import { unused } from "./side-effect.js";
import { view } from "./view.js";
import { strictThis } from "./strict.cjs";
import { modernDecorated, ModernService } from "./sub/modern.js";
import { boom, sloppyThis } from "./sub/sloppy.cjs";

const events: string[] = [];
observe("*", (ctx: ExecutionContext) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}:${ctx.functionSignature.file}`));

let stack = "";
try {
  boom();
} catch (error) {
  stack = (error as Error).stack ?? "";
}
console.log(
  JSON.stringify({
    decorators: { legacy: decorated, tc39: modernDecorated },
    calls: [new Service().run(2), new ModernService().run(3)],
    events,
    // useDefineForClassFields (false below target ES2022): a field without initializer is not defined.
    hasUnsetField,
    // verbatimModuleSyntax (from the package's config): an import of a value never used is kept.
    sideEffect: (globalThis as { sideEffectRan?: boolean }).sideEffectRan === true,
    // jsx "react" with jsxFactory "h".
    view,
    // alwaysStrict (from the package's config, by file) in a .cts; sub/ has none: sloppy.
    strictThis: strictThis(),
    sloppyThis: sloppyThis(),
    stack,
  }),
);
