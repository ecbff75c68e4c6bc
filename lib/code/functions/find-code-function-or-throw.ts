import { type Db, prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids/uuid-v7";

// Lookups by id are scoped to the caller's workspace: another workspace's function is "not
// found", never "forbidden" (its existence is not revealed).

export async function findCodeFunctionOrThrow(
  options: { workspaceId: string; functionId: string },
  db: Db = prisma,
) {
  const found = isUuid(options.functionId)
    ? await db.codeFunction.findFirst({ where: { id: options.functionId, workspaceId: options.workspaceId } })
    : null;
  if (!found) throw notFound("Code function");
  return found;
}

export async function findCodeVersionOrThrow(
  options: { workspaceId: string; functionId: string; versionId: string },
  db: Db = prisma,
) {
  const version = isUuid(options.versionId)
    ? await db.codeFunctionVersion.findFirst({
        where: { id: options.versionId, functionId: options.functionId, workspaceId: options.workspaceId },
      })
    : null;
  if (!version) throw notFound("Version");
  return version;
}
