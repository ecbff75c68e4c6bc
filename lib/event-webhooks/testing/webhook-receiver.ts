import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";

// Test support (used by *.test.ts only): a receiver on 127.0.0.1 that answers from a script
// (status, headers, delay) and checks every request's signature with BOTH official verifiers,
// standardwebhooks and svix, against each secret it holds — as a real receiver would.

export type TScriptedAnswer = { status: number; headers?: Record<string, string>; delayMs?: number };

export type TReceivedRequest = {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
  webhookId: string;
  receivedAt: number;
  /** Per secret held when the request arrived: did standardwebhooks / svix accept it? */
  verified: { secret: string; standardwebhooks: boolean; svix: boolean }[];
};

export type TWebhookReceiver = {
  url: string;
  requests: TReceivedRequest[];
  /** Answers for the next requests, in order; after them, `fallback` (200 by default). */
  script: TScriptedAnswer[];
  fallback: TScriptedAnswer;
  secrets: string[];
  /** Requests being answered right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  waitForRequests: (count: number, timeoutMs?: number) => Promise<TReceivedRequest[]>;
  close: () => Promise<void>;
};

function verifyWith(secret: string, body: string, headers: http.IncomingHttpHeaders) {
  const id = String(headers["webhook-id"] ?? "");
  const timestamp = String(headers["webhook-timestamp"] ?? "");
  const signature = String(headers["webhook-signature"] ?? "");
  const attempt = (verify: () => unknown) => {
    try {
      verify();
      return true;
    } catch {
      return false;
    }
  };
  return {
    secret,
    standardwebhooks: attempt(() =>
      new StandardWebhook(secret).verify(body, {
        "webhook-id": id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature,
      }),
    ),
    // svix reads the same values under its own header names.
    svix: attempt(() =>
      new SvixWebhook(secret).verify(body, {
        "svix-id": id,
        "svix-timestamp": timestamp,
        "svix-signature": signature,
      }),
    ),
  };
}

export async function startWebhookReceiver(options: { secrets?: string[] } = {}): Promise<TWebhookReceiver> {
  const receiver: Omit<TWebhookReceiver, "url" | "close" | "waitForRequests"> = {
    requests: [],
    script: [],
    fallback: { status: 200 },
    secrets: options.secrets ?? [],
    inFlight: 0,
    maxInFlight: 0,
  };
  const server = http.createServer((request, response) => {
    receiver.inFlight++;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, receiver.inFlight);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      receiver.requests.push({
        headers: request.headers,
        body,
        json,
        webhookId: String(request.headers["webhook-id"] ?? ""),
        receivedAt: Date.now(),
        verified: receiver.secrets.map((secret) => verifyWith(secret, body, request.headers)),
      });
      const answer = receiver.script.shift() ?? receiver.fallback;
      const reply = () => {
        receiver.inFlight--;
        response
          .writeHead(answer.status, { "content-type": "application/json", ...answer.headers })
          .end(JSON.stringify({ ok: answer.status < 300 }));
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    waitForRequests: async (count: number, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (receiver.requests.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Receiver got ${receiver.requests.length} of ${count} requests in ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return receiver.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
