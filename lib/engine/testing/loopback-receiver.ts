import http from "node:http";
import type { AddressInfo } from "node:net";

// Test support (reliability tests, benchmarks): a webhook receiver on 127.0.0.1 that records every
// POST with its idempotency key, so a test can count deliveries per key after killing workers or
// the database. It never leaves the loopback interface.

export type TReceivedRequest = {
  /** `webhook-id` (Standard Webhooks) or else `idempotency-key`; null when the sender sent neither. */
  key: string | null;
  body: string;
  /** The status this receiver answered: 200, or 500 when told to fail it. */
  status: number;
  /** When the request was fully read (ms since the epoch). */
  receivedAt: number;
};

export type TReceiverBehaviour = {
  /** Share of requests answered 500, 0-1. Deterministic: exactly every 1/share-th request fails. */
  failShare: number;
  /** Delay before answering, in ms (a slow receiver). */
  delayMs: number;
};

export type TLoopbackReceiver = {
  url: string;
  /** Every POST received, in arrival order (the array grows as requests arrive). */
  requests: readonly TReceivedRequest[];
  /** Successful (2xx) deliveries per idempotency key. */
  deliveredByKey: () => Map<string, number>;
  setBehaviour: (behaviour: Partial<TReceiverBehaviour>) => void;
  /** Called synchronously on each recorded request (e.g. to kill a worker at an exact count). */
  onRequest: (listener: (request: TReceivedRequest, count: number) => void) => void;
  close: () => Promise<void>;
};

export async function startLoopbackReceiver(
  behaviour: Partial<TReceiverBehaviour> = {},
): Promise<TLoopbackReceiver> {
  const current: TReceiverBehaviour = { failShare: 0, delayMs: 0, ...behaviour };
  const requests: TReceivedRequest[] = [];
  const listeners: ((request: TReceivedRequest, count: number) => void)[] = [];

  // The n-th request fails when floor(n × share) steps up: an exact share, spread evenly, the same
  // on every run (a random share would make counts flaky).
  const shouldFail = (index: number) =>
    Math.floor((index + 1) * current.failShare) > Math.floor(index * current.failShare);

  const server = http.createServer((request, response) => {
    if (request.method !== "POST") {
      response.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const status = shouldFail(requests.length) ? 500 : 200;
      const header = request.headers["webhook-id"] ?? request.headers["idempotency-key"];
      const received: TReceivedRequest = {
        key: typeof header === "string" ? header : null,
        body: Buffer.concat(chunks).toString("utf8"),
        status,
        receivedAt: Date.now(),
      };
      requests.push(received);
      for (const listener of listeners) listener(received, requests.length);
      const answer = () => response.writeHead(status, { "content-type": "text/plain" }).end(String(status));
      if (current.delayMs > 0) setTimeout(answer, current.delayMs);
      else answer();
    });
  });
  // Keep-alive sockets of killed workers must not hold close() open.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    deliveredByKey() {
      const counts = new Map<string, number>();
      for (const request of requests) {
        if (request.status >= 300 || request.key === null) continue;
        counts.set(request.key, (counts.get(request.key) ?? 0) + 1);
      }
      return counts;
    },
    setBehaviour(next) {
      Object.assign(current, next);
    },
    onRequest(listener) {
      listeners.push(listener);
    },
    close() {
      return new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
