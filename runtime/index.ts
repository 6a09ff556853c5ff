/**
 * `ts-observed`: the public API. Tag functions with `/** @observed *\/`, build through the transformer,
 * then attach observers with `observe()`.
 */
export { observe, shutdown, Subscription } from "./observe.js";
export { BaseObserver, enableObserver, observer } from "./observer.js";
export { onCall, onSuccess, onFailure, onCompletion } from "./observers/callbacks.js";
export { ExecutionState, ALL_STATES } from "./states.js";
export { REDACTED } from "./context.js";
export { configureRuntime, setClock, getClock, systemClock } from "./settings.js";
export { ObservedError, ObserverValidationError } from "./errors.js";

export type { ObserveTarget, ShutdownOptions, ShutdownResult } from "./observe.js";
export type { CallbackOptions } from "./observers/callbacks.js";
export type { RuntimeSettings } from "./settings.js";
export type { ErrorReporter } from "./registry.js";
export type {
  AnyConstructor,
  AnyFunction,
  Clock,
  ConstructorContextOf,
  ContextOf,
  ExecutionContext,
  ExecutionFailure,
  ExecutionOutcome,
  ExecutionSuccess,
  FunctionKind,
  FunctionSignature,
  Observer,
  ObserverFailure,
  ObserverFunction,
  ObserverLike,
  ObserverOptions,
  SettledContext,
  ExecutionContextJSON,
  SucceededContext,
  FailedContext,
  SiteMeta,
  UpdateResult,
} from "./types.js";
