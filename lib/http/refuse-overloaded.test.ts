import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { serveApi } from "@/app/api/_testing/serve-api";
import { createApiFixture, eventDocument } from "@/lib/api/testing/api-fixtures";
import { refuseOverloadedIngestion } from "@/lib/http/refuse-overloaded";
import {
  bulkEventAdmission,
  type IngestAdmission,
  singleEventAdmission,
} from "@/lib/ingestion/ingest-admission";
import { createTestDatabase } from "@/test/database";

// The node:http refusal fast path, over a raw keep-alive socket to a real server on 127.0.0.1:
// what matters is the bytes on the wire and that the connection stays in step afterwards.

const db = await createTestDatabase();
const fixture = await createApiFixture();
const server = await serveApi();
afterAll(() => server.close());
const port = Number(new URL(server.baseUrl).port);

type TAnswer = { status: number; headers: Record<string, string>; body: string };

/** A keep-alive connection that reads one HTTP/1.1 response (with content-length) at a time. */
async function connect() {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  let buffered = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    wake?.();
  });
  socket.on("close", () => wake?.());
  const more = () => new Promise<void>((resolve) => (wake = resolve));
  async function read(): Promise<TAnswer> {
    for (;;) {
      const end = buffered.indexOf("\r\n\r\n");
      if (end !== -1) {
        const [statusLine = "", ...lines] = buffered.subarray(0, end).toString().split("\r\n");
        const headers = Object.fromEntries(
          lines.map((line) => [
            line.slice(0, line.indexOf(":")).toLowerCase(),
            line.slice(line.indexOf(":") + 1).trim(),
          ]),
        );
        const length = Number(headers["content-length"] ?? 0);
        if (buffered.length >= end + 4 + length) {
          const body = buffered.subarray(end + 4, end + 4 + length).toString();
          buffered = buffered.subarray(end + 4 + length);
          return { status: Number(statusLine.split(" ")[1]), headers, body };
        }
      }
      if (socket.destroyed) throw new Error("connection closed before a full response");
      await more();
    }
  }
  return { socket, read };
}

function head(path: string, length: number): string {
  return [
    `POST ${path} HTTP/1.1`,
    "host: 127.0.0.1",
    "revision: 2026-07-15",
    `authorization: Klaviyo-API-Key ${fixture.ingestKey}`,
    "content-type: application/vnd.api+json",
    `content-length: ${length}`,
    "",
    "",
  ].join("\r\n");
}

function eventBody(uniqueId: string): string {
  return JSON.stringify(
    eventDocument({ metric: "Placed Order", profile: { email: "fast@example.com" }, uniqueId }),
  );
}

function fill(gate: IngestAdmission): () => void {
  let taken = 0;
  while (gate.tryEnter()) taken++;
  return () => {
    for (; taken > 0; taken--) gate.leave();
  };
}

function expectRefusal(answer: TAnswer) {
  expect(answer.status).toBe(503);
  expect(answer.headers["retry-after"]).toBe("1");
  expect(answer.headers["content-type"]).toBe("application/vnd.api+json");
  const [error] = JSON.parse(answer.body).errors;
  expect(error).toMatchObject({ status: "503", code: "service_unavailable" });
  expect(error.detail).toContain("nothing was stored");
  expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
}

const stored = (uniqueId: string) =>
  db.prisma.event.count({ where: { workspaceId: fixture.workspaceId, uniqueId } });

describe("overload refusal at the node:http layer", () => {
  it("refuses before the body arrives, then drains it and serves the next request on the same connection", async () => {
    const gate = singleEventAdmission();
    const free = fill(gate);
    const refusedBefore = gate.refused;
    const { socket, read } = await connect();
    const refusedBody = eventBody("fast-refused");
    // Only the head is sent: the 503 must come without waiting for (or reading) the body.
    socket.write(head("/api/events/?x=1", Buffer.byteLength(refusedBody)));
    const refusal = await read();
    free();
    expectRefusal(refusal);
    expect(gate.refused).toBe(refusedBefore + 1);
    // The late body is discarded by node:http; the next request on the connection is parsed
    // from its own first byte and admitted.
    socket.write(refusedBody);
    const admittedBody = eventBody("fast-admitted");
    socket.write(head("/api/events", Buffer.byteLength(admittedBody)) + admittedBody);
    expect((await read()).status).toBe(202);
    socket.end();
    expect(await stored("fast-refused")).toBe(0);
    expect(await stored("fast-admitted")).toBe(1);
    expect(gate.inFlight).toBe(0);
  });

  it("keeps pipelined requests in step when a refused request's body was already sent", async () => {
    const bulk = bulkEventAdmission();
    const free = fill(bulk);
    const { socket, read } = await connect();
    const bulkBody = JSON.stringify({ data: { type: "event-bulk-create-job", attributes: {} } });
    const single = eventBody("fast-pipelined");
    socket.write(
      head("/api/event-bulk-create-jobs", Buffer.byteLength(bulkBody)) +
        bulkBody +
        head("/api/events", Buffer.byteLength(single)) +
        single,
    );
    expectRefusal(await read());
    expect((await read()).status).toBe(202);
    free();
    socket.end();
    expect(await stored("fast-pipelined")).toBe(1);
  });

  it("refuses on its own, with no route handler behind it, and passes on what it admits", async () => {
    // 418 marks "passed on": the fast path alone decides the 503 here.
    const bare = http.createServer((incoming, outgoing) => {
      if (!refuseOverloadedIngestion(incoming, outgoing)) outgoing.writeHead(418).end();
    });
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const post = (path: string) => fetch(`${base}${path}`, { method: "POST", body: "{}" });
    const free = fill(singleEventAdmission());
    try {
      const refused = await post("/api/events");
      expectRefusal({
        status: refused.status,
        headers: Object.fromEntries(refused.headers),
        body: await refused.text(),
      });
      expect((await fetch(`${base}/api/events`)).status).toBe(418);
      expect((await post("/api/events/abc")).status).toBe(418);
      expect((await post("/api/event-bulk-create-jobs")).status).toBe(418);
      free();
      expect((await post("/api/events")).status).toBe(418);
    } finally {
      free();
      bare.closeAllConnections();
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it("leaves other methods and paths to the routes while the gate is full", async () => {
    const free = fill(singleEventAdmission());
    try {
      // GET /api/events is not ingestion: the route answers (401 without a key), not the gate.
      const list = await fetch(`${server.baseUrl}/api/events`, { headers: { revision: "2026-07-15" } });
      expect(list.status).toBe(401);
      await list.arrayBuffer();
    } finally {
      free();
    }
  });

  it("answers Expect: 100-continue with the 503 when the gate is full, and with 100 Continue when not", async () => {
    // A real node:http client: it sends the head, waits for `100 Continue` before the body.
    const postExpectingContinue = (uniqueId: string) =>
      new Promise<{ continued: boolean; status: number; headers: http.IncomingHttpHeaders; body: string }>(
        (resolve, reject) => {
          const body = eventBody(uniqueId);
          let continued = false;
          const request = http.request(`${server.baseUrl}/api/events`, {
            method: "POST",
            agent: false,
            headers: {
              expect: "100-continue",
              revision: "2026-07-15",
              authorization: `Klaviyo-API-Key ${fixture.ingestKey}`,
              "content-type": "application/vnd.api+json",
              "content-length": Buffer.byteLength(body),
            },
          });
          request.on("continue", () => {
            continued = true;
            request.end(body);
          });
          request.on("response", (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("end", () => {
              // Refused: the body was never asked for, so it is never sent.
              if (!continued) request.destroy();
              resolve({
                continued,
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: Buffer.concat(chunks).toString(),
              });
            });
          });
          request.on("error", reject);
          request.flushHeaders();
        },
      );
    const gate = singleEventAdmission();
    const free = fill(gate);
    const refusedBefore = gate.refused;
    let refusal: Awaited<ReturnType<typeof postExpectingContinue>>;
    try {
      refusal = await postExpectingContinue("continue-refused");
    } finally {
      free();
    }
    expect(refusal.continued).toBe(false);
    expectRefusal({
      status: refusal.status,
      headers: refusal.headers as Record<string, string>,
      body: refusal.body,
    });
    // node:http closes it: the unrequested body could still arrive on that connection.
    expect(refusal.headers.connection).toBe("close");
    expect(gate.refused).toBe(refusedBefore + 1);

    const admitted = await postExpectingContinue("continue-admitted");
    expect(admitted.continued).toBe(true);
    expect(admitted.status).toBe(202);
    expect(await stored("continue-refused")).toBe(0);
    expect(await stored("continue-admitted")).toBe(1);
    expect(gate.inFlight).toBe(0);
  });
});
