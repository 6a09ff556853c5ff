import { BaseObserver, ExecutionState, type ExecutionContext } from "ts-observed";

/**
 * The seed's WebhookObserver in a few lines: POST a JSON alert with a bearer token on each failure, with
 * a timeout. What it teaches: an observer must not make the observed call wait for the network, so it
 * starts the request and returns; it keeps the request's promise so that `close()` (awaited by
 * `shutdown()`) does not exit before the alert is out. The built-in `WebhookObserver` adds a bounded
 * queue, retries with backoff and a close deadline.
 */
export class SimpleWebhookObserver extends BaseObserver {
  readonly #pending = new Set<Promise<void>>();
  readonly errors: string[] = [];

  constructor(
    readonly webhookUrl: string,
    readonly apiKey: string | undefined,
    readonly timeoutMs = 5_000,
  ) {
    super({ priority: 40, name: "Webhook", states: [ExecutionState.POST_FAILURE], timing: false });
  }

  update(context: ExecutionContext): void {
    const request = this.#sendAlert(context).finally(() => this.#pending.delete(request));
    this.#pending.add(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.#pending);
  }

  async #sendAlert(context: ExecutionContext): Promise<void> {
    const exception = context.result?.ok === false ? context.result.exception : undefined;
    const payload = {
      alertType: "function_failure",
      functionName: context.functionSignature.qualifiedName,
      errorMessage: exception instanceof Error ? exception.message : String(exception),
      timestamp: context.timestamp,
      arguments: context.arguments,
    };
    try {
      const response = await fetch(this.webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", ...(this.apiKey === undefined ? {} : { authorization: `Bearer ${this.apiKey}` }) },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      // Logged, never thrown: a down webhook must not look like a failing observer call.
      this.errors.push(`Failed to send webhook: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
