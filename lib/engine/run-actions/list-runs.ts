import { PROFILE_SUMMARY_SELECT } from "@/lib/audience/profile-summary";
import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";
import type { TRunStatus } from "./run-action-schemas";

export const RUNS_PAGE_MAX = 200;

export type TRunCursor = { startedAt: Date; id: string };

/** Opaque keyset cursor: (started_at, id) of the last run of the previous page. */
export function encodeRunCursor(cursor: TRunCursor): string {
  return Buffer.from(`${cursor.startedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeRunCursor(raw: string): TRunCursor {
  const [time, id] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const startedAt = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(startedAt.getTime()))
    throw invalid("The page cursor is not valid", "cursor");
  return { startedAt, id };
}

/**
 * A flow's runs, newest first, keyset-paginated on (started_at, id) — index
 * runs(workspace_id, flow_id, started_at desc) — with each run's profile and version number.
 * `from`/`to` bound the start time (from inclusive, to exclusive).
 */
export async function listRuns(
  options: {
    workspaceId: string;
    flowId: string;
    status?: TRunStatus;
    from?: Date;
    to?: Date;
    cursor?: TRunCursor;
    pageSize: number;
  },
  db: Db = prisma,
) {
  const pageSize = Math.min(Math.max(options.pageSize, 1), RUNS_PAGE_MAX);
  const where: Prisma.RunWhereInput[] = [{ workspaceId: options.workspaceId, flowId: options.flowId }];
  if (options.status) where.push({ status: options.status });
  if (options.from) where.push({ startedAt: { gte: options.from } });
  if (options.to) where.push({ startedAt: { lt: options.to } });
  if (options.cursor) {
    where.push({
      OR: [
        { startedAt: { lt: options.cursor.startedAt } },
        { startedAt: options.cursor.startedAt, id: { lt: options.cursor.id } },
      ],
    });
  }
  const rows = await db.run.findMany({
    where: { AND: where },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    include: {
      profile: { select: PROFILE_SUMMARY_SELECT },
      flowVersion: { select: { number: true } },
    },
  });
  const hasMore = rows.length > pageSize;
  const runs = hasMore ? rows.slice(0, pageSize) : rows;
  const last = runs.at(-1);
  return {
    runs: runs.map(({ flowVersion, ...run }) => ({
      ...run,
      versionNumber: flowVersion.number,
      profile: { ...run.profile, label: profileLabel(run.profile) },
    })),
    nextCursor: hasMore && last ? encodeRunCursor({ startedAt: last.startedAt, id: last.id }) : null,
  };
}

export function profileLabel(profile: {
  id: string;
  email: string | null;
  phoneNumber: string | null;
  externalId: string | null;
}): string {
  return profile.email ?? profile.phoneNumber ?? profile.externalId ?? `Profile ${profile.id.slice(-8)}`;
}
