import { randomBytes } from "node:crypto";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { prisma } from "@/lib/db/prisma";
import { createWorkspace } from "@/lib/workspaces/create-workspace";

// Test support for the Klaviyo-compatible API (used by *.test.ts only): a workspace with one key
// of each kind, and Requests shaped like the ones klaviyo-api sends.

export type TApiFixture = {
  workspaceId: string;
  fullKey: string;
  ingestKey: string;
  revokedKey: string;
};

export async function createApiFixture(name = "Acme"): Promise<TApiFixture> {
  const suffix = randomBytes(4).toString("hex");
  const owner = await prisma.user.create({
    data: { email: `owner-${suffix}@example.com`, name: "Owner", passwordHash: "not-a-real-hash" },
  });
  const workspace = await createWorkspace({ name: `${name} ${suffix}`, owner }, prisma);
  const key = (keyName: string, scope: "full" | "ingest") =>
    createApiKey(
      { workspaceId: workspace.id, createdById: owner.id, input: { name: keyName, scope } },
      prisma,
    );
  const full = await key("full", "full");
  const ingest = await key("ingest", "ingest");
  const revoked = await key("revoked", "full");
  await revokeApiKey({ workspaceId: workspace.id, apiKeyId: revoked.id }, prisma);
  return { workspaceId: workspace.id, fullKey: full.key, ingestKey: ingest.key, revokedKey: revoked.key };
}

export const TEST_ORIGIN = "http://hookflow.test";

export function apiRequest(
  path: string,
  options: {
    key?: string | null;
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Request {
  const headers: Record<string, string> = {
    revision: "2026-07-15",
    accept: "application/vnd.api+json",
    ...options.headers,
  };
  if (options.key) headers.authorization = `Klaviyo-API-Key ${options.key}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] ??= "application/vnd.api+json";
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
}

type THandler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler the way Next does (params is a Promise in Next 16). */
export function callRoute<P>(handler: THandler<P>, request: Request, params?: P): Promise<Response> {
  return handler(request, { params: Promise.resolve((params ?? {}) as P) });
}

/** A Create Event document as klaviyo-api serialises it. */
export function eventDocument(options: {
  metric: string;
  profile: Record<string, unknown>;
  profileId?: string;
  properties?: Record<string, unknown>;
  uniqueId?: string;
  time?: string;
  value?: number;
  valueCurrency?: string;
}) {
  return {
    data: {
      type: "event",
      attributes: {
        properties: options.properties ?? {},
        ...(options.time ? { time: options.time } : {}),
        ...(options.value !== undefined ? { value: options.value } : {}),
        ...(options.valueCurrency ? { value_currency: options.valueCurrency } : {}),
        ...(options.uniqueId ? { unique_id: options.uniqueId } : {}),
        metric: { data: { type: "metric", attributes: { name: options.metric } } },
        profile: {
          data: {
            type: "profile",
            ...(options.profileId ? { id: options.profileId } : {}),
            attributes: options.profile,
          },
        },
      },
    },
  };
}
