/** Thrown for misuse of the runtime API: a wrong target, a control call in the wrong state, a bad option. */
export class ObservedError extends Error {
  override name = "ObservedError";
}

/** Thrown by `observe()` when an observer's `validate()` fails; `observer` names it. */
export class ObserverValidationError extends ObservedError {
  override name = "ObserverValidationError";
  constructor(
    readonly observer: string,
    reason: string,
  ) {
    super(`ts-observed: observer "${observer}" is not valid: ${reason}`);
  }
}
