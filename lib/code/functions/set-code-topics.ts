import { findCodeFunctionOrThrow } from "@/lib/code/functions/find-code-function-or-throw";
import { prisma } from "@/lib/db/prisma";
import { invalid } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/ids/uuid-v7";
import { CODE_FORBIDDEN_METRICS } from "@/lib/metrics/message-metrics";

/** The seed's rule, in the words the editor and the server both show. */
export function forbiddenTopicMessage(metricName: string): string {
  return `"${metricName}" cannot trigger a code function: code functions may subscribe to any metric, message metrics included, except Opened Email and Received Email (use an event webhook to send those elsewhere)`;
}

export function isForbiddenCodeTopic(metricName: string): boolean {
  return CODE_FORBIDDEN_METRICS.includes(metricName);
}

/**
 * Replaces the function's topics (the metrics whose events invoke it once deployed). Every id
 * must be a metric of the workspace; Opened Email and Received Email are refused (seed rule).
 */
export async function setCodeTopics(
  options: { workspaceId: string; functionId: string; metricIds: readonly string[] },
  db: PrismaClient = prisma,
) {
  await findCodeFunctionOrThrow(options, db);
  const ids = [...new Set(options.metricIds)];
  const metrics = await db.metric.findMany({
    where: { id: { in: ids.filter(isUuid) }, workspaceId: options.workspaceId },
    select: { id: true, name: true },
  });
  const missing = ids.filter((id) => !metrics.some((metric) => metric.id === id));
  if (missing.length > 0)
    throw invalid(`topics: no metric ${missing.join(", ")} in this workspace`, "topics");
  const forbidden = metrics.find((metric) => isForbiddenCodeTopic(metric.name));
  if (forbidden) throw invalid(forbiddenTopicMessage(forbidden.name), "topics");
  await db.$transaction([
    db.codeFunctionTopic.deleteMany({ where: { functionId: options.functionId } }),
    db.codeFunctionTopic.createMany({
      data: metrics.map((metric) => ({ functionId: options.functionId, metricId: metric.id })),
    }),
  ]);
  return metrics.sort((a, b) => a.name.localeCompare(b.name));
}
