// A .cts entry (loaded by the ES module hooks) require()s a tagged and an untagged .mts: observed, with
// import.meta.url of the file.
const { events, viaRequireHook } = require("./probe.cjs") as { events: string[]; viaRequireHook: string[] };
const esm = require("./src/esm.mts") as typeof import("./src/esm.mts");
const { plain } = require("./src/plain.mts") as typeof import("./src/plain.mts");
const { pathToFileURL } = require("node:url") as typeof import("node:url");

const results: unknown[] = [esm.twice(21), plain(), esm.url === pathToFileURL(`${__dirname}/src/esm.mts`).href];
console.log(JSON.stringify({ results, events, viaRequireHook }));
