/**
 * Security audit: every call of the sensitive functions is audited, and failures that look like probes
 * raise an alert with sanitized arguments. Passwords are `@redact`ed at the source: they never reach
 * any observer, so no logger can leak them.
 */
import { observe, REDACTED, shutdown } from "ts-observed";
import { logger, type RunOptions } from "../support.js";
import { SecurityAuditObserver, type AuditLogger, type SecurityAlert, type SecurityEvent } from "./security-audit-observer.js";

export const title = "Security audit: sensitive calls, suspicious failures, sanitized arguments";

export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

export interface Session {
  userId: string;
  sessionToken: string;
}

/**
 * @observed auth
 * @redact password
 */
export function login(username: string, password: string, sourceIp: string): Session {
  if (password !== "correct horse battery staple") throw new AuthenticationError("Authentication failed");
  return { userId: username, sessionToken: `session-${username}` };
}

/**
 * @observed auth
 * @redact oldPassword, newPassword
 */
export function changePassword(userId: string, oldPassword: string, newPassword: string, sourceIp: string): void {
  if (oldPassword === newPassword) throw new Error("new password must differ");
}

/** @observed admin */
export function deleteUser(userId: string, action: string, apiKey: string): boolean {
  if (!apiKey.startsWith("adm_")) throw new Error("Permission denied: not an admin key");
  return true;
}

/** @observed catalog */
export function searchProducts(query: string): string[] {
  if (/['";]|--/.test(query)) throw new Error(`SQL injection attempt blocked in query ${JSON.stringify(query)}`);
  return [`${query} (2 results)`];
}

export interface SecurityAuditReport {
  events: SecurityEvent[];
  alerts: SecurityAlert[];
  /** Every audit line written, for checking that no secret made it into a log. */
  auditLines: string[];
}

export async function run(options: RunOptions = {}): Promise<SecurityAuditReport> {
  const log = logger(options);
  const auditLines: string[] = [];
  // A logger that keeps the lines (for the report) and prints them; use pino or winston in an app.
  const auditLogger: AuditLogger = {
    info: (line) => auditLines.push(`INFO ${line}`),
    warn: (line) => auditLines.push(`WARN ${line}`),
  };
  const audit = new SecurityAuditObserver({ sensitiveFunctions: ["login", "changePassword", "deleteUser"], auditLogger });
  observe("*", audit);

  const attempt = (call: () => unknown): void => {
    try {
      call();
    } catch {
      // Audited; the caller handles its own error.
    }
  };
  attempt(() => login("ada", "correct horse battery staple", "10.0.0.7"));
  attempt(() => login("admin", "hunter2", "203.0.113.9"));
  attempt(() => changePassword("ada", "old-secret", "new-secret", "10.0.0.7"));
  attempt(() => deleteUser("bob", "delete_user", "usr_live_5f2a9c"));
  attempt(() => searchProducts("lamp"));
  attempt(() => searchProducts("lamp'; DROP TABLE users; --"));

  const report: SecurityAuditReport = { events: audit.securityEvents, alerts: audit.alerts, auditLines };
  log(`${report.events.length} audited calls:`);
  for (const event of report.events) log(`  ${event.success ? "ok  " : "FAIL"} ${event.function} by ${event.user} from ${event.sourceIp}${event.error ? ` — ${event.error}` : ""}`);
  log(`${report.alerts.length} alerts:`);
  for (const alert of report.alerts) log(`  ${alert.severity} ${alert.function}: ${alert.error} ${JSON.stringify(alert.arguments)}`);
  log(`passwords in the audit log: ${auditLines.some((line) => line.includes("hunter2")) ? "LEAKED" : `none (they read ${REDACTED})`}`);
  await shutdown();
  return report;
}
