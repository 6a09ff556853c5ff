/**
 * Rate limit: at most 5 quotes per minute per user. The sixth call inside the minute never reaches the
 * backend: the observer rejects it in PRE_EXECUTION and the caller gets a typed error with the wait.
 *
 * In production, the built-in `RateLimitObserver` from `ts-observed/observers` does the same and bounds the
 * number of keys it tracks: `new RateLimitObserver({ limit: 5, windowMs: 60_000, key: (ctx) => … })`.
 */
import { observe, shutdown } from "ts-observed";
import { logger, messageOf, withFakeClock, type RunOptions } from "../support.js";
import { RateLimitExceededError, RateLimitObserver } from "./rate-limit-observer.js";

export const title = "Rate limit: ctx.reject() blocks calls over 5 per minute per user";

export interface Quote {
  symbol: string;
  price: number;
}

let backendCalls = 0;

/** @observed quotes */
export function fetchQuote(userId: string, symbol: string): Quote {
  backendCalls++;
  return { symbol, price: 100 + symbol.length };
}

export interface RateLimitReport {
  allowed: number;
  rejected: number;
  /** How often the body really ran. */
  backendCalls: number;
  /** The wait the first rejected caller was told, in ms. */
  firstRetryAfterMs: number | undefined;
  /** Calls of the second user, unaffected by the first user's limit. */
  otherUserAllowed: number;
  /** Whether the first user could call again once the window had passed. */
  allowedAfterWindow: boolean;
}

export async function run(options: RunOptions = {}): Promise<RateLimitReport> {
  const log = logger(options);
  backendCalls = 0;
  // A fake clock instead of waiting a real minute; the observer reads time from the context.
  return withFakeClock(async (clock) => {
    const limiter = new RateLimitObserver({ maxCalls: 5, windowMs: 60_000, keyOf: (ctx) => `user ${String(ctx.arguments.userId)}` });
    observe(fetchQuote, limiter);

    let allowed = 0;
    let firstRetryAfterMs: number | undefined;
    const attempt = (userId: string): boolean => {
      try {
        fetchQuote(userId, "ACME");
        allowed++;
        return true;
      } catch (error) {
        if (!(error instanceof RateLimitExceededError)) throw error;
        firstRetryAfterMs ??= error.retryAfterMs;
        log(`  blocked: ${messageOf(error)}`);
        return false;
      }
    };

    for (let i = 0; i < 8; i++) {
      attempt("alice");
      clock.advance(1_000); // one call a second
    }
    let otherUserAllowed = 0;
    for (let i = 0; i < 3; i++) if (attempt("bob")) otherUserAllowed++;
    clock.advance(60_000);
    const allowedAfterWindow = attempt("alice");

    const report: RateLimitReport = { allowed, rejected: limiter.rejected, backendCalls, firstRetryAfterMs, otherUserAllowed, allowedAfterWindow };
    log(`allowed ${report.allowed}, rejected ${report.rejected}, backend ran ${report.backendCalls} times; bob unaffected (${otherUserAllowed}/3); alice allowed again after the window: ${allowedAfterWindow}`);
    await shutdown();
    return report;
  });
}
