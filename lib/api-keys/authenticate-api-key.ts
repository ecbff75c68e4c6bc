import { hashApiKey } from "@/lib/api-keys/key-material";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { moduleLog } from "@/lib/log";

export type TApiPrincipal = { apiKeyId: string; workspaceId: string; scope: ApiKeyScope };

// A key lookup per request would be one more query per event at thousands of events/s, so
// verified keys are cached briefly. Revocation is immediate in the revoking process and reaches
// other processes within CACHE_TTL_MS (documented in docs/decisions.md).
const CACHE_TTL_MS = 5_000;
// last_used_at is written at most once a minute per key per process: a write per request would
// double the ingestion's write load for a value shown to the minute.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

type CacheEntry = { principal: TApiPrincipal | null; expiresAt: number };
// On globalThis: Next bundles route handlers and server actions separately, each with its own copy
// of this module; one shared map makes a revocation in a server action reach /api/* at once.
const shared = globalThis as unknown as {
  hookflowApiKeyCache?: Map<string, CacheEntry>;
  hookflowApiKeyUse?: Map<string, number>;
};
shared.hookflowApiKeyCache ??= new Map();
shared.hookflowApiKeyUse ??= new Map();
const cache = shared.hookflowApiKeyCache;
const lastUsedWrites = shared.hookflowApiKeyUse;

/** Klaviyo's `Authorization: Klaviyo-API-Key <key>`, and `Bearer <key>`. */
export function readApiKey(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^(?:Klaviyo-API-Key|Bearer)\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}

export async function authenticateApiKey(
  authorization: string | null,
  options: { needs: ApiKeyScope; now?: number },
): Promise<TApiPrincipal> {
  const key = readApiKey(authorization);
  if (!key) {
    throw new HookflowError(
      "unauthenticated",
      "Missing API key: send the header `Authorization: Klaviyo-API-Key <your private key>`",
    );
  }
  const now = options.now ?? Date.now();
  const keyHash = hashApiKey(key);
  let entry = cache.get(keyHash);
  if (!entry || entry.expiresAt < now) {
    const row = await prisma.apiKey.findUnique({
      where: { keyHash },
      select: { id: true, workspaceId: true, scope: true, revokedAt: true },
    });
    const principal =
      row && !row.revokedAt ? { apiKeyId: row.id, workspaceId: row.workspaceId, scope: row.scope } : null;
    entry = { principal, expiresAt: now + CACHE_TTL_MS };
    cache.set(keyHash, entry);
  }
  if (!entry.principal) throw new HookflowError("unauthenticated", "Invalid or revoked API key");
  if (options.needs === "full" && entry.principal.scope !== "full") {
    throw new HookflowError("forbidden", "This API key may only send events and profiles (ingest scope)");
  }
  recordUse(entry.principal.apiKeyId, now);
  return entry.principal;
}

export function forgetApiKey(keyHash: string): void {
  cache.delete(keyHash);
}

function recordUse(apiKeyId: string, now: number): void {
  const last = lastUsedWrites.get(apiKeyId) ?? 0;
  if (now - last < LAST_USED_WRITE_INTERVAL_MS) return;
  lastUsedWrites.set(apiKeyId, now);
  prisma.apiKey
    .update({ where: { id: apiKeyId }, data: { lastUsedAt: new Date(now) } })
    .catch((error: unknown) =>
      moduleLog("api-keys").warn({ err: error, apiKeyId }, "could not record last use"),
    );
}
