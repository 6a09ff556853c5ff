// A TypeScript file of a "type": "module" package. Node 20 cannot require() an ES module: required from
// CommonJS, it is compiled to CommonJS (as ts-node and esbuild-register do).

/** @observed */
export function version(): string {
  return "v1";
}
