export function strictThis(this: unknown): string {
  return this === undefined ? "strict" : "sloppy";
}
