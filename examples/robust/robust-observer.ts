import { BaseObserver, type ExecutionContext, type ObserverOptions } from "ts-observed";

/** An error an observer caught and handled itself. */
export interface HandledError {
  observer: string;
  function: string;
  state: string;
  message: string;
}

/**
 * The seed's RobustObserver: the observer catches its own errors, logs them and recovers, so its
 * failures never count against it. The runtime would isolate a throw anyway (see `FragileObserver`);
 * handling it here lets the observer decide what a failure means for *its* data.
 */
export abstract class RobustObserver extends BaseObserver {
  readonly handledErrors: HandledError[] = [];
  readonly #logError: (message: string) => void;

  constructor(options: ObserverOptions & { logError?: (message: string) => void } = {}) {
    super(options);
    this.#logError = options.logError ?? ((message) => console.error(message));
  }

  update(context: ExecutionContext): void {
    try {
      this.safeProcessing(context);
    } catch (error) {
      this.#logError(`Observer ${this.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.handleError(error, context);
    }
  }

  /** The observer's logic; may throw. */
  protected abstract safeProcessing(context: ExecutionContext): void;

  /** Recovery after `safeProcessing` threw; by default, remember it. */
  protected handleError(error: unknown, context: ExecutionContext): void {
    this.handledErrors.push({
      observer: this.name,
      function: context.functionSignature.qualifiedName,
      state: context.state,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
