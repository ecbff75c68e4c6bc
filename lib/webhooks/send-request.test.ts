import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { sendWebhookRequest } from "@/lib/webhooks/send-request";

// A receiver that answers at once with a 200 for /ok and drips its body one byte every 50 ms for
// /drip (undici's idle timeouts never fire: only the whole-response deadline does).
const servers: Server[] = [];
async function startReceiver(): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    if (request.url === "/ok") return void response.end("fine");
    response.writeHead(200, { "content-type": "text/plain" });
    const drip = setInterval(() => response.write("."), 50);
    response.on("close", () => clearInterval(drip));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const dispatcher = new Agent();
afterAll(async () => {
  await dispatcher.close();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe("sendWebhookRequest", () => {
  it("answers a success, and a receiver dripping its body is cut at the deadline as a retryable failure", async () => {
    const base = await startReceiver();
    const ok = await sendWebhookRequest({ url: `${base}/ok`, headers: {}, body: "{}", dispatcher });
    expect(ok).toMatchObject({ status: 200, body: "fine", isSuccess: true, error: null });
    const started = Date.now();
    const dripping = await sendWebhookRequest({
      url: `${base}/drip`,
      headers: {},
      body: "{}",
      dispatcher,
      timeoutMs: 300,
    });
    expect(dripping).toMatchObject({
      status: null,
      isSuccess: false,
      isRetryable: true,
      error: "No complete response within 0.3 s",
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
