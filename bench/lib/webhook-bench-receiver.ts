import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// The loopback receiver of bench/webhooks.ts: answers 204 at once, records when each request
// (by webhook-id) and each event (by data[].id) first arrived, counts repeats, and verifies a
// sample of signatures with `standardwebhooks` — every request would cost the shared 2 cores
// ~40 µs of HMAC each, and a wrong signature shows up in any sample.

/** One request in VERIFY_EVERY has its signature checked (and the first of every phase). */
const VERIFY_EVERY = 50;

export type TReceiverPhase = {
  requests: number;
  /** First arrival (ms since epoch) by webhook-id and by event id. */
  requestArrivals: Map<string, number>;
  eventArrivals: Map<string, number>;
  /** Requests whose webhook-id had already arrived (retries), events already delivered. */
  repeatedRequests: number;
  repeatedEvents: number;
  verified: number;
  verifyFailures: number;
  lastArrival: number;
};

export type TBenchReceiver = {
  url: string;
  /** Starts a new phase: counts from zero, signatures checked against `secret`. */
  reset: (secret: string) => TReceiverPhase;
  close: () => Promise<void>;
};

function newPhase(): TReceiverPhase {
  return {
    requests: 0,
    requestArrivals: new Map(),
    eventArrivals: new Map(),
    repeatedRequests: 0,
    repeatedEvents: 0,
    verified: 0,
    verifyFailures: 0,
    lastArrival: 0,
  };
}

export async function startBenchReceiver(): Promise<TBenchReceiver> {
  let phase = newPhase();
  let verifier: Webhook | undefined;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const now = Date.now();
      const body = Buffer.concat(chunks).toString("utf8");
      const webhookId = String(request.headers["webhook-id"] ?? "");
      const current = phase;
      current.requests++;
      current.lastArrival = now;
      if (current.requestArrivals.has(webhookId)) current.repeatedRequests++;
      else current.requestArrivals.set(webhookId, now);
      const batch = JSON.parse(body) as { data: { id: string }[] };
      for (const item of batch.data) {
        if (current.eventArrivals.has(item.id)) current.repeatedEvents++;
        else current.eventArrivals.set(item.id, now);
      }
      if (verifier && (current.requests === 1 || current.requests % VERIFY_EVERY === 0)) {
        try {
          verifier.verify(body, {
            "webhook-id": webhookId,
            "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
            "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
          });
          current.verified++;
        } catch {
          current.verifyFailures++;
        }
      }
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    reset: (secret) => {
      phase = newPhase();
      verifier = new Webhook(secret);
      return phase;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
