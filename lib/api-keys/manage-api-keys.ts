import { z } from "zod";
import { forgetApiKey } from "@/lib/api-keys/authenticate-api-key";
import { generateApiKey } from "@/lib/api-keys/key-material";
import type { Db } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scope: z.enum(["full", "ingest"]),
});

/** Returns the key in clear exactly once; only its hash is stored. */
export async function createApiKey(
  options: { workspaceId: string; createdById: string | null; input: z.infer<typeof ZCreateApiKey> },
  db: Db,
) {
  const { key, prefix, keyHash } = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      workspaceId: options.workspaceId,
      name: options.input.name,
      scope: options.input.scope,
      prefix,
      keyHash,
      createdById: options.createdById,
    },
    select: { id: true, name: true, prefix: true, scope: true, createdAt: true },
  });
  return { ...row, key };
}

export async function revokeApiKey(options: { workspaceId: string; apiKeyId: string }, db: Db) {
  const row = await db.apiKey.findFirst({
    where: { id: options.apiKeyId, workspaceId: options.workspaceId },
  });
  if (!row) throw notFound("API key");
  await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: row.revokedAt ?? new Date() } });
  forgetApiKey(row.keyHash);
}

export function listApiKeys(options: { workspaceId: string }, db: Db) {
  return db.apiKey.findMany({
    where: { workspaceId: options.workspaceId },
    select: {
      id: true,
      name: true,
      prefix: true,
      scope: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
    orderBy: { createdAt: "desc" },
  });
}
