import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import * as bulkEvents from "@/app/api/event-bulk-create-jobs/route";
import * as event from "@/app/api/events/[id]/route";
import * as events from "@/app/api/events/route";
import * as listProfiles from "@/app/api/lists/[id]/profiles/route";
import * as listMemberIds from "@/app/api/lists/[id]/relationships/profiles/route";
import * as list from "@/app/api/lists/[id]/route";
import * as lists from "@/app/api/lists/route";
import * as metric from "@/app/api/metrics/[id]/route";
import * as metrics from "@/app/api/metrics/route";
import * as profileImport from "@/app/api/profile-import/route";
import * as profile from "@/app/api/profiles/[id]/route";
import * as profiles from "@/app/api/profiles/route";

// Test support (the `_` folder is private to Next's router): serves the Klaviyo-compatible route
// handlers over real HTTP on 127.0.0.1, so the official klaviyo-api client (axios) can talk to
// them. A minimal stand-in for Next's router: path → module, method → exported handler.

// `never`: each handler declares its own params type; the router supplies what its pattern captured.
type THandler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
type TModule = Partial<Record<"GET" | "POST" | "DELETE" | "PATCH", THandler>>;

const ROUTES: [RegExp, TModule][] = [
  [/^\/api\/events$/, events],
  [/^\/api\/events\/(?<id>[^/]+)$/, event],
  [/^\/api\/event-bulk-create-jobs$/, bulkEvents],
  [/^\/api\/profile-import$/, profileImport],
  [/^\/api\/profiles$/, profiles],
  [/^\/api\/profiles\/(?<id>[^/]+)$/, profile],
  [/^\/api\/lists$/, lists],
  [/^\/api\/lists\/(?<id>[^/]+)$/, list],
  [/^\/api\/lists\/(?<id>[^/]+)\/profiles$/, listProfiles],
  [/^\/api\/lists\/(?<id>[^/]+)\/relationships\/profiles$/, listMemberIds],
  [/^\/api\/metrics$/, metrics],
  [/^\/api\/metrics\/(?<id>[^/]+)$/, metric],
];

async function dispatch(incoming: http.IncomingMessage, outgoing: http.ServerResponse, origin: string) {
  const url = new URL(incoming.url ?? "/", origin);
  const path = url.pathname.replace(/\/+$/, "");
  const route = ROUTES.map(([pattern, module]) => ({ match: pattern.exec(path), module })).find(
    ({ match }) => match,
  );
  const handler = route?.module[incoming.method as keyof TModule];
  if (!route || !handler) {
    outgoing.writeHead(route ? 405 : 404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const request = new Request(url, {
    method: incoming.method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
  const params = Object.fromEntries(
    Object.entries(route.match!.groups ?? {}).map(([key, value]) => [key, decodeURIComponent(value)]),
  );
  const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

export async function serveApi(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  let origin = "";
  const server = http.createServer((incoming, outgoing) => {
    dispatch(incoming, outgoing, origin).catch((error: unknown) => {
      console.error("[serve-api] handler crashed:", error);
      outgoing.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: origin,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
