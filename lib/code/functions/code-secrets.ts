import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import { MAX_SECRETS_BYTES } from "@/lib/code/functions/schemas";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { prisma } from "@/lib/db/prisma";
import { HookflowError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TPgTx } from "@/lib/ingestion/pg-transaction";

// A function's environment variables: secrets rows with function_id set, sealed with the app key
// (AES-256-GCM, lib/crypto). Write-only after saving: the page lists names and a masked hint,
// never values; only an invocation decrypts them, into `context.env`.

export type TMaskedSecret = { name: string; masked: string; updatedAt: Date };

const MASK = "••••••••";

/** Sets (creates or replaces) one variable; refused past 64 KiB of names + values per function. */
export async function setCodeSecret(
  options: { workspaceId: string; functionId: string; name: string; value: string },
  db: PrismaClient = prisma,
): Promise<TMaskedSecret> {
  await findCodeFunctionOrThrow(options, db);
  return db.$transaction(async (tx) => {
    // Serialises concurrent writes of one function's variables, so the cap cannot be raced past.
    await tx.$queryRaw`select id from code_functions where id = ${options.functionId}::uuid for update`;
    const others = await tx.secret.findMany({
      where: {
        workspaceId: options.workspaceId,
        functionId: options.functionId,
        name: { not: options.name },
      },
      select: { name: true, ciphertext: true },
    });
    const total =
      others.reduce(
        (sum, row) => sum + Buffer.byteLength(row.name) + Buffer.byteLength(openSecret(row.ciphertext)),
        0,
      ) +
      Buffer.byteLength(options.name) +
      Buffer.byteLength(options.value);
    if (total > MAX_SECRETS_BYTES) {
      throw new HookflowError(
        "too_large",
        `Environment variables are limited to 64 KiB per function (names and values); this would make ${Math.ceil(total / 1024)} KiB`,
        { pointer: "value" },
      );
    }
    const ciphertext = sealSecret(options.value);
    const existing = await tx.secret.findFirst({
      where: { workspaceId: options.workspaceId, functionId: options.functionId, name: options.name },
      select: { id: true },
    });
    const saved = existing
      ? await tx.secret.update({ where: { id: existing.id }, data: { ciphertext } })
      : await tx.secret.create({
          data: {
            workspaceId: options.workspaceId,
            functionId: options.functionId,
            name: options.name,
            ciphertext,
          },
        });
    return { name: saved.name, masked: MASK, updatedAt: saved.updatedAt };
  });
}

export async function deleteCodeSecret(
  options: { workspaceId: string; functionId: string; name: string },
  db: PrismaClient = prisma,
): Promise<{ deleted: boolean }> {
  await findCodeFunctionOrThrow(options, db);
  const result = await db.secret.deleteMany({
    where: { workspaceId: options.workspaceId, functionId: options.functionId, name: options.name },
  });
  return { deleted: result.count > 0 };
}

/** Names with a mask that shows only the length class, never characters of the value. */
export async function listCodeSecrets(
  options: { workspaceId: string; functionId: string },
  db: PrismaClient = prisma,
): Promise<TMaskedSecret[]> {
  const rows = await db.secret.findMany({
    where: { workspaceId: options.workspaceId, functionId: options.functionId },
    orderBy: { name: "asc" },
    select: { name: true, updatedAt: true },
  });
  return rows.map((row) => ({ name: row.name, masked: MASK, updatedAt: row.updatedAt }));
}

/** Decrypted, for one invocation's `context.env` only. Never log or store the result. */
export async function loadCodeSecrets(
  db: TPgTx,
  options: { workspaceId: string; functionId: string },
): Promise<Record<string, string>> {
  const rows = await db.query<{ name: string; ciphertext: string }>(
    "select name, ciphertext from secrets where workspace_id = $1 and function_id = $2",
    [options.workspaceId, options.functionId],
  );
  return openCodeSecrets(rows.rows);
}

/** Decrypts a function's secrets rows (read with its function: invoke-function.ts). */
export function openCodeSecrets(
  rows: readonly { name: string; ciphertext: string }[],
): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  for (const row of rows) env[row.name] = openSecret(row.ciphertext);
  return env;
}
