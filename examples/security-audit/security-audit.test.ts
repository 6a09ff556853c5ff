import { afterEach, describe, expect, it } from "vitest";
import { ExecutionState, shutdown } from "ts-observed";
import { createTestContext } from "ts-observed/testing";
import { loadExample } from "../build.js";
import type { SecurityAuditReport } from "./main.js";
import { MASK, SecurityAuditObserver } from "./security-audit-observer.js";

afterEach(async () => {
  await shutdown();
});

describe("security-audit example", () => {
  it("audits each sensitive call once, alerts on suspicious failures, leaks no secret", async () => {
    const example = await loadExample<SecurityAuditReport>("security-audit");
    const report = await example.run({ log: () => {} });

    expect(report.events.map((e) => [e.function, e.user, e.success])).toEqual([
      ["login", "ada", true],
      ["login", "admin", false],
      ["changePassword", "ada", true],
      ["deleteUser", "bob", false],
    ]);
    expect(report.events[1]).toMatchObject({ sourceIp: "203.0.113.9", error: "AuthenticationError: Authentication failed" });

    // Authentication failed, permission denied, SQL injection: three alerts; searchProducts is not sensitive but still alerts.
    expect(report.alerts.map((a) => a.function)).toEqual(["login", "deleteUser", "searchProducts"]);
    expect(report.alerts[0]!.arguments).toEqual({ username: "admin", password: MASK, sourceIp: "203.0.113.9" });
    expect(report.alerts[1]!.arguments.apiKey).toBe(MASK);

    const everything = report.auditLines.join("\n");
    for (const secret of ["hunter2", "correct horse", "old-secret", "new-secret", "usr_live_5f2a9c"]) expect(everything).not.toContain(secret);
  });

  it("@redact keeps the value out of the context even before sanitizing", () => {
    const audit = new SecurityAuditObserver({ sensitiveFunctions: [] });
    const ctx = createTestContext({ name: "login", params: ["username", "pwd"], args: ["x", "s3cret"], redact: ["pwd"], state: ExecutionState.PRE_EXECUTION });
    expect(ctx.arguments.pwd).toBe("[REDACTED]");
    expect(audit.sanitizeArguments({ authHeader: "Bearer x", note: "a".repeat(150) })).toEqual({ authHeader: MASK, note: "a".repeat(100) });
  });
});
