// Run with `node --import ts-observed/register app.ts`: prints what an observer saw, then the stack of a
// failure thrown in an observed function (for the source-map check).
import { observe, type ExecutionContext } from "ts-observed";
import { distance, fail, later } from "./lib.js";

const events: string[] = [];
observe("*", (ctx: ExecutionContext) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}:${ctx.functionSignature.file}`));

const results: unknown[] = [distance({ x: 0, y: 0 }, { x: 3, y: 4 }), await later("done")];
let stack = "";
try {
  fail("nope");
} catch (error) {
  stack = (error as Error).stack ?? "";
}
console.log(JSON.stringify({ results, events, stack }));
