import type { Role } from "@/lib/generated/prisma/enums";
import type { TWorkspaceIds } from "./two-workspaces";

// The isolation matrix's route handlers: one entry per exported method of every app/**/route.ts
// (the suite fails on a route without one). Session routes (the UI's own endpoints) are tried by
// A's owner with the workspace cookie set to B, and by every role below `minRole`; API routes by
// A's keys (a full key with B's ids, an ingest key where a full one is needed, no key). `status`
// lists the acceptable answers: 404/403 for B's objects, 200/202 where the request only names B's
// objects as filters or references and must come back without B's data.

export type TRouteRequest = {
  why: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  status: number[];
};

export type TRouteCase =
  | { auth: "session"; minRole: Role; cross: (t: TWorkspaceIds) => TRouteRequest[] }
  | {
      auth: "api-key";
      scope: "full" | "ingest";
      cross: (t: TWorkspaceIds, a: TWorkspaceIds) => TRouteRequest[];
    }
  | { auth: "none"; why: string; cross: (t: TWorkspaceIds) => TRouteRequest[] }
  | { exempt: string };

const NOT_FOUND = [404];
const json = (value: unknown) => JSON.stringify(value);
const event = (profile: Record<string, unknown>, profileId?: string) => ({
  type: "event",
  attributes: {
    properties: {},
    metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
    profile: { data: { type: "profile", ...(profileId ? { id: profileId } : {}), attributes: profile } },
  },
});
const linkage = (ids: string[]) => json({ data: ids.map((id) => ({ type: "profile", id })) });

export const ROUTE_CASES: Record<string, TRouteCase> = {
  "GET app/(app)/flows/[flowId]/export/route.ts": {
    auth: "session",
    minRole: "viewer",
    cross: (t) => [
      { why: "B's flow", params: { flowId: t.flowId }, status: NOT_FOUND },
      {
        why: "B's flow, version 1",
        params: { flowId: t.flowId },
        query: { version: "1" },
        status: NOT_FOUND,
      },
    ],
  },
  "GET app/api/app/activity/route.ts": {
    auth: "session",
    minRole: "viewer",
    cross: (t) => [
      { why: "A's feed", status: [200] },
      { why: "filtered on B's metric", query: { metric: t.metricId }, status: [200] },
    ],
  },
  "POST app/api/app/lists/[listId]/import/route.ts": {
    auth: "session",
    minRole: "editor",
    cross: (t) => [
      {
        why: "into B's list",
        params: { listId: t.listId },
        query: { mapping: json([{ column: "Email", target: "email" }]) },
        body: "Email\r\nnew@example.com\r\n",
        status: NOT_FOUND,
      },
    ],
  },
  "GET app/api/app/runs/[runId]/route.ts": {
    auth: "session",
    minRole: "viewer",
    cross: (t) => [{ why: "B's run", params: { runId: t.runId }, status: NOT_FOUND }],
  },
  "GET app/api/auth/[...nextauth]/route.ts": {
    exempt: "next-auth's own handlers (session, CSRF, credentials callback): no workspace data or ids",
  },
  "POST app/api/auth/[...nextauth]/route.ts": {
    exempt: "next-auth's own handlers (session, CSRF, credentials callback): no workspace data or ids",
  },
  "GET app/api/cron/route.ts": {
    auth: "none",
    why: "the cron secret, not a user: without it nothing runs",
    cross: () => [{ why: "no secret", status: [401] }],
  },
  "POST app/api/cron/route.ts": {
    auth: "none",
    why: "the cron secret, not a user: without it nothing runs",
    cross: () => [{ why: "no secret", status: [401] }],
  },
  "POST app/api/event-bulk-create-jobs/route.ts": {
    auth: "api-key",
    scope: "ingest",
    cross: (t) => [
      {
        why: "events for B's profile id",
        body: json({
          data: {
            type: "event-bulk-create-job",
            attributes: {
              "events-bulk-create": {
                data: [
                  {
                    type: "event-bulk-create",
                    attributes: {
                      profile: { data: { type: "profile", id: t.profileId, attributes: { email: t.email } } },
                      events: {
                        data: [
                          {
                            type: "event",
                            attributes: {
                              properties: {},
                              metric: { data: { type: "metric", attributes: { name: "Placed Order" } } },
                            },
                          },
                        ],
                      },
                    },
                  },
                ],
              },
            },
          },
        }),
        status: NOT_FOUND,
      },
    ],
  },
  "GET app/api/events/[id]/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's event", params: { id: t.eventId }, status: NOT_FOUND }],
  },
  "POST app/api/events/route.ts": {
    auth: "api-key",
    scope: "ingest",
    cross: (t) => [
      {
        why: "an event for B's profile id",
        body: json({ data: event({ email: t.email }, t.profileId) }),
        status: NOT_FOUND,
      },
    ],
  },
  "GET app/api/events/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t): TRouteRequest[] => [
      {
        why: "filtered on B's profile",
        query: { filter: `equals(profile_id,"${t.profileId}")` },
        status: [200],
      },
      {
        why: "filtered on B's metric",
        query: { filter: `equals(metric_id,"${t.metricId}")` },
        status: [200],
      },
      { why: "A's events with includes", query: { include: "profile,metric" }, status: [200] },
    ],
  },
  "GET app/api/health/route.ts": {
    auth: "none",
    why: "public liveness probe: answers a status only",
    cross: () => [{ why: "probe", status: [200] }],
  },
  "GET app/api/lists/[id]/profiles/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's list", params: { id: t.listId }, status: NOT_FOUND }],
  },
  "GET app/api/lists/[id]/relationships/profiles/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's list", params: { id: t.listId }, status: NOT_FOUND }],
  },
  "POST app/api/lists/[id]/relationships/profiles/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t, a) => [
      { why: "into B's list", params: { id: t.listId }, body: linkage([a.profileId]), status: NOT_FOUND },
      {
        why: "B's profile into A's list",
        params: { id: a.listId },
        body: linkage([t.profileId]),
        status: NOT_FOUND,
      },
    ],
  },
  "DELETE app/api/lists/[id]/relationships/profiles/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t, a) => [
      { why: "from B's list", params: { id: t.listId }, body: linkage([t.profileId]), status: NOT_FOUND },
      {
        // Removing a profile that is not a member is a no-op 204 (as Klaviyo); B is checked unchanged.
        why: "B's profile from A's list",
        params: { id: a.listId },
        body: linkage([t.profileId]),
        status: [204],
      },
    ],
  },
  "GET app/api/lists/[id]/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's list", params: { id: t.listId }, status: NOT_FOUND }],
  },
  "GET app/api/lists/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [
      { why: "filtered on B's list id", query: { filter: `equals(id,"${t.listId}")` }, status: [200] },
    ],
  },
  "POST app/api/lists/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: () => [
      {
        why: "a list of A's own",
        body: json({ data: { type: "list", attributes: { name: "Mine" } } }),
        status: [201],
      },
    ],
  },
  "GET app/api/metrics/[id]/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's metric", params: { id: t.metricId }, status: NOT_FOUND }],
  },
  "GET app/api/metrics/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: () => [{ why: "A's metrics", status: [200] }],
  },
  "POST app/api/profile-import/route.ts": {
    auth: "api-key",
    scope: "ingest",
    cross: (t) => [
      {
        why: "B's profile id with a new email",
        body: json({ data: { type: "profile", id: t.profileId, attributes: { email: "new@example.com" } } }),
        status: NOT_FOUND,
      },
    ],
  },
  "GET app/api/profiles/[id]/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [{ why: "B's profile", params: { id: t.profileId }, status: NOT_FOUND }],
  },
  "GET app/api/profiles/route.ts": {
    auth: "api-key",
    scope: "full",
    cross: (t) => [
      { why: "filtered on B's email", query: { filter: `equals(email,"${t.email}")` }, status: [200] },
      { why: "filtered on B's id", query: { filter: `equals(id,"${t.profileId}")` }, status: [200] },
    ],
  },
};
