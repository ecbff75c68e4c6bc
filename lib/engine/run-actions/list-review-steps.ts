import type { Db } from "@/lib/db/prisma";
import { prisma } from "@/lib/db/prisma";
import { profileLabel } from "./list-runs";

/**
 * The flow's "needs review" queue: steps a manual flow holds before an action, oldest first, with
 * their run and profile, and how many there are in all.
 */
export async function listReviewSteps(
  options: { workspaceId: string; flowId: string; limit: number },
  db: Db = prisma,
) {
  const where = {
    workspaceId: options.workspaceId,
    status: "waiting" as const,
    waitingReason: "review",
    run: { flowId: options.flowId, workspaceId: options.workspaceId },
  };
  const [steps, total] = await Promise.all([
    db.step.findMany({
      where,
      orderBy: { id: "asc" },
      take: options.limit,
      select: {
        id: true,
        nodeId: true,
        nodeType: true,
        scheduledFor: true,
        run: {
          select: {
            id: true,
            startedAt: true,
            isTest: true,
            profile: { select: { id: true, email: true, phoneNumber: true, externalId: true } },
          },
        },
      },
    }),
    db.step.count({ where }),
  ]);
  return {
    steps: steps.map((step) => ({
      ...step,
      run: { ...step.run, profile: { ...step.run.profile, label: profileLabel(step.run.profile) } },
    })),
    total,
  };
}
