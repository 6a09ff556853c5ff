// A .cts entry require()s a JavaScript ES module that imports another: Node's require() for CommonJS loaded
// through module hooks cannot, and the loader says so (what, and what to do) instead of Node's
// ERR_VM_MODULE_LINK_FAILURE naming neither file.
const { graph } = require("./src/graph.mjs") as { graph: number };
console.log(graph);
