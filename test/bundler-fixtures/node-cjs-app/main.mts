// ES module entry: imports a `.ts` of this "type": "commonjs" package, which is CommonJS (named imports of
// it work: esbuild's output names its exports for Node).
import { scale } from "./src/lib.ts";

const { events, viaRequireHook } = (await import("./probe.cjs")).default as { events: string[]; viaRequireHook: string[] };
console.log(JSON.stringify({ results: [scale(7, 2)], events, viaRequireHook }));
