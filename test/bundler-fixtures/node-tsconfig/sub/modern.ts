export const modernDecorated: string[] = [];

function logged(...args: any[]): any {
  modernDecorated.push(args.length === 3 && typeof args[1] === "string" ? `legacy:${args[1]}` : `tc39:${typeof args[1]}`);
}

export class ModernService {
  /** @observed */
  @logged
  run(n: number): number {
    return n * 3;
  }
}
