import { afterEach, describe, expect, it } from "vitest";
import { shutdown } from "ts-observed";
import { loadExample } from "../build.js";
import type { WebhookReport } from "./main.js";

afterEach(async () => {
  await shutdown();
});

describe("webhook example", () => {
  it("the local server receives one POST per failure from each observer, with the bearer token", async () => {
    const example = await loadExample<WebhookReport>("webhook");
    const report = await example.run({ log: () => {} });
    expect(report.charges).toEqual(["ch_A-1", "declined: amount 75000 over the card limit", "ch_A-3"]);
    const byPath = Object.fromEntries(report.received.map((r) => [r.path, r]));
    expect(Object.keys(byPath).sort()).toEqual(["/alerts", "/custom"]);
    for (const request of report.received) {
      expect(request.authorization).toBe("Bearer whk_demo_token");
      expect(request.body).toMatchObject({ alertType: "function_failure", functionName: "chargeCard", errorMessage: "amount 75000 over the card limit" });
    }
    // `@redact cardToken`: the card token never reached either observer (the built-in would also mask "token" names).
    for (const request of report.received) expect(request.body.arguments).toEqual({ orderId: "A-2", amountCents: 75_000, cardToken: "[REDACTED]" });
    expect(report.builtIn).toEqual({ sent: 1, failed: 0, dropped: 0 });
    expect(report.customErrors).toEqual([]);
  });
});
