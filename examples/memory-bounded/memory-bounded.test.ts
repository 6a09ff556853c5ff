import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { MemoryBoundedReport } from "./main.js";
import { RingBuffer } from "./ring-buffer.js";

afterEach(async () => {
  await shutdown();
});

describe("memory-bounded example", () => {
  it("holds only the last 100 calls of 5,000 and counts all of them", async () => {
    const example = await loadExample<MemoryBoundedReport>("memory-bounded");
    const report = await example.run({ log: () => {} });
    expect(report).toEqual({
      capacity: 100,
      held: 100,
      dropped: 4_900,
      counters: { tokenize: 2_500, checksum: 2_500 },
      oldestHeld: 4_901,
      newestHeld: 5_000,
      // Empty text every 50 calls: i = 4901 and 4951 among the last 100 (i = 4900…4999).
      failuresHeld: 2,
    });
  });

  it("RingBuffer overwrites the oldest item", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect([...ring]).toEqual([3, 4, 5]);
    expect(ring.dropped).toBe(2);
  });
});
