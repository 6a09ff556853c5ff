// Plain CommonJS entry: Node's CommonJS loader runs it, so every require() below reaches ts-observed
// through `require.extensions` (never through the ES module hooks). Prints one JSON line.
const { events, viaRequireHook, stackOf } = require("./probe.cjs");
const lib = require("./src/lib.ts");
const { total } = require("./src/helper.cts");
const legacy = require("./src/legacy.js");
const outside = require("./vendor/outside.ts");
const modern = require("./src/modern/tool.ts");

const results = [lib.scale(2, 3), total([1, 2, 3]), legacy.shout("hi"), outside.untouched(5), modern.version(), typeof lib.scale, lib.scale.length];
const stack = stackOf(() => lib.fail("nope"));
console.log(JSON.stringify({ results, events, viaRequireHook, stack }));
