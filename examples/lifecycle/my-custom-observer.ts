import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/**
 * The wiki's MyCustomObserver, with every lifecycle hook: `configure` and `validate` run once when it is
 * first subscribed (a failed validation refuses the subscription), `update` per state it asked for,
 * `reset` on demand, `close` when its last subscription ends or at `shutdown()`.
 */
export class MyCustomObserver extends BaseObserver {
  /** The hooks as they ran, for the example's report. */
  readonly lifecycle: string[] = [];
  readonly processed: string[] = [];
  #ready = false;

  constructor(readonly customParam = "default") {
    super({ priority: 50, name: "MyCustomObserver", states: [ExecutionState.COMPLETED] });
  }

  configure(): void {
    this.lifecycle.push("configure");
    // Set up here what a constructor should not do eagerly: open a file, start a timer, …
    this.#ready = true;
  }

  validate(): string | undefined {
    this.lifecycle.push("validate");
    return this.customParam.trim() === "" ? "customParam must not be empty" : undefined;
  }

  update(context: ExecutionContext): void {
    this.lifecycle.push(`update ${context.state} ${context.functionSignature.name}`);
    if (this.#ready) this.#processExecution(context);
  }

  reset(): void {
    this.lifecycle.push("reset");
    this.processed.length = 0;
  }

  close(): void {
    this.lifecycle.push("close");
    this.#ready = false;
  }

  #processExecution(context: ExecutionContext): void {
    this.processed.push(`${this.customParam}: ${context.functionSignature.name} ${context.isSuccessful ? "succeeded" : "failed"}`);
  }
}
