// Run with `node --import ts-observed/register main.ts`: JSON imported with import attributes from untagged
// and tagged .ts and .mts files (esbuild must keep `with { type: "json" }`: Node requires it).
import { observe, type ExecutionContext } from "ts-observed";
import data from "./data.json" with { type: "json" };
import { fromMts } from "./plain.mjs";
import { tagged } from "./tagged.js";
import { taggedMts } from "./tagged.mjs";

const events: string[] = [];
observe("*", (ctx: ExecutionContext) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}:${ctx.functionSignature.file}`));

const dynamic = (await import("./data.json", { with: { type: "json" } })) as { default: { answer: number } };
console.log(JSON.stringify({ results: [data.answer, fromMts(), tagged(), taggedMts(), dynamic.default.answer], events }));
