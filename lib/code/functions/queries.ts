import { listCodeSecrets, type TMaskedSecret } from "@/lib/code/functions/code-secrets";
import {
  findCodeFunctionOrThrow,
  findCodeVersionOrThrow,
} from "@/lib/code/functions/find-code-function-or-throw";
import { isForbiddenCodeTopic } from "@/lib/code/functions/set-code-topics";
import { readCodeSettings, type TCodeFunctionSettings } from "@/lib/code/functions/settings-schema";
import type { TCodeLanguage } from "@/lib/code/runtime/types";
import { prisma } from "@/lib/db/prisma";
import { invalid, notFound } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";

// The Code page's reads. Every query has the workspace in its where; ids from another workspace
// are "not found".

export type TCodeFunctionSummary = {
  id: string;
  name: string;
  language: TCodeLanguage;
  status: "draft" | "deployed";
  deployedVersionNumber: number | null;
  topics: { metricId: string; name: string }[];
  lastRunAt: Date | null;
  lastRunStatus: string | null;
  invocations24h: number;
  errors24h: number;
  /** errors24h / invocations24h, null when it did not run in 24 h. */
  errorRate24h: number | null;
  updatedAt: Date;
};

/** Every function of the workspace with its topics and the last day's figures (by name). */
export async function listCodeFunctions(
  options: { workspaceId: string; now?: Date },
  db: PrismaClient = prisma,
): Promise<TCodeFunctionSummary[]> {
  const since = new Date((options.now ?? new Date()).getTime() - 86_400_000);
  const rows = await db.codeFunction.findMany({
    where: { workspaceId: options.workspaceId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    include: {
      deployedVersion: { select: { number: true } },
      topics: { include: { metric: { select: { id: true, name: true } } } },
    },
  });
  if (rows.length === 0) return [];
  // Per function: the last invocation (index function_id, created_at desc) and a 24 h count.
  const stats = await db.$queryRaw<
    { function_id: string; last_at: Date | null; last_status: string | null; total: number; errors: number }[]
  >`
    select f.id as function_id, last.created_at as last_at, last.status::text as last_status,
           coalesce(day.total, 0)::int as total, coalesce(day.errors, 0)::int as errors
    from code_functions f
    left join lateral (
      select created_at, status from code_invocations i
      where i.function_id = f.id and not i.is_test order by created_at desc, id desc limit 1
    ) last on true
    left join lateral (
      select count(*) as total, count(*) filter (where status <> 'ok') as errors from code_invocations i
      where i.function_id = f.id and not i.is_test and i.created_at >= ${since}
    ) day on true
    where f.workspace_id = ${options.workspaceId}::uuid`;
  const byFunction = new Map(stats.map((row) => [row.function_id, row]));
  return rows.map((row) => {
    const stat = byFunction.get(row.id);
    const total = stat?.total ?? 0;
    const errors = stat?.errors ?? 0;
    return {
      id: row.id,
      name: row.name,
      language: row.language,
      status: row.status,
      deployedVersionNumber: row.deployedVersion?.number ?? null,
      topics: row.topics
        .map((topic) => ({ metricId: topic.metric.id, name: topic.metric.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      lastRunAt: stat?.last_at ?? null,
      lastRunStatus: stat?.last_status ?? null,
      invocations24h: total,
      errors24h: errors,
      errorRate24h: total === 0 ? null : errors / total,
      updatedAt: row.updatedAt,
    };
  });
}

export type TCodeFunctionDetail = {
  id: string;
  name: string;
  language: TCodeLanguage;
  status: "draft" | "deployed";
  draftSource: string;
  settings: TCodeFunctionSettings;
  deployedVersion: { id: string; number: number; deployedAt: Date | null } | null;
  /** The saved draft differs from the deployed version (source or settings). */
  hasUndeployedChanges: boolean;
  versions: {
    id: string;
    number: number;
    createdAt: Date;
    createdById: string | null;
    isDeployed: boolean;
  }[];
  topics: { metricId: string; name: string }[];
  secrets: TMaskedSecret[];
  createdAt: Date;
  updatedAt: Date;
};

/** One function for the editor: draft, settings, versions (newest first), topics, masked variables. */
export async function getCodeFunction(
  options: { workspaceId: string; functionId: string },
  db: PrismaClient = prisma,
): Promise<TCodeFunctionDetail> {
  const row = await findCodeFunctionOrThrow(options, db);
  const [versions, topics, secrets, deployed] = await Promise.all([
    db.codeFunctionVersion.findMany({
      where: { functionId: row.id, workspaceId: options.workspaceId },
      orderBy: { number: "desc" },
      select: { id: true, number: true, createdAt: true, createdById: true },
    }),
    db.codeFunctionTopic.findMany({
      where: { functionId: row.id },
      include: { metric: { select: { id: true, name: true } } },
    }),
    listCodeSecrets(options, db),
    row.deployedVersionId
      ? db.codeFunctionVersion.findUnique({ where: { id: row.deployedVersionId } })
      : Promise.resolve(null),
  ]);
  const settings = readCodeSettings(row.settings);
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    status: row.status,
    draftSource: row.draftSource,
    settings,
    deployedVersion: deployed
      ? { id: deployed.id, number: deployed.number, deployedAt: row.deployedAt }
      : null,
    hasUndeployedChanges:
      !deployed ||
      deployed.source !== row.draftSource ||
      JSON.stringify(readCodeSettings(deployed.settings)) !== JSON.stringify(settings),
    versions: versions.map((version) => ({ ...version, isDeployed: version.id === row.deployedVersionId })),
    topics: topics
      .map((topic) => ({ metricId: topic.metric.id, name: topic.metric.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    secrets,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A previous version's source and settings (read-only view before redeploying). */
export async function getCodeVersion(
  options: { workspaceId: string; functionId: string; versionId: string },
  db: PrismaClient = prisma,
) {
  const version = await findCodeVersionOrThrow(options, db);
  return {
    id: version.id,
    number: version.number,
    source: version.source,
    settings: readCodeSettings(version.settings),
    createdAt: version.createdAt,
    createdById: version.createdById,
  };
}

export type TTopicChoice = {
  metricId: string;
  name: string;
  isMessageMetric: boolean;
  refusal: string | null;
};

/** The metrics a function may subscribe to, with the seed's refusal on Opened/Received Email. */
export async function listTopicChoices(
  options: { workspaceId: string },
  db: PrismaClient = prisma,
): Promise<TTopicChoice[]> {
  const metrics = await db.metric.findMany({
    where: { workspaceId: options.workspaceId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, isMessageMetric: true },
  });
  return metrics.map((metric) => ({
    metricId: metric.id,
    name: metric.name,
    isMessageMetric: metric.isMessageMetric,
    refusal: isForbiddenCodeTopic(metric.name)
      ? "Code functions cannot be triggered by Opened Email or Received Email"
      : null,
  }));
}

export type TRecentTopicEvent = {
  id: string;
  metricName: string;
  profileId: string;
  profileEmail: string | null;
  time: Date;
  properties: unknown;
};

/** The 10 most recent events of the function's subscribed metrics (the Test tab's choices). */
export async function listRecentTopicEvents(
  options: { workspaceId: string; functionId: string; limit?: number },
  db: PrismaClient = prisma,
): Promise<TRecentTopicEvent[]> {
  await findCodeFunctionOrThrow(options, db);
  const limit = Math.min(options.limit ?? 10, 50);
  // One backward scan of events(metric_id, time, id) per topic, merged.
  const rows = await db.$queryRaw<
    {
      id: string;
      metric_name: string;
      profile_id: string;
      email: string | null;
      time: Date;
      properties: unknown;
    }[]
  >`
    select e.id, m.name as metric_name, e.profile_id, p.email, e.time, e.properties
    from code_function_topics t
    join metrics m on m.id = t.metric_id
    cross join lateral (
      select * from events e where e.metric_id = t.metric_id and e.workspace_id = ${options.workspaceId}::uuid
      order by e.time desc, e.id desc limit ${limit}
    ) e
    join profiles p on p.id = e.profile_id
    where t.function_id = ${options.functionId}::uuid
    order by e.time desc, e.id desc limit ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    metricName: row.metric_name,
    profileId: row.profile_id,
    profileEmail: row.email,
    time: row.time,
    properties: row.properties,
  }));
}

export type TInvocationSummary = {
  id: string;
  status: string;
  trigger: string;
  isTest: boolean;
  isDryRun: boolean;
  versionNumber: number | null;
  runId: string | null;
  stepId: string | null;
  profileId: string | null;
  triggerEventId: string | null;
  metricName: string | null;
  attempt: number;
  durationMs: number;
  errorMessage: string | null;
  createdAt: Date;
};

type TInvocationCursor = { createdAt: Date; id: string };

export function encodeInvocationCursor(cursor: TInvocationCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeInvocationCursor(raw: string): TInvocationCursor {
  const [time, id] = Buffer.from(raw, "base64url").toString().split("|");
  const createdAt = new Date(time ?? "");
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime()))
    throw invalid("The page cursor is not valid", "cursor");
  return { createdAt, id };
}

/** The Logs tab: invocations newest first, keyset-paginated on (created_at, id). */
export async function listInvocations(
  options: { workspaceId: string; functionId: string; cursor?: string | null; pageSize?: number },
  db: PrismaClient = prisma,
): Promise<{ invocations: TInvocationSummary[]; nextCursor: string | null }> {
  await findCodeFunctionOrThrow(options, db);
  const pageSize = options.pageSize ?? 50;
  const cursor = options.cursor ? decodeInvocationCursor(options.cursor) : null;
  const rows = await db.codeInvocation.findMany({
    where: {
      workspaceId: options.workspaceId,
      functionId: options.functionId,
      ...(cursor
        ? {
            OR: [
              { createdAt: { lt: cursor.createdAt } },
              { createdAt: cursor.createdAt, id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: {
      id: true,
      status: true,
      trigger: true,
      isTest: true,
      isDryRun: true,
      version: { select: { number: true } },
      runId: true,
      stepId: true,
      profileId: true,
      triggerEventId: true,
      metricName: true,
      attempt: true,
      durationMs: true,
      error: true,
      createdAt: true,
    },
  });
  const hasMore = rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const last = page.at(-1);
  return {
    invocations: page.map(({ version, error, ...row }) => ({
      ...row,
      versionNumber: version?.number ?? null,
      errorMessage: (error as { message?: string } | null)?.message ?? null,
    })),
    nextCursor: hasMore && last ? encodeInvocationCursor(last) : null,
  };
}

/** One invocation in full: logs, error with stack, fetches, SDK calls, return value, outputs. */
export async function getInvocation(
  options: { workspaceId: string; invocationId: string },
  db: PrismaClient = prisma,
) {
  const row = isUuid(options.invocationId)
    ? await db.codeInvocation.findFirst({
        where: { id: options.invocationId, workspaceId: options.workspaceId },
        include: { version: { select: { number: true } }, function: { select: { name: true } } },
      })
    : null;
  if (!row) throw notFound("Invocation");
  const { version, function: owner, ...invocation } = row;
  return { ...invocation, versionNumber: version?.number ?? null, functionName: owner.name };
}
