import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { DatabaseReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("database example", () => {
  it("writes a row per call, batched, flushed at shutdown(), with the token redacted", async () => {
    const example = await loadExample<DatabaseReport>("database");
    const report = await example.run({ log: () => {} });
    expect(report.counts).toEqual([
      { function_name: "getBalance", success: 1, calls: 12 },
      { function_name: "transferFunds", success: 0, calls: 6 },
      { function_name: "transferFunds", success: 1, calls: 6 },
    ]);
    expect(report.failures).toHaveLength(6);
    expect(report.failures[0]!.error).toBe("InsufficientFundsError: alice has 10, needs 15");
    expect(JSON.parse(report.failures[0]!.arguments!)).toEqual({ fromAccount: "alice", toAccount: "bob", amount: 15, authToken: "[REDACTED]" });
    // 24 rows: two full batches of 10 during the run, the last 4 at shutdown().
    expect(report.batches).toBe(3);
    expect(report.simpleRows).toBe(24);
  });
});
