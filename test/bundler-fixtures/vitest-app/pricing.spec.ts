import { expect, it } from "vitest";
import { observe, type ExecutionContext } from "ts-observed";
import { price } from "./pricing.js";

it("observes the code under test", () => {
  const seen: string[] = [];
  // observe(fn) throws for a function the plugin did not instrument.
  using _ = observe(price, (ctx: ExecutionContext) => void seen.push(`${ctx.state} ${JSON.stringify(ctx.localVariables ?? {})}`));
  expect(price(100, true)).toBe(80);
  expect(seen).toEqual(["PRE_EXECUTION {}", 'POST_SUCCESS {"discount":0.2}', 'COMPLETED {"discount":0.2}']);
});
