import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/** Where audit lines go: `console`, a pino or winston logger, or a test double. */
export interface AuditLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** One call of a sensitive function. */
export interface SecurityEvent {
  timestamp: string;
  function: string;
  user: string;
  action: string;
  sourceIp: string;
  success: boolean;
  error?: string;
}

/** A failure whose message looks like an attack or a probe. */
export interface SecurityAlert {
  timestamp: string;
  function: string;
  error: string;
  /** The call's arguments with sensitive names masked and long values cut. */
  arguments: Record<string, string>;
  severity: "HIGH";
}

export interface SecurityAuditOptions {
  /** Names (plain or qualified) of the functions whose every call is audited. */
  sensitiveFunctions: Iterable<string>;
  auditLogger?: AuditLogger;
  /** Failure messages containing one of these (lower case) raise an alert. */
  suspiciousPatterns?: readonly string[];
  /** Argument names containing one of these (lower case) are masked in alerts. */
  sensitiveKeys?: readonly string[];
}

const SUSPICIOUS = ["permission denied", "access denied", "unauthorized", "authentication failed", "sql injection", "xss"];
const SENSITIVE_KEYS = ["password", "token", "secret", "key", "auth"];
export const MASK = "***REDACTED***";

/**
 * The seed's SecurityAuditObserver: an audit event per call of a sensitive function, and an alert with
 * sanitized arguments when a failure looks suspicious. Highest priority, so it sees a call before any
 * other observer can fail. One event per call, at COMPLETED (the seed logged one per state).
 *
 * Sanitizing is defense in depth: tag the function `@redact password` too, and the value never enters a
 * context at all.
 */
export class SecurityAuditObserver extends BaseObserver {
  readonly #logger: AuditLogger;
  readonly #sensitive: ReadonlySet<string>;
  readonly #patterns: readonly string[];
  readonly #sensitiveKeys: readonly string[];
  readonly securityEvents: SecurityEvent[] = [];
  readonly alerts: SecurityAlert[] = [];

  constructor(options: SecurityAuditOptions) {
    super({ priority: 999, name: "SecurityAudit", states: [ExecutionState.POST_FAILURE, ExecutionState.COMPLETED], timing: false });
    this.#logger = options.auditLogger ?? { info: (m) => console.info(m), warn: (m) => console.warn(m) };
    this.#sensitive = new Set(options.sensitiveFunctions);
    this.#patterns = options.suspiciousPatterns ?? SUSPICIOUS;
    this.#sensitiveKeys = options.sensitiveKeys ?? SENSITIVE_KEYS;
  }

  update(context: ExecutionContext): void {
    if (context.state === ExecutionState.POST_FAILURE) this.#checkForSecurityIssues(context);
    else if (this.#isSensitive(context)) this.#logSecurityEvent(context);
  }

  #isSensitive(context: ExecutionContext): boolean {
    const { name, qualifiedName } = context.functionSignature;
    return this.#sensitive.has(name) || this.#sensitive.has(qualifiedName);
  }

  #logSecurityEvent(context: ExecutionContext): void {
    const args = context.arguments;
    const event: SecurityEvent = {
      timestamp: new Date(context.timestamp).toISOString(),
      function: context.functionSignature.qualifiedName,
      user: text(args.userId ?? args.username, "unknown"),
      action: text(args.action, context.functionSignature.name),
      sourceIp: text(args.sourceIp, "unknown"),
      success: context.isSuccessful,
    };
    if (context.result?.ok === false) event.error = errorText(context.result.exception);
    this.securityEvents.push(event);
    this.#logger.info(`SECURITY_EVENT: ${JSON.stringify(event)}`);
  }

  #checkForSecurityIssues(context: ExecutionContext): void {
    if (context.result?.ok !== false) return;
    const error = errorText(context.result.exception);
    const lower = error.toLowerCase();
    if (!this.#patterns.some((pattern) => lower.includes(pattern))) return;
    const alert: SecurityAlert = {
      timestamp: new Date(context.timestamp).toISOString(),
      function: context.functionSignature.qualifiedName,
      error,
      arguments: this.sanitizeArguments(context.arguments),
      severity: "HIGH",
    };
    this.alerts.push(alert);
    this.#logger.warn(`SECURITY_ALERT: ${JSON.stringify(alert)}`);
  }

  /** Masks values whose name looks sensitive and cuts the others to 100 characters. */
  sanitizeArguments(args: Readonly<Record<string, unknown>>): Record<string, string> {
    const sanitized: Record<string, string> = {};
    for (const [key, value] of Object.entries(args)) {
      const lower = key.toLowerCase();
      sanitized[key] = this.#sensitiveKeys.some((word) => lower.includes(word)) ? MASK : text(value, "").slice(0, 100);
    }
    return sanitized;
  }
}

function text(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
}

function errorText(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
