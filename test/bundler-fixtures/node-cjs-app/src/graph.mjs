// A JavaScript ES module that imports another: a CommonJS module loaded through the module hooks cannot
// require() it (Node 20 and 22 alike), so main-require-mjs.cts fails saying so.
import { leaf } from "./leaf.mjs";

export const graph = leaf + 1;
