// Test-only webpack loader: strips TypeScript with esbuild after ts-observed's pre loader, chaining the
// incoming source map (as ts-loader or esbuild-loader would in a user's build).
const { transform } = require("esbuild");

module.exports = function esbuildLoader(source, inputMap) {
  const done = this.async();
  const path = this.resourcePath;
  const withMap = inputMap ? `${source}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(typeof inputMap === "string" ? inputMap : JSON.stringify(inputMap)).toString("base64")}` : source;
  transform(withMap, { loader: path.endsWith("x") ? "tsx" : "ts", sourcemap: "external", sourcefile: path, format: "esm", jsxFactory: "h" })
    .then((out) => done(null, out.code, JSON.parse(out.map)))
    .catch(done);
};
