import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, vi, beforeEach, describe, expect, it } from "vitest";
import { configureRuntime, ExecutionState, observe, REDACTED, shutdown, type ObserverFailure } from "../../runtime/index.js";
import { WebhookObserver, type WebhookPayload } from "../../runtime/observers/webhook.js";
import * as hand from "../hand/emitted.js";
import { connect, Gateway } from "./emitted.js";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: WebhookPayload;
}

/** A real HTTP server on 127.0.0.1 whose answer to each request is decided by `respond`. */
async function startServer(respond: (res: ServerResponse, index: number) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(data) as WebhookPayload });
      respond(res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`;
  servers.push(server);
  return { url, received, server };
}

/** A port nobody listens on: a server started and closed again. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/alerts`;
}

const fast = { backoff: 5, maxBackoff: 20, timeout: 1000 };
let servers: Server[] = [];
let failures: ObserverFailure[] = [];
beforeEach(() => {
  failures = [];
  configureRuntime({ onObserverError: (failure) => failures.push(failure) });
});
afterEach(async () => {
  await shutdown();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  servers = [];
  expect(failures).toEqual([]);
});

describe("WebhookObserver", () => {
  it("declares POST_FAILURE only, no timing", () => {
    const hook = new WebhookObserver({ url: "http://127.0.0.1:1/" });
    expect(hook.states).toEqual([ExecutionState.POST_FAILURE]);
    expect(hook.timing).toBe(false);
  });

  it("POSTs the seed's payload with the bearer token, after the failing call has returned", async () => {
    const { url, received } = await startServer((res) => res.writeHead(204).end());
    const hook = new WebhookObserver({ url, token: "s3cret", headers: { "x-source": "tests" }, ...fast });
    observe("*", hook);
    hand.add(1, 2);
    const before = Date.now();
    expect(() => connect("", "sk-live", { retries: 2, password: "pw" })).toThrow("host is empty");
    expect(hook.stats.pending).toBe(1);
    expect(received).toHaveLength(0);
    await hook.idle();
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe("POST");
    expect(request!.url).toBe("/alerts");
    expect(request!.headers.authorization).toBe("Bearer s3cret");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["x-source"]).toBe("tests");
    expect(request!.body).toMatchObject({
      alertType: "function_failure",
      functionName: "connect",
      errorName: "TypeError",
      errorMessage: "host is empty",
      arguments: { host: "", apiKey: REDACTED, options: { retries: 2, password: REDACTED } },
    });
    expect(request!.body.timestamp).toBeGreaterThanOrEqual(before - 1);
    expect(hook.stats).toEqual({ sent: 1, failed: 0, dropped: 0, retried: 0, pending: 0 });
  });

  it("takes a URL object and the platform's fetch (the option's own structural types accept both)", async () => {
    const { url, received } = await startServer((res) => res.writeHead(204).end());
    const requests: { url: string; method: string; aborted: boolean }[] = [];
    const platformFetch: typeof fetch = globalThis.fetch;
    const hook = new WebhookObserver({
      url: new URL(url),
      fetch: (target, init) => {
        requests.push({ url: target, method: init.method, aborted: init.signal.aborted });
        return platformFetch(target, init);
      },
      ...fast,
    });
    const direct = new WebhookObserver({ url: new URL(url), fetch: platformFetch, ...fast });
    observe("*", hook, direct);
    expect(() => connect("", "sk-live", { retries: 1 })).toThrow("host is empty");
    await hook.idle();
    await direct.idle();
    expect(requests).toEqual([{ url, method: "POST", aborted: false }]);
    expect(received).toHaveLength(2);
  });

  it("alerts on async rejections too, with a custom body format", async () => {
    const { url, received } = await startServer((res) => res.writeHead(200).end("ok"));
    const hook = new WebhookObserver({ url, format: (p) => ({ text: `${p.functionName} failed: ${p.errorMessage}` }), ...fast });
    observe("Gateway.charge", hook);
    await expect(new Gateway().charge(-5)).rejects.toThrow("bad amount -5");
    await hook.idle();
    expect(received.map((r) => r.body)).toEqual([{ text: "Gateway.charge failed: bad amount -5" }]);
  });

  it("retries a 500 with backoff, then delivers", async () => {
    const { url, received } = await startServer((res, index) => res.writeHead(index < 2 ? 500 : 200).end());
    const hook = new WebhookObserver({ url, retries: 3, ...fast });
    observe("divide", hook);
    expect(() => hand.divide(1, 0)).toThrow();
    await hook.idle();
    expect(received).toHaveLength(3);
    expect(hook.stats).toMatchObject({ sent: 1, failed: 0, retried: 2 });
  });

  it("honours Retry-After on a 429, capped by maxBackoff", async () => {
    const { url, received } = await startServer((res, index) => (index === 0 ? res.writeHead(429, { "retry-after": "0.15" }).end() : res.writeHead(200).end()));
    const hook = new WebhookObserver({ url, ...fast, maxBackoff: 1000 });
    observe("divide", hook);
    const started = Date.now();
    expect(() => hand.divide(1, 0)).toThrow();
    await hook.idle();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(received).toHaveLength(2);
    expect(hook.stats).toMatchObject({ sent: 1, retried: 1 });
  });

  it("does not retry a 400, and reports the alert given up on", async () => {
    const { url, received } = await startServer((res) => res.writeHead(400).end());
    const given: [unknown, WebhookPayload][] = [];
    const hook = new WebhookObserver({ url, onError: (error, payload) => given.push([error, payload]), ...fast });
    observe("divide", hook);
    expect(() => hand.divide(1, 0)).toThrow();
    await hook.idle();
    expect(received).toHaveLength(1);
    expect(hook.stats).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    expect(String(given[0]![0])).toContain("HTTP 400");
    expect(given[0]![1].functionName).toBe("divide");
  });

  it("survives a server that is down: retries, then gives up without touching the caller", async () => {
    const given: unknown[] = [];
    const hook = new WebhookObserver({ url: await deadUrl(), retries: 2, onError: (error) => given.push(error), ...fast });
    observe("divide", hook);
    expect(() => hand.divide(1, 0)).toThrow("division by zero");
    expect(hand.divide(6, 2)).toBe(3);
    await hook.idle();
    expect(hook.stats).toMatchObject({ sent: 0, failed: 1, retried: 2, pending: 0 });
    expect(given).toHaveLength(1);
  });

  it("times out a slow server per request", async () => {
    const { url, received } = await startServer((res) => setTimeout(() => res.writeHead(200).end(), 2000).unref());
    const hook = new WebhookObserver({ url, ...fast, timeout: 40, retries: 1, onError: () => {} });
    observe("divide", hook);
    const started = Date.now();
    expect(() => hand.divide(1, 0)).toThrow();
    await hook.idle();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(received).toHaveLength(2);
    expect(hook.stats).toMatchObject({ sent: 0, failed: 1, retried: 1 });
  });

  it("bounds the queue: the oldest alerts are dropped and counted", async () => {
    const { url, received } = await startServer((res) => res.writeHead(204).end());
    const hook = new WebhookObserver({ url, maxQueue: 2, ...fast });
    observe(connect, hook);
    for (let i = 0; i < 6; i++) expect(() => connect("", "k", { retries: i })).toThrow();
    await hook.idle();
    expect(hook.stats).toMatchObject({ sent: 2, dropped: 4 });
    expect(received.map((r) => (r.body.arguments.options as { retries: number }).retries)).toEqual([4, 5]);
  });

  it("shutdown() drains the queue", async () => {
    const { url, received } = await startServer((res) => setTimeout(() => res.writeHead(204).end(), 10));
    const hook = new WebhookObserver({ url, ...fast });
    observe("divide", hook);
    for (let i = 0; i < 3; i++) expect(() => hand.divide(i, 0)).toThrow();
    await shutdown();
    expect(received).toHaveLength(3);
    expect(hook.stats).toMatchObject({ sent: 3, pending: 0 });
  });

  it("shutdown() gives up at the close deadline on a server that never answers", async () => {
    const { url, received } = await startServer(() => {
      /* never answers */
    });
    const hook = new WebhookObserver({ url, ...fast, timeout: 10_000, closeTimeout: 50 });
    observe("divide", hook);
    expect(() => hand.divide(1, 0)).toThrow();
    expect(() => hand.divide(2, 0)).toThrow();
    // The first alert is in flight (the server holds it) before shutdown starts: a busy machine may
    // take longer than the close deadline just to connect.
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 5000 });
    const started = Date.now();
    await shutdown();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(received).toHaveLength(1);
    expect(hook.stats).toMatchObject({ sent: 0, failed: 0, dropped: 2, pending: 0 });
  });
});
