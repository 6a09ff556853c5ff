const { strictThis } = require("../strict.cts") as typeof import("../strict.cts");

export function sloppyThis(this: unknown): string {
  return this === undefined ? "strict" : strictThis.name && "sloppy";
}

export function boom(): never {
  throw new Error("boom");
}
