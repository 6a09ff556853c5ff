// An ES module that a .cts entry require()s (Node 20.19+ can require(esm)): under the loader it is compiled
// to CommonJS for it, since a CommonJS module loaded through the module hooks cannot require() an ES module.
/** @observed */
export function twice(n: number): number {
  return n * 2;
}

export const url = import.meta.url;
