import type http from "node:http";
import { Readable } from "node:stream";
import * as cron from "@/app/api/cron/route";
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
import { refuseOverloadedIngestion } from "@/lib/http/refuse-overloaded";

// The Klaviyo-compatible API served straight from node:http, in front of Next's router.
// Why: on this 2-core box Next 16's request pipeline tops out near 1,300 requests/s for an EMPTY
// route handler (autocannon, c=64), while the ingestion target is 5,000 events/s; the same route
// handlers behind this dispatcher reach ~10,700 requests/s without the database
// (docs/decisions.md). The handlers are the very `app/api/**/route.ts` modules Next also serves
// (`next dev`, or a deployment without server/main.ts), so there is one implementation.

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
  [/^\/api\/cron$/, cron],
];

/**
 * Serves the request if it is one of the API's routes and returns true; returns false (having
 * touched nothing) for every other path, which the caller hands to Next.
 */
export async function dispatchApiRequest(
  incoming: http.IncomingMessage,
  outgoing: http.ServerResponse,
  origin: string,
): Promise<boolean> {
  if (!incoming.url?.startsWith("/api/")) return false;
  // Before any Request is built or the body read: refusing must stay cheap in a burst.
  if (refuseOverloadedIngestion(incoming, outgoing)) return true;
  const url = new URL(incoming.url, origin);
  const path = url.pathname.replace(/\/+$/, "");
  let match: RegExpExecArray | null = null;
  const route = ROUTES.find(([pattern]) => {
    match = pattern.exec(path);
    return match !== null;
  });
  if (!route || !match) return false;
  const handler = route[1][incoming.method as keyof TModule];
  if (!handler) {
    const allowed = Object.keys(route[1]).filter((name) => /^[A-Z]+$/.test(name));
    outgoing.writeHead(405, { allow: allowed.join(", "), "content-type": "application/vnd.api+json" });
    outgoing.end(
      JSON.stringify({
        errors: [
          {
            status: "405",
            code: "method_not_allowed",
            title: "Method not allowed",
            detail: `Use ${allowed.join(" or ")}`,
          },
        ],
      }),
    );
    return true;
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
  const groups = (match as RegExpExecArray).groups ?? {};
  const params = Object.fromEntries(
    Object.entries(groups).map(([key, value]) => [key, decodeURIComponent(value)]),
  );
  const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  const body = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(body);
  return true;
}
