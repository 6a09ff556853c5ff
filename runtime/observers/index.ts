/**
 * `ts-observed/observers`: the built-in observers, one module each (tree-shakable), all platform-neutral.
 * `writeHtmlReport` (Node-only, it writes a file) lives in `html-report-file.ts`.
 */
export { onCall, onSuccess, onFailure, onCompletion } from "./callbacks.js";
export { LoggingObserver } from "./logging.js";
export { MetricsObserver } from "./metrics.js";
export { TimingObserver } from "./timing.js";
export { CacheObserver } from "./cache.js";
export { RateLimitObserver, RateLimitError } from "./rate-limit.js";
export { FallbackObserver } from "./fallback.js";
export { PerformanceProfileObserver } from "./profile.js";
export { renderHtmlReport, renderHistogramSvg } from "./html-report.js";
export { BatchObserver } from "./batch.js";
export { summarize, histogram, mean, stdDev, quantileSorted } from "./stats.js";
export { stableKey } from "./stable-key.js";

export type { CallbackOptions } from "./callbacks.js";
export type { ConsoleLike, LoggerLike, LogEvent, LogLevel, LogLevels, LogRecord, LoggingObserverOptions } from "./logging.js";
export type { CallMetrics, MetricsObserverOptions, MetricsSnapshot } from "./metrics.js";
export type { SlowCall, TimingObserverOptions } from "./timing.js";
export type { CacheObserverOptions, CacheStats } from "./cache.js";
export type { RateLimitObserverOptions } from "./rate-limit.js";
export type { ErrorClass, FallbackMatcher, FallbackObserverOptions } from "./fallback.js";
export type { FunctionProfile, PerformanceAlert, PerformanceAlertType, PerformanceProfileObserverOptions, PerformanceReport } from "./profile.js";
export type { HtmlReportOptions } from "./html-report.js";
export type { BatchDropReason, BatchObserverOptions, BatchStats } from "./batch.js";
export type { HistogramBin, Summary } from "./stats.js";
export type { SensitiveNames } from "./integration-support.js";
