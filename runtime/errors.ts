/** Thrown for misuse of the runtime API: a wrong target, a control call in the wrong state, a bad option. */
export class ObservedError extends Error {
  /** `"ObservedError"`, or the subclass's own name: tells these errors apart in logs and by `error.name`. */
  override name = "ObservedError";
}

/** Thrown by `observe()` when an observer's `validate()` fails; `observer` names it. */
export class ObserverValidationError extends ObservedError {
  /** Always `"ObserverValidationError"`. */
  override name = "ObserverValidationError";
  /**
   * Creates the error `observe()` throws; its message names the observer and gives the reason.
   *
   * @param observer Name of the refused observer.
   * @param reason What its `validate()` returned, or the message of what `configure()` / `validate()` threw.
   */
  constructor(
    /** Name of the observer whose `configure()` or `validate()` refused the subscription. */
    readonly observer: string,
    reason: string,
  ) {
    super(`ts-observed: observer "${observer}" is not valid: ${reason}`);
  }
}
