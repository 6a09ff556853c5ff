// Shared by both entries: records what an observer on "*" sees, and which files pass through the
// `require.extensions` handlers (ts-observed's require hook) — a file loaded by the ES module hooks must not.
const { createRequire } = require("node:module");
const { relative } = require("node:path");
const { observe } = require("ts-observed");

const events = [];
observe("*", (ctx) => void events.push(`${ctx.state}:${ctx.functionSignature.qualifiedName}:${ctx.functionSignature.file}`));

const viaRequireHook = [];
const extensions = createRequire(__filename).extensions;
for (const ext of [".ts", ".cts", ".js", ".cjs"]) {
  const handler = extensions[ext];
  extensions[ext] = (module, filename) => {
    const path = relative(__dirname, filename);
    if (!path.startsWith("..") && !path.startsWith("node_modules")) viaRequireHook.push(path);
    handler(module, filename);
  };
}

/** Runs `fn`, returning the stack of what it throws. */
function stackOf(fn) {
  try {
    fn();
    return "";
  } catch (error) {
    return String(error.stack);
  }
}

module.exports = { events, viaRequireHook, stackOf };
