/** How each decorator was called: legacy decorators get (prototype, key, descriptor), TC39 ones (method, context). */
export const decorated: string[] = [];

function logged(...args: any[]): any {
  decorated.push(args.length === 3 && typeof args[1] === "string" ? `legacy:${args[1]}` : `tc39:${typeof args[1]}`);
}

export class Service {
  /** @observed */
  @logged
  run(n: number): number {
    return n * 2;
  }
}
