import { observe, onCompletion } from "ts-observed";

/** @observed billing */
export async function checkout(cart: { total: number }, user: string): Promise<string> {
  if (cart.total <= 0) throw new Error("empty cart");
  return `receipt:${user}:${cart.total}`;
}

const lines: string[] = [];
const subscription = observe(
  "billing",
  onCompletion((ctx) => {
    const outcome = ctx.isSuccessful ? "ok" : "failed";
    lines.push(`${ctx.functionSignature.name}(${JSON.stringify(ctx.arguments)}) ${outcome}`);
  }),
);

await checkout({ total: 42 }, "ada");
await checkout({ total: 0 }, "bob").catch(() => {});
subscription.unsubscribe();

export const output = lines;
// [ 'checkout({"cart":{"total":42},"user":"ada"}) ok',
//   'checkout({"cart":{"total":0},"user":"bob"}) failed' ]
