import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

export const ZCreateListDocument = z.object({
  data: z
    .object({
      type: z.literal("list"),
      attributes: z
        .object({
          name: z.string().trim().min(1, "A list needs a name").max(255),
          // Hookflow sends no email, so it has nothing to double-opt-in with: only the default.
          opt_in_process: z
            .literal("single_opt_in", {
              error: "Only single_opt_in is supported (Hookflow sends no confirmation emails)",
            })
            .nullable()
            .optional(),
        })
        .strict(),
    })
    .strict(),
});

export async function createList(options: { workspaceId: string; document: unknown }, db: Db = prisma) {
  const document = ZCreateListDocument.parse(options.document);
  return db.list.create({ data: { workspaceId: options.workspaceId, name: document.data.attributes.name } });
}

export async function getListOrThrow(options: { workspaceId: string; listId: string }, db: Db = prisma) {
  const list = isUuid(options.listId)
    ? await db.list.findFirst({ where: { id: options.listId, workspaceId: options.workspaceId } })
    : null;
  if (!list) throw notFound(`List ${options.listId}`);
  return list;
}

/** Lists of a workspace in creation order (uuidv7 ids), keyset-paginated on id. */
export async function listLists(
  options: { workspaceId: string; ids?: string[]; names?: string[]; afterId?: string; pageSize: number },
  db: Db = prisma,
) {
  const where: Prisma.ListWhereInput[] = [{ workspaceId: options.workspaceId }];
  if (options.ids) where.push({ id: { in: options.ids.filter(isUuid) } });
  if (options.names) where.push({ name: { in: options.names } });
  if (options.afterId) where.push({ id: { gt: options.afterId } });
  const rows = await db.list.findMany({
    where: { AND: where },
    orderBy: { id: "asc" },
    take: options.pageSize + 1,
  });
  const hasMore = rows.length > options.pageSize;
  const lists = hasMore ? rows.slice(0, options.pageSize) : rows;
  return { lists, nextAfterId: hasMore ? (lists.at(-1)?.id ?? null) : null };
}
