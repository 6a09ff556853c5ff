// A module loaded after a subscription was made: its site must pick the subscription up at load.
import { enter as __obs_enter, site as __obs_site } from "../../runtime/emit-api.js";

var __obs_s0 = __obs_site({
  name: "lateLoaded", qualifiedName: "lateLoaded", file: "test/hand/late.ts", line: 1, column: 1, kind: "function",
  async: false, generator: false, params: ["x"], rest: false, groups: ["late"], redact: [], capture: [],
});

export function lateLoaded(x: number): number {
  const __obs_c = __obs_s0?.on ? __obs_enter(__obs_s0, this, x) : null;
  if (__obs_c !== null && __obs_c.skip) return __obs_c.early() as number;
  try {
    return __obs_c === null ? x * 3 : (__obs_c.ok(x * 3) as number);
  } catch (__obs_e) {
    if (__obs_c === null) throw __obs_e;
    return __obs_c.fail(__obs_e) as number;
  } finally {
    if (__obs_c !== null) __obs_c.done();
  }
}
