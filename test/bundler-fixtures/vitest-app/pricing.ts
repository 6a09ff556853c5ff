/** @observed pricing @capture discount */
export function price(base: number, vip: boolean): number {
  const discount = vip ? 0.2 : 0;
  return base * (1 - discount);
}
