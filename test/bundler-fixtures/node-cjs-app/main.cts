// TypeScript CommonJS entry: the ES module hooks load it (and, through Node's ESM loader, what it requires
// of TypeScript); only plain CommonJS JavaScript it requires goes through `require.extensions`.
const { events, viaRequireHook } = require("./probe.cjs") as { events: string[]; viaRequireHook: string[] };
import lib = require("./src/lib.ts");
const legacy = require("./src/legacy.js") as { shout(s: string): string };
const modern = require("./src/modern/tool.ts") as { version(): string };

const results: unknown[] = [lib.scale(4, 5), legacy.shout("yo"), modern.version()];
console.log(JSON.stringify({ results, events, viaRequireHook }));
