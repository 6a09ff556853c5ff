/**
 * Webhook: a failing payment posts an alert to a webhook. The example starts a real HTTP server on
 * 127.0.0.1 (standing in for Slack, PagerDuty, …), attaches the built-in `WebhookObserver` from
 * `ts-observed/webhook` and the seed's small port, and stops the server at the end.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { observe, shutdown } from "ts-observed";
import { WebhookObserver } from "ts-observed/webhook";
import { logger, messageOf, type RunOptions } from "../support.js";
import { SimpleWebhookObserver } from "./simple-webhook-observer.js";

export const title = "Webhook: POST on failure to a local node:http server, bearer token";

export class PaymentDeclinedError extends Error {
  override name = "PaymentDeclinedError";
}

/**
 * @observed payments
 * @redact cardToken
 */
export async function chargeCard(orderId: string, amountCents: number, cardToken: string): Promise<string> {
  if (amountCents > 50_000) throw new PaymentDeclinedError(`amount ${amountCents} over the card limit`);
  return `ch_${orderId}`;
}

/** One request the local server received. */
export interface ReceivedRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface WebhookReport {
  received: ReceivedRequest[];
  builtIn: { sent: number; failed: number; dropped: number };
  customErrors: string[];
  /** The callers' outcomes, unaffected by the webhook. */
  charges: string[];
}

/** A local stand-in for the alerting service: records each POST and answers 204. */
async function startServer(received: ReceivedRequest[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      received.push({ path: request.url ?? "", authorization: request.headers.authorization, body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  return text;
}

export async function run(options: RunOptions = {}): Promise<WebhookReport> {
  const log = logger(options);
  const received: ReceivedRequest[] = [];
  const server = await startServer(received);
  try {
    const alerts = new WebhookObserver({ url: `${server.url}/alerts`, token: "whk_demo_token", timeout: 2_000 });
    const simple = new SimpleWebhookObserver(`${server.url}/custom`, "whk_demo_token", 2_000);
    observe("payments", alerts, simple);

    const charges: string[] = [];
    for (const [orderId, amount] of [["A-1", 1_999], ["A-2", 75_000], ["A-3", 4_500]] as const) {
      // The caller gets its result or its error at once: the POST runs in the background.
      charges.push(await chargeCard(orderId, amount, "tok_visa_4242").catch((error: unknown) => `declined: ${messageOf(error)}`));
    }
    // close() of both observers waits for their requests: nothing is lost when the process ends.
    await shutdown();

    const report: WebhookReport = { received, builtIn: { sent: alerts.stats.sent, failed: alerts.stats.failed, dropped: alerts.stats.dropped }, customErrors: simple.errors, charges };
    log(`charges: ${charges.join(" | ")}`);
    for (const request of received) {
      log(`  server got POST ${request.path} (${request.authorization}): ${request.body.functionName} — ${request.body.errorMessage}; arguments ${JSON.stringify(request.body.arguments)}`);
    }
    return report;
  } finally {
    await server.stop();
  }
}
