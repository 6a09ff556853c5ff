/** @observed @redact nobody */
export function greet(name: string): string {
  return `hi ${name}`;
}
console.log(greet("x"));
